/** The answer load both RSVP benchmarks share: the conference, its invitations, and the answers sent. */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { api } from './support';

// autocannon ships no type declarations; this is the part of its result the benchmark reads.
export interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
export interface LoadResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  statusCodeStats?: Record<string, { count: number }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<LoadResult>;

/** A series and its Budapest conference (room for 100,000), open for answers; returns the conference id. */
export async function rsvpConference(port: number): Promise<string> {
  const year = new Date().getUTCFullYear() + 1;
  const series = await api(port, 'POST', '/api/series', {
    name: 'RSVP benchmark series',
    summit: { title: 'Summit', city: 'New York', country: 'US', startsOn: `${year + 1}-06-28`, endsOn: `${year + 1}-07-01`, timezone: 'America/New_York', capacity: 1500 },
  });
  const conference = await api(port, 'POST', `/api/series/${series.id}/conferences`, {
    title: 'Countering terrorism with new technologies — Budapest',
    city: 'Budapest',
    country: 'HU',
    startsOn: `${year}-12-01`,
    endsOn: `${year}-12-02`,
    timezone: 'Europe/Budapest',
    capacity: 100_000,
    languages: ['en', 'fr', 'ru'],
    rsvpDeadline: `${year}-11-15`,
    delegationQuota: 4,
  });
  await api(port, 'POST', `/api/conferences/${conference.id}/transitions`, { to: 'inviting' });
  return conference.id;
}

/**
 * Contacts, one wave and `count` invitations, written set-based as if the wave had gone out; returns
 * their tokens, made with the service's TOKEN_SECRET as it makes them.
 */
export async function seedInvitations(databaseUrl: string, conferenceId: string, count: number, tokenSecret: string): Promise<string[]> {
  const tokenFor = (invitationId: string) => createHmac('sha256', Buffer.from(tokenSecret, 'utf8')).update(`invitation:${invitationId}`).digest('base64url');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [wave] = (
      await db.query(
        `INSERT INTO waves (conference_id, name, audience, state, audience_size, targeted, sent, created_by, dispatched_at, expanded_at, completed_at)
         VALUES ($1, 'Benchmark wave', '{"countries":["HU"]}', 'completed', $2, $2, $2, 'bench', now(), now(), now()) RETURNING id`,
        [conferenceId, count],
      )
    ).rows;
    const countries = ['HU', 'AT', 'BY', 'AE', 'TT', 'FR', 'DE', 'KZ', 'JO', 'BR'];
    const tokens: string[] = [];
    for (let start = 0; start < count; start += 5_000) {
      const n = Math.min(5_000, count - start);
      const contactIds = Array.from({ length: n }, () => randomUUID());
      const invitationIds = Array.from({ length: n }, () => randomUUID());
      const batch = invitationIds.map(tokenFor);
      tokens.push(...batch);
      await db.query(
        `INSERT INTO contacts (id, email, full_name, stakeholder_type, country, language)
         SELECT u.id, 'delegate' || u.n || '@mission.bench', 'Delegate ' || u.n, 'member_state', u.country, 'en'
         FROM unnest($1::uuid[], $2::int[], $3::text[]) AS u(id, n, country)`,
        [contactIds, contactIds.map((_, i) => start + i), contactIds.map((_, i) => countries[(start + i) % countries.length])],
      );
      await db.query(
        `INSERT INTO invitations (id, conference_id, contact_id, wave_id, batch_no, token_hash, delivery, language, sent_at, created_at)
         SELECT u.id, $1, u.contact_id, $2, u.n / 200, u.token_hash, 'sent', 'en', now(), now()
         FROM unnest($3::uuid[], $4::uuid[], $5::int[], $6::bytea[]) AS u(id, contact_id, n, token_hash)`,
        [conferenceId, wave.id, invitationIds, contactIds, contactIds.map((_, i) => start + i), batch.map((t) => createHash('sha256').update(t).digest())],
      );
    }
    await db.query(`INSERT INTO invitation_stats (conference_id, shard, invited, sent) VALUES ($1, 0, $2, $2)`, [conferenceId, count]);
    await db.query('ANALYZE');
    return tokens;
  } finally {
    await db.end();
  }
}

/** The body of the i-th answer: mostly accepting alone, some delegations of three, a few declines. */
export function answerBody(i: number): string {
  const kind = i % 20;
  if (kind === 0) return JSON.stringify({ response: 'decline' });
  if (kind <= 3) {
    return JSON.stringify({
      response: 'accept',
      needsVisaLetter: true,
      delegates: [
        { fullName: `Alternate ${i}`, email: `alternate${i}@mission.bench`, capacity: 'alternate' },
        { fullName: `Adviser ${i}`, email: `adviser${i}@mission.bench`, capacity: 'adviser' },
      ],
    });
  }
  return JSON.stringify({ response: 'accept' });
}

/** autocannon's options for answers: each request answers the next invitation (`next()` numbers them). */
export function answerRequests(tokens: string[], next: () => number, count?: number): Record<string, unknown> {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(count ? { amount: count } : {}),
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const i = next();
          request.path = `/rsvp/${tokens[i % tokens.length]}`;
          request.body = answerBody(i);
          return request;
        },
      },
    ],
  };
}
