/**
 * Follow-up report generation at the scale of a large conference: BENCH_INVITATIONS invitations
 * (default 100,000) and BENCH_ATTENDED attended participants (default 20,000) in each of five
 * regional conferences. Measures, for one conference, the time from POST /api/conferences/:id/report
 * to the stored JSON, Markdown, CSV and PDF (target < 5 s), the report's data step beside the same
 * counts computed by one hand-written SQL aggregate (target ≤ 2×), and the summit report over the
 * five conferences once submitted, from the request to the stored formats (target < 5 s). Run with `npm run bench:reports`.
 */
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { deleteRedisKeys } from '../test/support/databases';
import { ADMIN_KEY, REDIS_URL, ServiceProcess, api, dropDatabase, freePort, freshDatabase, startService, until } from './support';
import { recordResults } from './results';

const INVITATIONS = Number(process.env.BENCH_INVITATIONS ?? 100_000);
const ATTENDED = Number(process.env.BENCH_ATTENDED ?? 20_000);
const CONFERENCES = 5;
const TARGET_MS = 5000;

const year = new Date().getUTCFullYear() + 1;
const COUNTRIES = ['AT', 'BY', 'TT', 'HU', 'AE', 'FR', 'KE', 'BR', 'CN', 'US', 'IN', 'EG', 'JP', 'MX', 'NG'];
const TYPES = ['member_state', 'international_org', 'regional_org', 'un_entity', 'civil_society', 'academia', 'private_sector'];

/** Invitations, answers, parties, participants and check-ins as months of work would leave them, written set-based. */
async function seed(db: Client, conferenceId: string, index: number): Promise<void> {
  const { rows: [wave] } = await db.query(
    `INSERT INTO waves (conference_id, name, audience, state, audience_size, targeted, sent, created_by, dispatched_at, expanded_at, completed_at)
     VALUES ($1, 'Everyone', '{}', 'completed', $2, $2, $2, 'bench', now(), now(), now()) RETURNING id`,
    [conferenceId, INVITATIONS],
  );
  // The first ATTENDED contacts (shifted per conference, so people recur across the series) accept and come.
  await db.query(
    `INSERT INTO invitations (conference_id, contact_id, wave_id, batch_no, delivery, response, sent_at, responded_at, created_at)
     SELECT $1, c.id, $2, c.n / 200, 'sent',
            CASE WHEN c.k < $3 THEN 'accepted' WHEN c.k < $3 * 1.5 THEN 'declined' ELSE 'none' END, now(), now(), now()
     FROM (SELECT id, n, (n + $4 * 7919) % $5 AS k FROM (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM contacts) x) c`,
    [conferenceId, wave.id, ATTENDED, index, INVITATIONS],
  );
  await db.query(
    `INSERT INTO invitation_stats (conference_id, shard, invited, sent, accepted, declined)
     SELECT conference_id, (abs(hashtext(id::text)) % 16)::smallint, count(*), count(*),
            count(*) FILTER (WHERE response = 'accepted'), count(*) FILTER (WHERE response = 'declined')
     FROM invitations WHERE conference_id = $1 GROUP BY 1, 2`,
    [conferenceId],
  );
  await db.query(
    `INSERT INTO rsvp_parties (invitation_id, conference_id, contact_id, status, size, places, language, stakeholder_type, country, organisation)
     SELECT i.id, i.conference_id, i.contact_id, 'accepted', 1, 1, c.language, c.stakeholder_type, c.country, c.organisation
     FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.conference_id = $1 AND i.response = 'accepted'`,
    [conferenceId],
  );
  await db.query(
    `INSERT INTO participants (conference_id, invitation_id, is_invitee, full_name, email, organisation, country, stakeholder_type, capacity, confirmed_at)
     SELECT p.conference_id, p.invitation_id, true, c.full_name, c.email, c.organisation, c.country, c.stakeholder_type, 'head', now()
     FROM rsvp_parties p JOIN contacts c ON c.id = p.contact_id WHERE p.conference_id = $1`,
    [conferenceId],
  );
  await db.query(
    `INSERT INTO logistics_check_ins (participant_id, conference_id, checked_in_at, actor)
     SELECT id, conference_id, now(), 'bench' FROM participants WHERE conference_id = $1`,
    [conferenceId],
  );
  // Concluded, with outcomes: what the secretariat has when it asks for the report.
  await db.query(`UPDATE conferences SET state = 'concluded' WHERE id = $1`, [conferenceId]);
}

/** The same counts as the report's data step, as one statement a person would write against every table at once. */
const HAND_WRITTEN = `
  WITH attended AS (
    SELECT p.country, p.organisation, p.stakeholder_type, p.capacity, CASE WHEN p.is_invitee THEN c.gender END AS gender
    FROM logistics_check_ins k JOIN participants p ON p.id = k.participant_id
    LEFT JOIN rsvp_parties r ON r.invitation_id = p.invitation_id LEFT JOIN contacts c ON c.id = r.contact_id
    WHERE k.conference_id = $1)
  SELECT 'funnel' AS dimension, 'invited' AS code, sum(invited)::int AS n FROM invitation_stats WHERE conference_id = $1
  UNION ALL SELECT 'funnel', 'accepted', sum(accepted)::int FROM invitation_stats WHERE conference_id = $1
  UNION ALL SELECT 'funnel', 'declined', sum(declined)::int FROM invitation_stats WHERE conference_id = $1
  UNION ALL SELECT 'country', country, count(*)::int FROM attended GROUP BY country
  UNION ALL SELECT 'stakeholder_type', stakeholder_type, count(*)::int FROM attended GROUP BY stakeholder_type
  UNION ALL SELECT 'organisation', lower(organisation), count(*)::int FROM attended GROUP BY lower(organisation)
  UNION ALL SELECT 'gender', coalesce(lower(gender), 'none'), count(*)::int FROM attended GROUP BY lower(gender)
  UNION ALL SELECT 'gender_heads', coalesce(lower(gender), 'none'), count(*)::int FROM attended WHERE capacity = 'head' GROUP BY lower(gender)`;

async function main(): Promise<void> {
  if (ATTENDED * 1.5 > INVITATIONS) throw new Error('BENCH_ATTENDED must be at most two thirds of BENCH_INVITATIONS');
  const database = `convene_bench_reports_${randomBytes(4).toString('hex')}`;
  const queuePrefix = `benchreports${randomBytes(4).toString('hex')}`;
  const databaseUrl = await freshDatabase(database);
  const port = await freePort();
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const reports = new Queue('reports', { connection: redis, prefix: queuePrefix });
  let service: ServiceProcess | undefined;
  try {
    service = await startService('all', { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: queuePrefix, ADMIN_API_KEY: ADMIN_KEY, CONVENE_CLOCK: 'system' }, port);
    const series = await api(port, 'POST', '/api/series', {
      name: 'Benchmark series',
      summit: { title: 'Summit', city: 'New York', country: 'US', startsOn: `${year + 1}-06-29`, endsOn: `${year + 1}-07-03`, timezone: 'America/New_York', capacity: 1500 },
    });
    const seedStart = performance.now();
    await db.query(
      `INSERT INTO contacts (email, full_name, stakeholder_type, country, organisation, language, gender)
       SELECT 'delegate' || g || '@example.org', 'Delegate ' || g, ($2::text[])[1 + g % 7], ($3::text[])[1 + g % 15],
              'Organisation ' || (g % 900), 'en', (ARRAY['female', 'male', NULL])[1 + g % 3]
       FROM generate_series(1, $1) g`,
      [INVITATIONS, TYPES, COUNTRIES],
    );
    const ids: string[] = [];
    for (let i = 0; i < CONFERENCES; i++) {
      const created = await api(port, 'POST', `/api/series/${series.id}/conferences`, {
        title: `Regional conference ${i + 1}`, city: `City ${i + 1}`, country: COUNTRIES[i], partners: [], languages: ['en'], capacity: ATTENDED * 2, delegationQuota: 4,
        timezone: 'UTC', startsOn: `${year}-10-0${i + 1}`, endsOn: `${year}-10-0${i + 1}`, rsvpDeadline: `${year}-09-15`,
      });
      await seed(db, created.id, i);
      await api(port, 'PUT', `/api/conferences/${created.id}/outcomes`, {
        summary: 'Agreed on regional follow-up.',
        keyOutcomes: ['A network of focal points'],
        recommendations: [{ text: `Recommendation of conference ${i + 1}`, theme: 'new_technologies' }],
      });
      ids.push(created.id);
    }
    await db.query('ANALYZE');
    console.log(`seeded ${CONFERENCES} conferences x ${INVITATIONS.toLocaleString('en')} invitations, ${ATTENDED.toLocaleString('en')} attended each, in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const generate = async (conferenceId: string) => {
      const start = performance.now();
      const { generation } = await api(port, 'POST', `/api/conferences/${conferenceId}/report`, {});
      const done = await until(async () => {
        const [row] = (await db.query(`SELECT generation FROM conference_reports WHERE conference_id = $1`, [conferenceId])).rows;
        return row?.generation === generation;
      }, 'the report to be stored', 120_000);
      // The stored row commits before the job records its result.
      let job = await reports.getJob(`report.${conferenceId}.${generation}`);
      await until(async () => Boolean((job = await reports.getJob(`report.${conferenceId}.${generation}`))?.finishedOn), 'the report job to finish', 60_000);
      return { totalMs: done - start, dataMs: job?.returnvalue?.dataMs as number, renderMs: job?.returnvalue?.renderMs as number };
    };

    const rounds = [];
    for (let round = 0; round < 3; round++) rounds.push(await generate(ids[0]));
    const sqlMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      await db.query(HAND_WRITTEN, [ids[0]]);
      sqlMs.push(performance.now() - start);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const report = await api(port, 'GET', `/api/conferences/${ids[0]}/report`);
    const pdf = (await db.query(`SELECT length(pdf) AS bytes FROM conference_reports WHERE conference_id = $1`, [ids[0]])).rows[0].bytes;
    console.log(`report of one conference (${report.funnel.attended.toLocaleString('en')} attended, ${report.byCountry.length} countries, ${report.organisations.length} organisations, PDF ${Math.round(pdf / 1024)} KiB):`);
    rounds.forEach((r, i) => console.log(`  run ${i + 1}: request -> stored JSON, Markdown, CSV and PDF ${r.totalMs.toFixed(0)} ms (data step ${r.dataMs} ms, rendering ${r.renderMs} ms)`));
    const total = median(rounds.map((r) => r.totalMs));
    const data = median(rounds.map((r) => r.dataMs));
    const sql = median(sqlMs);
    console.log(`  median ${total.toFixed(0)} ms; target < ${TARGET_MS} ms: ${total < TARGET_MS ? 'met' : 'NOT met'}`);
    console.log(`  data step ${data} ms beside one hand-written SQL aggregate ${sql.toFixed(0)} ms (runs: ${sqlMs.map((m) => m.toFixed(0)).join(', ')}): ${(data / sql).toFixed(2)}x; target <= 2x: ${data <= 2 * sql ? 'met' : 'NOT met'}`);

    for (const id of ids.slice(1)) await generate(id);
    for (const id of ids) await api(port, 'POST', `/api/conferences/${id}/report/submit`, {});
    // The submissions ask for summit generations of their own: measure one asked for once they are stored.
    const summitStored = async (generation: number) =>
      (await db.query(`SELECT generation FROM summit_reports WHERE series_id = $1`, [series.id])).rows[0]?.generation >= generation;
    const summitMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      await until(async () => {
        const [row] = (await db.query(`SELECT generation, requested_generation FROM summit_reports WHERE series_id = $1`, [series.id])).rows;
        return row && row.generation === row.requested_generation;
      }, 'the summit report to settle', 120_000);
      const start = performance.now();
      const { generation } = await api(port, 'POST', `/api/series/${series.id}/summit-report`, {});
      summitMs.push((await until(() => summitStored(generation), 'the summit report to be stored', 120_000)) - start);
    }
    const summit = await api(port, 'GET', `/api/series/${series.id}/summit-report`);
    console.log(`summit report over ${CONFERENCES} conferences (${summit.totals.attended.toLocaleString('en')} attended, ${summit.totals.countries} countries, ${summit.totals.organisations} organisations), request -> stored JSON, Markdown and PDF: ${summitMs.map((m) => m.toFixed(0)).join(', ')} ms; target < ${TARGET_MS} ms: ${median(summitMs) < TARGET_MS ? 'met' : 'NOT met'}`);
    console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    recordResults('reports', [
      { figure: 'conference report, stored in four formats', value: Math.round(total), unit: 'ms', target: `< ${TARGET_MS} ms`, met: total < TARGET_MS },
      { figure: 'report data step', value: data, unit: 'ms', target: '<= 2x the SQL aggregate', met: data <= 2 * sql, baseline: Math.round(sql), baselineName: 'one hand-written SQL aggregate' },
      { figure: `summit report over ${CONFERENCES} conferences, JSON then PDF`, value: Math.round(median(summitMs)), unit: 'ms', target: `< ${TARGET_MS} ms`, met: median(summitMs) < TARGET_MS },
    ]);
  } finally {
    await service?.stop();
    await reports.close();
    redis.disconnect();
    await db.end();
    await dropDatabase(database);
    await deleteRedisKeys(queuePrefix, REDIS_URL);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
