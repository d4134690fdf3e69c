import IORedis from 'ioredis';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { REDIS_URL } from './support/databases';
import { createModelSeries, replay } from './support/fixtures';
import { MailSink, startMailSink } from './support/mail-sink';
import { ADMIN_KEY, ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';


/** Invented people with names and addresses that cannot occur in a log line by chance. */
const PEOPLE = {
  zofia: { email: 'zofia.wrobel@mission-pl.example', fullName: 'Zofia Wróbel-Kaczmarczyk', honorific: 'H.E. Ms.', jobTitle: 'Ambassador', stakeholderType: 'member_state', country: 'PL' },
  kwame: { email: 'kwame.asante@au-office.example', fullName: 'Kwame Owusu-Asante', stakeholderType: 'international_org', organisation: 'African Union', country: 'GH' },
  ines: { email: 'ines.quispe@ngo-andes.example', fullName: 'Inés Quispe Mamani', stakeholderType: 'civil_society', country: 'PE', language: 'es' },
  hiroshi: { email: 'hiroshi.tanabe@univ-kyoto.example', fullName: 'Hiroshi Tanabe-Moriyama', stakeholderType: 'academia', country: 'JP' },
};
const IMPORTED = { email: 'amira.haddad@league-arab.example', fullName: 'Amira Haddad-Nassar' };
const REJECTED_ROW = { email: 'broken.row@nowhere-valid.example', fullName: 'Brunhilde Rowcastle' };
/** A nomination letter names the person, so its content is personal data too. */
const nominationLetter = Buffer.from(`%PDF-1.4\n% Nomination of ${PEOPLE.zofia.fullName}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const DELEGATE = { fullName: 'Bartosz Zieliński-Wójcik', email: 'bartosz.zielinski@mission-pl.example', jobTitle: 'Counsellor', capacity: 'delegate' };

/** Everything a person could be found by in a text: their address (as typed and encoded), their name and its last part. */
const tracesOf = (person: { email: string; fullName: string }) => [person.email, encodeURIComponent(person.email), person.fullName, encodeURIComponent(person.fullName), person.fullName.split(' ').at(-1)!];
/** The same as stored bytes (bytea) read back as text: hexadecimal. */
const hexOf = (text: string) => Buffer.from(text, 'utf8').toString('hex');

const found = (haystack: string, needles: string[]) => needles.filter((needle) => haystack.toLowerCase().includes(needle.toLowerCase()));

describe('personal data: never in the logs, gone from the stores after erasure', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let db: Client;
  let tokens: InvitationTokens;
  let minsk: any;
  const lines: string[] = [];
  let sessionId = '';
  const ids: Record<string, string> = {};
  const invitationOf: Record<string, string> = {};

  const destination = { write: (line: string) => void lines.push(line) } as DestinationStream;

  beforeAll(async () => {
    sink = await startMailSink();
    env = await createTestEnvironment({ SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://convene.test', RSVP_RATE_LIMIT: '0', FEEDBACK_RATE_LIMIT: '0' });
    ({ api } = await env.startHttp({ LOG_LEVEL: 'trace' }, { logDestination: destination }));
    tokens = new InvitationTokens(env.config());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await sink?.close();
  });

  it('runs a full scenario: contacts, import, a wave, mail, answers on every spelling of the link, errors, erasure', async () => {
    await api.post('/api/admin/clock', { to: replay('2019-08-01T00:00:00Z') });
    ({ regionals: [minsk] } = await createModelSeries(api));

    for (const [name, person] of Object.entries(PEOPLE)) {
      const created = await api.post('/api/contacts', person);
      expect(created.status).toBe(201);
      ids[name] = created.body.id;
    }
    expect((await api.post('/api/contacts', PEOPLE.zofia)).status).toBe(409);
    expect((await api.post('/api/contacts', { ...PEOPLE.zofia, email: 'not-an-address', fullName: REJECTED_ROW.fullName })).status).toBe(400);
    const csv = [
      'email,fullName,stakeholderType,country,language',
      `${IMPORTED.email},${IMPORTED.fullName},regional_org,EG,ar`,
      `${REJECTED_ROW.email},${REJECTED_ROW.fullName},astronaut,ZZ,xx`,
    ].join('\n');
    const imported = await api.request('POST', '/api/contacts/import', csv, { 'content-type': 'text/csv' });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 1, updated: 0 });
    expect(imported.body.rejected).toHaveLength(1);
    expect((await api.post('/api/contacts/import', [{ ...PEOPLE.ines, jobTitle: 'Director' }])).body).toMatchObject({ updated: 1 });
    ids.amira = (await db.query(`SELECT id FROM contacts WHERE email = $1`, [IMPORTED.email])).rows[0].id;

    expect((await api.get(`/api/contacts?q=${encodeURIComponent(PEOPLE.zofia.fullName)}`)).body.items).toHaveLength(1);
    expect((await api.get(`/api/contacts/${ids.zofia}`)).status).toBe(200);
    expect((await api.get(`/api/contacts/${encodeURIComponent(PEOPLE.kwame.email)}`)).status).toBe(400);
    expect((await api.get(`/nowhere/${encodeURIComponent(PEOPLE.kwame.email)}/${encodeURIComponent(PEOPLE.kwame.fullName)}`)).status).toBe(404);
    expect((await api.as(PEOPLE.hiroshi.email).get('/api/contacts')).status).toBe(401);

    // Values the database refuses (a filter or a crafted cursor holding an address or a name) never reach the log through its error message.
    const crafted = Buffer.from(JSON.stringify([PEOPLE.kwame.fullName, PEOPLE.kwame.email])).toString('base64url');
    for (const path of [`/api/conferences/${minsk.id}/invitations?waveId=${encodeURIComponent(PEOPLE.kwame.email)}`, `/api/contacts?cursor=${crafted}`, `/api/conferences/${minsk.id}/invitations?cursor=${crafted}`]) {
      expect((await api.get(path)).status).toBeGreaterThanOrEqual(400);
    }

    const sendWave = async (name: string, contactIds: string[]) => {
      const wave = await api.post(`/api/conferences/${minsk.id}/waves`, { name, audience: { contactIds } });
      expect(wave.status).toBe(201);
      await api.post(`/api/waves/${wave.body.id}/dispatch`);
      await waitFor(async () => ['completed', 'completed_with_failures'].includes((await api.get(`/api/waves/${wave.body.id}`)).body.state), 'the wave', 60000);
      const { rows } = await db.query(`SELECT id, contact_id FROM invitations WHERE wave_id = $1`, [wave.body.id]);
      for (const row of rows) invitationOf[Object.entries(ids).find(([, id]) => id === row.contact_id)![0]] = row.id;
    };
    // Hiroshi's address is refused for good, and the SMTP reply quotes it, as real servers do.
    sink.refuse(1, 550);
    await sendWave('Academia', [ids.hiroshi]);
    expect(sink.refused).toBe(1);
    await sendWave('Everyone', Object.values(ids));
    const tokenOf = (name: string) => tokens.tokenFor(invitationOf[name]);

    const visitor = api.as(null);
    const zofia = tokenOf('zofia');
    expect((await visitor.get(`/rsvp/${zofia}`, { accept: 'text/html' })).status).toBe(200);
    expect((await visitor.request('HEAD', `/rsvp/${zofia}`)).status).toBe(200);
    for (const path of [`/%72svp/${zofia}`, `/RSVP/${zofia}`, `/%72svp/${zofia}/x`, `/rsvp/${zofia}/x`, `//rsvp/${zofia}?ref=${zofia}`, `/rsvp/${zofia}${'x'.repeat(3000)}`, `/feedback/${zofia}`]) {
      const answer = await visitor.get(path, { accept: 'application/json' });
      expect(answer.status).toBeLessThan(500);
    }
    const accepted = await visitor.post(`/rsvp/${zofia}`, { response: 'accept', delegates: [DELEGATE], needsVisaLetter: true, accessibilityNeeds: `Wheelchair access for ${PEOPLE.zofia.fullName}` });
    expect(accepted.status).toBe(200);
    expect(accepted.body.response).toBe('accepted');
    const upload = new FormData();
    upload.append('file', new Blob([nominationLetter], { type: 'application/pdf' }), `Nomination ${PEOPLE.zofia.fullName}.pdf`);
    expect((await fetch(`${api.baseUrl}/rsvp/${zofia}/credentials`, { method: 'POST', body: upload, headers: { accept: 'application/json' } })).status).toBe(201);

    const ines = tokenOf('ines');
    const declined = await visitor.request('POST', `/rsvp/${ines}`, 'response=decline', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(declined.status).toBe(200);
    const kwame = tokenOf('kwame');
    expect((await visitor.post(`/rsvp/${kwame}`, { response: 'maybe', delegates: [{ fullName: PEOPLE.kwame.fullName, email: 'kwame@' }] })).status).toBe(400);
    expect((await visitor.post(`/rsvp/${kwame}`, { response: 'accept', extra: PEOPLE.kwame.email })).status).toBe(400);
    expect((await visitor.request('POST', `/rsvp/${kwame}`, '{"response": "acc', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await visitor.post(`/rsvp/${kwame.slice(0, -2)}zz`, { response: 'accept' })).status).toBe(404);
    expect((await visitor.post(`/%72svp/${kwame}/x`, { response: 'accept' })).status).toBe(404);

    // The secretariat's lists, and the reminders to those who have not answered (three days before the deadline, Minsk's morning).
    expect((await api.get(`/api/conferences/${minsk.id}/participants?format=csv`)).text).toContain(DELEGATE.fullName);
    expect((await api.get(`/api/conferences/${minsk.id}/invitations?response=none`)).status).toBe(200);
    await api.post('/api/admin/clock', { to: replay('2019-09-12T07:00:00Z') });
    await waitFor(() => sink.messagesTo(PEOPLE.kwame.email).length >= 2, 'a reminder to Kwame', 30000);

    // The dashboard: a key and a session id are secrets too.
    const signedIn = await fetch(`${api.baseUrl}/dashboard/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `key=${ADMIN_KEY}` });
    sessionId = /convene_session=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1];
    expect((await visitor.get('/api/pipeline', { cookie: `convene_session=${sessionId}` })).status).toBe(200);
    expect((await visitor.get('/api/pipeline', { cookie: `convene_session=${sessionId}x` })).status).toBe(401);

    // Erasure of three of them: the one who accepted with a delegate and a document, the one who declined, the one whose mail bounced.
    const before = (await api.get(`/api/pipeline`)).body;
    for (const name of ['zofia', 'ines', 'hiroshi']) expect((await api.delete(`/api/contacts/${ids[name]}`)).status).toBe(204);
    expect((await api.delete(`/api/contacts/${ids.zofia}`)).status).toBe(404);
    await waitFor(
      async () => (await db.query(`SELECT count(*)::int AS n FROM participants WHERE invitation_id = $1 AND erased_at IS NOT NULL`, [invitationOf.zofia])).rows[0].n === 2,
      'the participants to be scrubbed',
    );
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`)).rows[0].n === 0, 'the outbox to drain');
    const after = (await api.get(`/api/pipeline`)).body;
    const funnel = (view: any) => view.conferences.find((c: any) => c.id === minsk.id).counts;
    expect(funnel(after)).toEqual(funnel(before));
    expect(funnel(after)).toMatchObject({ invited: 5, accepted: 1, declined: 1 });
  });

  it('wrote no e-mail address, name or token into any log line', () => {
    const log = lines.join('');
    // The capture holds the request lines (by route) and the application's own lines.
    for (const expected of ['"url":"/api/contacts/import"', '"url":"/rsvp/*/*"', '"msg":"invitations failed"', '"msg":"contact erased"']) expect(log).toContain(expected);
    const needles = [...Object.values(PEOPLE).flatMap(tracesOf), ...tracesOf(IMPORTED), ...tracesOf(REJECTED_ROW), ...tracesOf(DELEGATE)];
    const linkTokens = Object.values(invitationOf).map((id) => tokens.tokenFor(id));
    expect(linkTokens).toHaveLength(5);
    expect(found(log, needles)).toEqual([]);
    expect(found(log, [...linkTokens, ADMIN_KEY, sessionId])).toEqual([]);
  });

  it('left nothing personal of the erased people in any PostgreSQL table, while the others stay', async () => {
    const { rows: tables } = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const dump: string[] = [];
    for (const { table_name } of tables) {
      const { rows } = await db.query(`SELECT t::text AS row FROM "${table_name}" t`);
      for (const row of rows) dump.push(`${table_name}: ${row.row}`);
    }
    const text = dump.join('\n');
    const erased = [PEOPLE.zofia, PEOPLE.ines, PEOPLE.hiroshi, DELEGATE].flatMap((p) => [p.email, p.fullName, hexOf(p.fullName), p.fullName.split(' ').at(-1)!]);
    expect(dump.filter((row) => found(row, erased).length > 0)).toEqual([]);
    // The dump does show what is still there: the people not erased, and the erased ones' rows, emptied.
    expect(found(text, [PEOPLE.kwame.email, IMPORTED.fullName])).toHaveLength(2);
    expect(dump.filter((row) => row.startsWith('participants: ') && row.includes(invitationOf.zofia))).toHaveLength(2);
  });

  it('left nothing personal of the erased people in Redis under the prefix', async () => {
    const redis = new IORedis(REDIS_URL);
    try {
      const dump: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.queuePrefix}*`, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) dump.push(`${key} = ${await valueOf(redis, key)}`);
      } while (cursor !== '0');
      // The queues did hold work about the erased people (by id only).
      expect(dump.some((entry) => entry.includes(invitationOf.ines))).toBe(true);
      const erased = [PEOPLE.zofia, PEOPLE.ines, PEOPLE.hiroshi, DELEGATE].flatMap((p) => [p.email, p.fullName, JSON.stringify(p.fullName).slice(1, -1)]);
      expect(dump.filter((entry) => found(entry, erased).length > 0)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('keeps no personal data in the reasons and stacks of failed jobs in Redis', async () => {
    // A crafted event naming a contact by address: the database refuses the value and quotes it in its error.
    await db.query(`INSERT INTO outbox_events (type, aggregate_id, payload, occurred_at) VALUES ('invitation.bounced', $1, $2, now())`, [
      invitationOf.kwame,
      { invitationId: invitationOf.kwame, contactId: PEOPLE.kwame.email, permanent: true, status: '5.1.1', diagnostic: null },
    ]);
    const redis = new IORedis(REDIS_URL);
    try {
      const failures = async () => {
        const records: string[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.queuePrefix}*`, 'COUNT', 1000);
          cursor = next;
          for (const key of keys) {
            if ((await redis.type(key)) !== 'hash') continue;
            const [reason, stack] = await redis.hmget(key, 'failedReason', 'stacktrace');
            if (reason) records.push(`${reason} ${stack ?? ''}`);
          }
        } while (cursor !== '0');
        return records;
      };
      await waitFor(async () => (await failures()).some((r) => r.includes('invalid input syntax for type uuid')), 'the crafted event to fail');
      const records = await failures();
      expect(records.filter((r) => r.includes('"<value>"'))).not.toEqual([]);
      expect(records.filter((r) => found(r, tracesOf(PEOPLE.kwame)).length > 0)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});

async function valueOf(redis: IORedis, key: string): Promise<string> {
  switch (await redis.type(key)) {
    case 'string':
      return String(await redis.get(key));
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, 0, -1));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}
