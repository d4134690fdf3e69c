import { MODEL_REGIONALS, MODEL_SUMMIT, replay } from './support/fixtures';
import { MailSink, startMailSink } from './support/mail-sink';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

const SECRETARIAT = { name: 'Conference Secretariat, UN Office of Counter-Terrorism', email: 'ct-conferences@example.org', phone: '+1 212 963 1234' };

/** PATCH /api/series/:id: the name and the secretariat change, with the answers the create gives for bad fields. */
describe('editing a series', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let series: any;

  beforeAll(async () => {
    sink = await startMailSink();
    env = await createTestEnvironment({ SMTP_URL: sink.url });
    ({ api } = await env.startHttp());
    await api.post('/api/admin/clock', { to: replay('2019-08-01T08:00:00Z') });
    series = (await api.post('/api/series', { name: 'Edited series', secretariat: SECRETARIAT, summit: MODEL_SUMMIT })).body;
  });

  afterAll(async () => {
    await env?.teardown();
    await sink?.close();
  });

  it('changes the name and keeps the secretariat, at the clock time', async () => {
    await api.post('/api/admin/clock', { advance: 'PT2H' });
    const changed = await api.patch(`/api/series/${series.id}`, { name: 'Countering terrorism with new technologies' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: series.id, name: 'Countering terrorism with new technologies', secretariat: SECRETARIAT, createdAt: series.createdAt, updatedAt: replay('2019-08-01T10:00:00.000Z') });
    expect(changed.body.summit.id).toBe(series.summit.id);
    const read = await api.get(`/api/series/${series.id}`);
    expect(read.body.name).toBe('Countering terrorism with new technologies');
    expect((await api.get('/api/series')).body.items.find((s: any) => s.id === series.id).name).toBe('Countering terrorism with new technologies');
  });

  it('replaces the secretariat, whose new address is the Reply-To of the mail sent after it', async () => {
    const { body: minsk } = await api.post(`/api/series/${series.id}/conferences`, MODEL_REGIONALS[0]);
    const invite = async (email: string) => {
      const { body: contact } = await api.post('/api/contacts', { email, fullName: email.split('@')[0], stakeholderType: 'member_state', country: 'BY' });
      const { body: wave } = await api.post(`/api/conferences/${minsk.id}/waves`, { name: email, audience: { contactIds: [contact.id] } });
      expect((await api.post(`/api/waves/${wave.id}/dispatch`, {})).status).toBe(202);
      return waitFor(() => sink.messagesTo(email)[0], `the invitation to ${email}`);
    };
    expect((await invite('a.ivanova@mfa.gov.by')).replyTo?.value).toEqual([{ name: SECRETARIAT.name, address: SECRETARIAT.email }]);

    const changed = await api.patch(`/api/series/${series.id}`, { secretariat: { name: ' Desk of the Summit ', email: 'summit-desk@example.org' } });
    expect(changed.status).toBe(200);
    // The whole contact is replaced: a phone left out is gone.
    expect(changed.body.secretariat).toEqual({ name: 'Desk of the Summit', email: 'summit-desk@example.org', phone: null });
    expect((await invite('j.novak@mzv.cz')).replyTo?.value).toEqual([{ name: 'Desk of the Summit', address: 'summit-desk@example.org' }]);

    const removed = await api.patch(`/api/series/${series.id}`, { secretariat: null });
    expect(removed.status).toBe(200);
    expect(removed.body.secretariat).toBeNull();
  });

  it('refuses bad and unknown fields as the create does, naming each, and changes nothing', async () => {
    const before = (await api.get(`/api/series/${series.id}`)).body;
    const bad = await api.patch(`/api/series/${series.id}`, { name: '', secretariat: { name: 'Desk', email: 'not an address', phone: 'call us' } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(
      expect.arrayContaining([
        { field: 'name', problems: [expect.stringMatching(/name must be longer than or equal to 1 characters/)] },
        { field: 'secretariat.email', problems: ['secretariat.email must be an e-mail address'] },
        { field: 'secretariat.phone', problems: ['secretariat.phone must be a telephone number such as +1 212 963 1234'] },
      ]),
    );
    const created = await api.post('/api/series', { name: 'x', secretariat: { name: 'Desk', email: 'not an address' }, summit: MODEL_SUMMIT });
    expect(created.body.fields).toContainEqual({ field: 'secretariat.email', problems: ['secretariat.email must be an e-mail address'] });

    const incomplete = await api.patch(`/api/series/${series.id}`, { secretariat: { name: 'Desk' } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.fields).toContainEqual({ field: 'secretariat.email', problems: ['is required'] });

    const nullName = await api.patch(`/api/series/${series.id}`, { name: null });
    expect(nullName.status).toBe(400);
    expect(nullName.body.message).toBe('name: may not be null; give a value, or leave the field out');

    const unknown = await api.patch(`/api/series/${series.id}`, { name: 'Renamed', summit: { city: 'Geneva' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toContainEqual({ field: 'summit', problems: ['unknown field; remove it'] });

    const empty = await api.patch(`/api/series/${series.id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'nothing_to_change', message: expect.stringContaining('PATCH /api/conferences/<summit id>') });

    expect((await api.get(`/api/series/${series.id}`)).body).toEqual(before);
  });

  it('lets a coordinator change a series, and refuses a viewer with 403', async () => {
    const coordinator = api.as((await api.post('/api/keys', { name: 'series-coordinator', role: 'coordinator' })).body.key);
    expect((await coordinator.patch(`/api/series/${series.id}`, { name: 'By the coordinator' })).status).toBe(200);
    const viewer = api.as((await api.post('/api/keys', { name: 'series-viewer', role: 'viewer' })).body.key);
    const refused = await viewer.patch(`/api/series/${series.id}`, { name: 'By the viewer' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('your key "series-viewer" is viewer');
    expect((await api.get(`/api/series/${series.id}`)).body.name).toBe('By the coordinator');
  });

  it('answers 404 for an unknown series and 400 for an id that is no UUID', async () => {
    const unknown = await api.patch('/api/series/00000000-0000-4000-8000-000000000000', { name: 'Nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('No series with id 00000000-0000-4000-8000-000000000000.');
    const malformed = await api.patch('/api/series/not-an-id', { name: 'Nobody' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/id must be a UUID/);
  });

  it('documents the operation with its examples and refusals', async () => {
    const { body: doc } = await api.get('/docs/openapi.json');
    const operation = doc.paths['/api/series/{id}'].patch;
    expect(operation.summary).toBe("Change a series' name or secretariat");
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '404']);
    expect(operation.responses['200'].content['application/json'].schema.example).toMatchObject({ secretariat: { email: 'ct-conferences@example.org' } });
    const body = doc.components.schemas.UpdateSeriesDto;
    expect(Object.keys(body.properties).sort()).toEqual(['name', 'secretariat']);
    expect(body.required ?? []).toEqual([]);
  });
});
