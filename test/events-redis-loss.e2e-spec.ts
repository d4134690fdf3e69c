import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JobSchedulers } from '../src/platform/messaging/job-schedulers';
import { QUEUES } from '../src/platform/messaging/queue-catalog';
import { deleteRedisKeys } from './support/databases';
import { createModelSeries } from './support/fixtures';
import { MailDeployment, startMailDeployment, waitFor } from './support/test-app';

const PEOPLE = ['amara@example.org', 'bogdan@example.org'];

describe('domain events and one-off mails when Redis loses them', () => {
  let world: MailDeployment;

  beforeAll(async () => {
    // Deferrals and the repair are reported as warnings, expected here.
    world = await startMailDeployment({ env: { LOG_LEVEL: 'error' } });
  });

  afterAll(async () => {
    await world?.teardown();
  });

  it('gives Redis again, from PostgreSQL, an event not yet handled and a mail not yet sent, and sends each confirmation once', async () => {
    const { sink, env, api, app, db, tokens } = world;
    const { regionals } = await createModelSeries(api);
    await api.post('/api/contacts/import', PEOPLE.map((email, i) => ({ email, fullName: `Delegate ${i}`, stakeholderType: 'member_state', country: 'HU' })));
    const wave = await api.post(`/api/conferences/${regionals[0].id}/waves`, { name: 'All', audience: { countries: ['HU'] } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    await waitFor(async () => (await api.get(`/api/waves/${wave.body.id}`)).body.state === 'completed', 'the wave');
    const { rows } = await db.query(`SELECT i.id, c.email FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.wave_id = $1`, [wave.body.id]);
    const tokenOf = (email: string) => tokens.tokenFor(rows.find((r) => r.email === email).id);
    const unhandled = async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE handled_at IS NULL`)).rows[0].n;
    const confirmationsTo = (email: string) => sink.messagesTo(email).filter((m) => /rsvp_confirmation/.test(m.messageId ?? ''));

    // Bogdan's confirmation is queued and deferred by the mail server: only Redis holds its retry.
    sink.refuse(1_000, 451);
    expect((await api.as(null).post(`/rsvp/${tokenOf(PEOPLE[1])}`, { response: 'accept' })).status).toBe(200);
    await waitFor(async () => sink.refused >= 1 && (await unhandled()) === 0, 'the confirmation deferred, its event handled');

    // Amara's answer is published while the consumers are paused: only Redis holds its event.
    await app.get<Queue>(getQueueToken(QUEUES.domainEvents)).pause();
    expect((await api.as(null).post(`/rsvp/${tokenOf(PEOPLE[0])}`, { response: 'accept' })).status).toBe(200);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`)).rows[0].n === 0 && (await unhandled()) > 0, 'the answer published');

    await deleteRedisKeys(env.queuePrefix);
    sink.refuse(0);
    expect(await app.get(JobSchedulers).check()).toBe(true);
    await waitFor(() => confirmationsTo(PEOPLE[0]).length === 1 && confirmationsTo(PEOPLE[1]).length === 1, 'both confirmations');
    await waitFor(async () => (await unhandled()) === 0 && (await db.query(`SELECT count(*)::int AS n FROM mail_requests`)).rows[0].n === 0, 'everything settled');

    // A second loss finds nothing left to give again, and nobody is written to twice.
    await deleteRedisKeys(env.queuePrefix);
    expect(await app.get(JobSchedulers).check()).toBe(true);
    await app.get(JobSchedulers).check();
    for (const email of PEOPLE) expect(confirmationsTo(email)).toHaveLength(1);
    expect(sink.messages.map((m) => m.messageId)).toHaveLength(new Set(sink.messages.map((m) => m.messageId)).size);
  });
});
