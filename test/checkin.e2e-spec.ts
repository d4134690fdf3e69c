import { Client } from 'pg';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { BadgeCodes } from '../src/modules/accreditation/badge-codes';
import { AttendanceReader } from '../src/modules/accreditation';
import { allTasksDone, badgesIssued, inviteAll, uploadCredential } from './support/delegations';
import { createModelSeries } from './support/fixtures';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

describe('check-in at the door', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let door: ApiClient;
  let db: Client;
  let codes: BadgeCodes;
  let tokens: InvitationTokens;
  let abuDhabi: any;
  let seriesId: string;
  let reader: AttendanceReader;
  const invitationOf: Record<string, string> = {};
  const participantOf: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnvironment({ RSVP_RATE_LIMIT: '0' });
    const http = await env.startHttp();
    api = http.api;
    reader = http.app.get(AttendanceReader);
    tokens = new InvitationTokens(env.config());
    codes = new BadgeCodes(env.config());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const model = await createModelSeries(api);
    seriesId = model.series.id;
    abuDhabi = model.regionals.find((c: any) => c.city === 'Abu Dhabi');
    Object.assign(
      invitationOf,
      await inviteAll(api, db, abuDhabi.id, [
        { email: 'mission.uae@example.org', fullName: 'Hamdan Al Mazrouei', honorific: 'H.E. Mr.', stakeholderType: 'member_state', country: 'AE', language: 'ar' },
        { email: 'osce@example.org', fullName: 'Jane Smith', stakeholderType: 'regional_org', country: 'AT', language: 'en', organisation: 'OSCE' },
        { email: 'scholar@example.org', fullName: 'Sam Scholar', stakeholderType: 'academia', country: 'GB', language: 'en', organisation: 'University of Leeds' },
      ]),
    );
    const publicApi = api.as(null);
    const accept = (email: string, body: object = {}) => publicApi.post(`/rsvp/${tokens.tokenFor(invitationOf[email])}`, { response: 'accept', ...body });
    expect((await accept('mission.uae@example.org', { delegates: [{ fullName: 'Mariam Al Hashimi', email: 'mariam@mission.example', capacity: 'delegate' }] })).status).toBe(200);
    expect((await accept('osce@example.org')).status).toBe(200);
    expect((await accept('scholar@example.org')).status).toBe(200);
    const { rows: people } = await db.query(`SELECT id, full_name FROM participants`);
    for (const p of people) participantOf[p.full_name] = p.id;
    await badgesIssued(api, abuDhabi.id, 4);
    const key = await api.post('/api/keys', { name: 'Door 1', role: 'checkin' });
    expect(key.status).toBe(201);
    door = api.as(key.body.key);
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
  });

  /** The text of the participant's badge QR code (the badge test decodes it from the printed PDF). */
  const badgeCode: Record<string, string> = {};
  const codeOf = (name: string) => badgeCode[name];
  beforeAll(async () => {
    const { rows } = await db.query(`SELECT participant_id, badge_id FROM logistics_badges`);
    for (const [name, id] of Object.entries(participantOf)) badgeCode[name] = codes.codeFor(rows.find((r) => r.participant_id === id).badge_id);
  });

  it('keeps the door closed before the conference is ready', async () => {
    const early = await door.post('/api/checkin', { code: codeOf('Jane Smith') });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(early.body.message).toMatch(/only while the conference is ready or in session; it is inviting/);
  });

  let mariamsFirstCode: string;
  it('prints a badge again, with a new code, when what it shows of its holder changes', async () => {
    mariamsFirstCode = codeOf('Mariam Al Hashimi');
    const { rows: before } = await db.query(`SELECT badge_id FROM logistics_badges WHERE participant_id = $1`, [participantOf['Mariam Al Hashimi']]);
    const changed = await api.as(null).post(`/rsvp/${tokens.tokenFor(invitationOf['mission.uae@example.org'])}`, {
      response: 'accept',
      delegates: [{ fullName: 'Mariam Al Hashimi', email: 'mariam@mission.example', capacity: 'alternate', jobTitle: 'Counsellor' }],
    });
    expect(changed.status).toBe(200);
    const reprinted = await waitFor(async () => {
      const { rows } = await db.query(`SELECT badge_id, status FROM logistics_badges WHERE participant_id = $1`, [participantOf['Mariam Al Hashimi']]);
      return rows[0].status === 'issued' && rows[0].badge_id !== before[0].badge_id ? rows[0] : null;
    }, 'the badge to be printed again');
    badgeCode['Mariam Al Hashimi'] = codes.codeFor(reprinted.badge_id);
    const { rows: events } = await db.query(
      `SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 AND type IN ('participant.updated', 'badge.revoked') ORDER BY id`,
      [participantOf['Mariam Al Hashimi']],
    );
    expect(events.map((e) => [e.type, e.payload.fields ?? e.payload.reason])).toEqual([
      ['participant.updated', ['jobTitle', 'capacity']],
      ['badge.revoked', 'reissued'],
    ]);
    // Answering the same again changes nothing on the badge.
    expect((await api.as(null).post(`/rsvp/${tokens.tokenFor(invitationOf['mission.uae@example.org'])}`, {
      response: 'accept',
      delegates: [{ fullName: 'Mariam Al Hashimi', email: 'mariam@mission.example', capacity: 'alternate', jobTitle: 'Counsellor' }],
    })).body.changed).toBe(false);
  });

  it('prints the delegation badges again, once, when a contact import changes what they show of the contact', async () => {
    const badgeOf = async (name: string) => (await db.query(`SELECT badge_id, status FROM logistics_badges WHERE participant_id = $1`, [participantOf[name]])).rows[0];
    const before = { hamdan: await badgeOf('Hamdan Al Mazrouei'), mariam: await badgeOf('Mariam Al Hashimi') };
    const csv = 'email,fullName,stakeholderType,country,honorific,organisation\r\nmission.uae@example.org,Hamdan Al Mazrouei,member_state,AE,H.E. Dr,Ministry of Foreign Affairs\r\n';
    expect((await api.post('/api/contacts/import', csv, { 'content-type': 'text/csv' })).body).toMatchObject({ updated: 1 });
    for (const [name, old] of [['Hamdan Al Mazrouei', before.hamdan], ['Mariam Al Hashimi', before.mariam]] as const) {
      const printed = await waitFor(async () => {
        const now = await badgeOf(name);
        return now.status === 'issued' && now.badge_id !== old.badge_id ? now : null;
      }, `the badge of ${name} to be printed again`);
      badgeCode[name] = codes.codeFor(printed.badge_id);
    }
    const { rows: updates } = await db.query(`SELECT aggregate_id, payload FROM outbox_events WHERE type = 'participant.updated' AND payload->'fields' ? 'organisation' ORDER BY id`);
    expect(updates.map((e) => [e.aggregate_id, e.payload.fields])).toEqual([
      [participantOf['Hamdan Al Mazrouei'], ['honorific', 'organisation']],
      [participantOf['Mariam Al Hashimi'], ['organisation']],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    // The same import again changes nothing, so nothing is announced or printed again.
    expect((await api.post('/api/contacts/import', csv, { 'content-type': 'text/csv' })).status).toBe(200);
    const { rows: contactEvents } = await db.query(`SELECT payload FROM outbox_events WHERE type = 'contact.updated'`);
    expect(contactEvents.map((e) => e.payload.fields)).toEqual([['honorific', 'organisation']]);
  });

  it('produces a visa letter asked for in a later answer', async () => {
    const answer = await api.as(null).post(`/rsvp/${tokens.tokenFor(invitationOf['osce@example.org'])}`, { response: 'accept', needsVisaLetter: true });
    expect(answer.status).toBe(200);
    await waitFor(async () => (await db.query(`SELECT status FROM logistics_visa_letters WHERE participant_id = $1`, [participantOf['Jane Smith']])).rows[0]?.status === 'issued', 'the visa letter');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'visa_letter.issued' AND aggregate_id = $1`, [participantOf['Jane Smith']]);
    expect(rows[0].n).toBe(1);
  });

  it('lets the right people in once, names the time of a second scan, refuses forged and revoked codes', async () => {
    for (const email of ['mission.uae@example.org', 'osce@example.org']) {
      const document = await uploadCredential(api.baseUrl, tokens, invitationOf[email]);
      expect((await api.patch(`/api/credentials/${document.id}`, { status: 'verified' })).status).toBe(200);
    }
    // The scholar withdraws while answers are still taken: their badge code must no longer open the door.
    expect((await api.as(null).post(`/rsvp/${tokens.tokenFor(invitationOf['scholar@example.org'])}`, { response: 'decline' })).status).toBe(200);
    expect((await api.post(`/api/conferences/${abuDhabi.id}/transitions`, { to: 'registration_closed' })).status).toBe(200);
    await allTasksDone(api, abuDhabi.id);
    const ready = await api.post(`/api/conferences/${abuDhabi.id}/transitions`, { to: 'ready' });
    expect(ready.status).toBe(200);
    await waitFor(async () => (await db.query(`SELECT status FROM logistics_badges WHERE participant_id = $1`, [participantOf['Sam Scholar']])).rows[0].status === 'revoked', 'the badge to be revoked');

    const first = await door.post('/api/checkin', { code: codeOf('Hamdan Al Mazrouei') });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      participantId: participantOf['Hamdan Al Mazrouei'],
      fullName: 'Hamdan Al Mazrouei',
      delegation: 'United Arab Emirates',
      capacity: 'Head of delegation',
      checkedInAt: expect.any(String),
    });
    const again = await door.post('/api/checkin', { code: codeOf('Hamdan Al Mazrouei') });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`Hamdan Al Mazrouei was already checked in at ${first.body.checkedInAt}.`);
    expect(again.body.checkedInAt).toBe(first.body.checkedInAt);

    const osce = await door.post('/api/checkin', { code: `  ${codeOf('Jane Smith')}\n` });
    expect(osce.status).toBe(200);
    expect(osce.body).toMatchObject({ fullName: 'Jane Smith', delegation: 'OSCE', capacity: 'Head of delegation' });

    const forged = await door.post('/api/checkin', { code: codeOf('Jane Smith').slice(0, -2) + 'AA' });
    expect(forged.status).toBe(404);
    expect(forged.body.message).toMatch(/not valid/);
    const declined = await door.post('/api/checkin', { code: codeOf('Sam Scholar') });
    expect(declined.status).toBe(404);
    expect(declined.body).toEqual(forged.body);
    const unknownBadge = await door.post('/api/checkin', { code: codes.codeFor('00000000-0000-4000-8000-000000000000') });
    expect(unknownBadge.body).toEqual(forged.body);
    // The badge printed before her details changed no longer opens the door; the reprinted one does (last test).
    expect((await door.post('/api/checkin', { code: mariamsFirstCode })).body).toEqual(forged.body);

    expect((await door.post('/api/checkin', {})).status).toBe(400);
    expect((await door.post('/api/checkin', { code: codeOf('Mariam Al Hashimi'), extra: 1 })).status).toBe(400);
  });

  it('announces each check-in once through the outbox and counts it as attended', async () => {
    const { rows } = await db.query(`SELECT payload FROM outbox_events WHERE type = 'participant.checked_in' ORDER BY id`);
    expect(rows.map((r) => r.payload.participantId)).toEqual([participantOf['Hamdan Al Mazrouei'], participantOf['Jane Smith']]);
    expect(rows[0].payload).toMatchObject({ conferenceId: abuDhabi.id, actor: 'Door 1' });

    expect((await reader.attendedParticipantIds(abuDhabi.id)).sort()).toEqual([participantOf['Hamdan Al Mazrouei'], participantOf['Jane Smith']].sort());
    const counts = await reader.attendedCounts([abuDhabi.id, seriesId]);
    expect([...counts]).toEqual([[abuDhabi.id, 2], [seriesId, 0]]);

    const pipeline = await api.get('/api/pipeline');
    const conference = pipeline.body.conferences.find((c: any) => c.id === abuDhabi.id);
    expect(conference.counts.attended).toBe(2);
  });

  it('gives a checkin key nothing but the door', async () => {
    expect((await door.get('/api/pipeline')).status).toBe(403);
    expect((await door.get(`/api/conferences/${abuDhabi.id}/participants`)).status).toBe(403);
    expect((await api.as(null).post('/api/checkin', { code: codeOf('Mariam Al Hashimi') })).status).toBe(401);
    const viewer = await api.post('/api/keys', { name: 'Observer', role: 'viewer' });
    expect((await api.as(viewer.body.key).post('/api/checkin', { code: codeOf('Mariam Al Hashimi') })).status).toBe(403);
    const coordinator = await api.post('/api/keys', { name: 'Desk', role: 'coordinator' });
    // Her badge also carries a code from before badges had ids of their own, which the door looks up by its hash.
    const legacyCode = 'CVN-LEGACY-MARIAM-0001';
    await db.query(`UPDATE logistics_badges SET legacy_code_hash = sha256(convert_to($1, 'UTF8')) WHERE participant_id = $2`, [legacyCode, participantOf['Mariam Al Hashimi']]);
    // Three scans of one badge at once, by both its codes (a scanner that repeats itself): one lets her in, the others name that moment.
    const burst = await Promise.all([codeOf('Mariam Al Hashimi'), legacyCode, codeOf('Mariam Al Hashimi')].map((code) => api.as(coordinator.body.key).post('/api/checkin', { code })));
    expect(burst.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const admitted = burst.find((r) => r.status === 200)!.body;
    for (const refused of burst.filter((r) => r.status === 409)) expect(refused.body.message).toBe(`Mariam Al Hashimi was already checked in at ${admitted.checkedInAt}.`);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'participant.checked_in' AND aggregate_id = $1`, [participantOf['Mariam Al Hashimi']]);
    expect(rows[0].n).toBe(1);
  });
});
