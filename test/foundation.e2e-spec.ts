import { Injectable } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { preparedRows } from '../src/platform/database/prepared';
import { DomainEvent } from '../src/platform/messaging/domain-events';
import { OnDomainEvent } from '../src/platform/messaging/on-domain-event.decorator';
import { OutboxRelayService } from '../src/platform/messaging/outbox-relay.service';
import { QUEUES } from '../src/platform/messaging/queue-catalog';
import { allTasksDone } from './support/delegations';
import { MODEL_REGIONALS, createModelSeries, replay } from './support/fixtures';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

/** Records what a consumer receives, to prove delivery end to end. */
@Injectable()
class TransitionRecorder {
  static received: DomainEvent[] = [];

  @OnDomainEvent('conference.transitioned')
  async record(event: DomainEvent): Promise<void> {
    TransitionRecorder.received.push(event);
  }
}

describe('foundation: series, lifecycle, clock, keys, outbox', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let app: NestFastifyApplication;
  let db: Client;

  beforeAll(async () => {
    env = await createTestEnvironment();
    ({ api, app } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await api.post('/api/admin/clock', { to: replay('2019-08-01T00:00:00Z') });
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
  });

  describe('series and conferences', () => {
    it('creates the model series: a summit and five regional conferences in planning', async () => {
      const { series } = await createModelSeries(api);
      const view = await api.get(`/api/series/${series.id}`);
      expect(view.status).toBe(200);
      expect(view.body.conferences).toHaveLength(6);
      expect(view.body.conferences.filter((c: any) => c.kind === 'summit')).toHaveLength(1);
      expect(view.body.conferences.map((c: any) => c.state)).toEqual(Array(6).fill('planning'));
      expect(view.body.summitReadiness.ready).toBe(false);
      expect(view.body.summitReadiness.missingReports).toHaveLength(5);
      const minsk = view.body.conferences.find((c: any) => c.city === 'Minsk');
      // The deadline date covers the whole day, Minsk time (UTC+3): answers until 23:59:59.
      expect(minsk.rsvpDeadline).toBe(replay('2019-09-15T23:59:59+03:00'));
      expect(minsk.rsvpDeadlineDate).toBe(replay('2019-09-15'));
    });

    it('names every bad field and refuses unknown ones', async () => {
      const { body: series } = await api.post('/api/series', { name: 'x', summit: { title: 'S', city: 'NY', country: 'US', startsOn: '2020-06-29', endsOn: '2020-07-03', timezone: 'America/New_York', capacity: 10 } });
      const response = await api.post(`/api/series/${series.id}/conferences`, { title: 'Bad', country: 'ZZ', startsOn: '2019-02-30', timezone: 'Nowhere', capacity: -1, languages: ['de'], colour: 'blue' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      const fields = response.body.fields.map((f: any) => f.field).sort();
      expect(fields).toEqual(['capacity', 'colour', 'country', 'languages', 'startsOn', 'timezone']);
      expect(response.body.message).toContain('colour: unknown field');
    });

    it('refuses a deadline after the start and an end before the start', async () => {
      const { body: series } = await api.post('/api/series', { name: 'y', summit: { title: 'S', city: 'NY', country: 'US', startsOn: '2020-06-29', endsOn: '2020-07-03', timezone: 'America/New_York', capacity: 10 } });
      const response = await api.post(`/api/series/${series.id}/conferences`, { title: 'Backwards', startsOn: '2019-10-03', endsOn: '2019-10-01', timezone: 'Europe/Minsk', rsvpDeadline: '2019-10-10' });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/endsOn .* is before startsOn/);
      expect(response.body.message).toMatch(/rsvpDeadline must be before the conference starts/);
    });

    it('answers 404 for an unknown conference and 400 for an id that is not one', async () => {
      expect((await api.get('/api/conferences/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      const malformed = await api.get('/api/conferences/not-an-id');
      expect(malformed.status).toBe(400);
      expect(malformed.body.message).toMatch(/id must be a UUID/);
    });
  });

  describe('lifecycle', () => {
    let regional: any;
    let summit: any;
    let seriesId: string;

    beforeAll(async () => {
      const model = await createModelSeries(api);
      [regional] = model.regionals;
      summit = model.summit;
      seriesId = model.series.id;
    });

    it('refuses with 409 and every failing guard', async () => {
      const response = await api.post(`/api/conferences/${summit.id}/transitions`, { to: 'inviting' });
      expect(response.status).toBe(409);
      expect(response.body.failedGuards.map((g: any) => g.guard)).toEqual(['rsvp_deadline_set']);

      const { body: bare } = await api.post(`/api/series/${seriesId}/conferences`, { title: 'Undecided' });
      const refused = await api.post(`/api/conferences/${bare.id}/transitions`, { to: 'inviting' });
      expect(refused.status).toBe(409);
      expect(refused.body.failedGuards.map((g: any) => g.guard).sort()).toEqual(['capacity_set', 'dates_set', 'rsvp_deadline_set', 'timezone_set']);
    });

    it('refuses transitions the lifecycle does not have, and those only the clock performs', async () => {
      const skip = await api.post(`/api/conferences/${regional.id}/transitions`, { to: 'ready' });
      expect(skip.status).toBe(409);
      expect(skip.body.message).toMatch(/cannot move to ready/);
      const unknown = await api.post(`/api/conferences/${regional.id}/transitions`, { to: 'finished' });
      expect(unknown.status).toBe(400);
    });

    it('needs a reason to postpone, records it, and comes back to planning', async () => {
      const { body: other } = await api.post(`/api/series/${seriesId}/conferences`, MODEL_REGIONALS[1]);
      expect((await api.post(`/api/conferences/${other.id}/transitions`, { to: 'postponed' })).status).toBe(400);
      const postponed = await api.post(`/api/conferences/${other.id}/transitions`, { to: 'postponed', reason: 'Hurricane season' });
      expect(postponed.status).toBe(200);
      expect(postponed.body.state).toBe('postponed');
      expect((await api.post(`/api/conferences/${other.id}/transitions`, { to: 'planning' })).body.state).toBe('planning');
      const history = await api.get(`/api/conferences/${other.id}/events`);
      expect(history.body.items.map((e: any) => [e.from, e.to, e.actor, e.reason])).toEqual([
        ['planning', 'postponed', 'admin', 'Hurricane season'],
        ['postponed', 'planning', 'admin', null],
      ]);
    });

    it('walks a regional conference through its year on the manual clock', async () => {
      const invited = await api.post(`/api/conferences/${regional.id}/transitions`, { to: 'inviting' });
      expect(invited.status).toBe(200);
      expect(invited.body.state).toBe('inviting');

      // Minsk deadline: end of 2019-09-15, Minsk time = 2019-09-15T21:00Z.
      await api.post('/api/admin/clock', { to: replay('2019-09-15T20:59:59Z') });
      expect((await api.get(`/api/conferences/${regional.id}`)).body.state).toBe('inviting');
      const moved = await api.post('/api/admin/clock', { advance: 'PT1S' });
      expect(moved.status).toBe(200);
      expect((await api.get(`/api/conferences/${regional.id}`)).body.state).toBe('registration_closed');

      await allTasksDone(api, regional.id);
      expect((await api.post(`/api/conferences/${regional.id}/transitions`, { to: 'ready' })).body.state).toBe('ready');
      // One jump over the start and the end: both happen, in order.
      const jumped = await api.post('/api/admin/clock', { to: replay('2019-10-06T00:00:00Z') });
      expect(jumped.status).toBe(200);
      expect(jumped.body.performed).toBeGreaterThanOrEqual(2);
      expect((await api.get(`/api/conferences/${regional.id}`)).body.state).toBe('concluded');

      const history = await api.get(`/api/conferences/${regional.id}/events`);
      expect(history.body.items.map((e: any) => `${e.from}->${e.to}:${e.actor}`)).toEqual([
        'planning->inviting:admin',
        'inviting->registration_closed:system',
        'registration_closed->ready:admin',
        'ready->in_session:system',
        'in_session->concluded:system',
      ]);
      const sessionStart = history.body.items[3];
      expect(sessionStart.occurredAt).toBe(replay('2019-10-06T00:00:00.000Z'));
    });

    it('pages the event history with a cursor', async () => {
      const first = await api.get(`/api/conferences/${regional.id}/events?limit=2`);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await api.get(`/api/conferences/${regional.id}/events?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
      expect(Number(second.body.items[0].id)).toBeGreaterThan(Number(first.body.items[1].id));
      expect((await api.get(`/api/conferences/${regional.id}/events?limit=501`)).status).toBe(400);
      expect((await api.get(`/api/conferences/${regional.id}/events?cursor=garbage`)).status).toBe(400);
    });

    it('blocks the summit until every regional conference is reported, cancelled or waived', async () => {
      await api.patch(`/api/conferences/${summit.id}`, { rsvpDeadline: replay('2020-06-01') });
      await api.post(`/api/conferences/${summit.id}/transitions`, { to: 'inviting' });
      await api.post(`/api/conferences/${summit.id}/transitions`, { to: 'registration_closed' });
      await allTasksDone(api, summit.id);
      const blocked = await api.post(`/api/conferences/${summit.id}/transitions`, { to: 'ready' });
      expect(blocked.status).toBe(409);
      const series = await api.get(`/api/series/${seriesId}`);
      const regionals = series.body.conferences.filter((c: any) => c.kind === 'regional');
      // The concluded one counts as missing too: it has no report yet.
      expect(blocked.body.failedGuards).toEqual([{ guard: 'regional_reports_in', message: expect.stringContaining(`${regionals.length} regional conference(s)`) }]);

      const [first, second, ...rest] = regionals;
      expect((await api.post(`/api/conferences/${first.id}/waivers`, { conferenceId: second.id, reason: 'x' })).status).toBe(409);
      for (const c of rest) await api.post(`/api/conferences/${c.id}/transitions`, { to: 'cancelled', reason: 'Merged into Vienna' });
      expect((await api.post(`/api/conferences/${summit.id}/waivers`, { conferenceId: first.id, reason: 'Report delayed by the host' })).status).toBe(201);
      expect((await api.post(`/api/conferences/${summit.id}/waivers`, { conferenceId: first.id, reason: 'again' })).status).toBe(409);
      const stillBlocked = await api.post(`/api/conferences/${summit.id}/transitions`, { to: 'ready' });
      expect(stillBlocked.body.failedGuards[0].message).toContain(second.id);
      await api.post(`/api/conferences/${summit.id}/waivers`, { conferenceId: second.id, reason: 'Postponed indefinitely' });

      const readiness = (await api.get(`/api/series/${seriesId}`)).body.summitReadiness;
      expect(readiness).toMatchObject({ ready: true, missingReports: [] });
      expect(readiness.waivers.map((w: any) => w.reason)).toEqual(['Report delayed by the host', 'Postponed indefinitely']);
      expect((await api.post(`/api/conferences/${summit.id}/transitions`, { to: 'ready' })).body.state).toBe('ready');
    });

    it('only edits a conference in planning or inviting', async () => {
      const refused = await api.patch(`/api/conferences/${regional.id}`, { capacity: 500 });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/only in planning or inviting; this one is concluded/);
    });
  });

  describe('the clock', () => {
    it('never moves backwards', async () => {
      const now = (await api.get('/api/admin/clock')).body.now;
      const response = await api.post('/api/admin/clock', { to: '2001-01-01T00:00:00Z' });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('never moves backwards');
      expect((await api.get('/api/admin/clock')).body.now).toBe(now);
      expect((await api.post('/api/admin/clock', { advance: 'three days' })).status).toBe(400);
    });

    it('starts once at the real time, even when many requests read it first at the same moment', async () => {
      const fresh = await createTestEnvironment();
      try {
        const { api: freshApi } = await fresh.startHttp();
        const reads = await Promise.all(Array.from({ length: 20 }, () => freshApi.get('/api/admin/clock')));
        expect(reads.map((r) => r.status)).toEqual(Array(20).fill(200));
        expect(new Set(reads.map((r) => r.body.now)).size).toBe(1);
        expect(Math.abs(new Date(reads[0].body.now).getTime() - Date.now())).toBeLessThan(60_000);
      } finally {
        await fresh.teardown();
      }
    });

    it('stamps series, conferences and API keys with its own time, not the database\'s', async () => {
      await api.post('/api/admin/clock', { advance: 'P7D' });
      const now = (await api.get('/api/admin/clock')).body.now;
      const { series } = await createModelSeries(api);
      const view = await api.get(`/api/series/${series.id}`);
      expect(view.body.createdAt).toBe(now);
      expect(view.body.conferences.map((c: any) => c.createdAt)).toEqual(Array(6).fill(now));
      const key = await api.post('/api/keys', { name: 'clocked', role: 'viewer' });
      expect(key.status).toBe(201);
      expect(new Date(key.body.createdAt).toISOString()).toBe(now);
      const listed = (await api.get('/api/keys?limit=100')).body.items.find((k: any) => k.name === 'clocked');
      expect(new Date(listed.createdAt).toISOString()).toBe(now);
    });

    it('cannot be moved on the system clock', async () => {
      const system = await env.startHttp({ CONVENE_CLOCK: 'system', APP_ROLE: 'api' });
      try {
        expect((await system.api.post('/api/admin/clock', { advance: 'P1D' })).status).toBe(403);
      } finally {
        await system.close();
      }
    });
  });

  describe('API keys and roles', () => {
    it('asks for a key, and tells a wrong one apart', async () => {
      const none = await api.as(null).get('/api/series');
      expect(none.status).toBe(401);
      expect(none.body.message).toMatch(/Authorization: Bearer/);
      expect((await api.as('cvn_nope').get('/api/series')).status).toBe(401);
    });

    it('lets viewers read only, coordinators work, admins manage keys', async () => {
      const viewer = await api.post('/api/keys', { name: 'observer', role: 'viewer' });
      expect(viewer.status).toBe(201);
      expect(viewer.body).toMatchObject({ id: expect.any(String), name: 'observer', role: 'viewer', key: expect.stringMatching(/^cvn_/) });
      const coordinator = await api.post('/api/keys', { name: 'minsk-desk', role: 'coordinator' });

      const asViewer = api.as(viewer.body.key);
      expect((await asViewer.get('/api/series')).status).toBe(200);
      const write = await asViewer.post('/api/series', { name: 'n', summit: {} });
      expect(write.status).toBe(403);
      expect(write.body.message).toMatch(/viewer/);

      const asCoordinator = api.as(coordinator.body.key);
      const { series } = await createModelSeries(asCoordinator);
      expect((await asCoordinator.post('/api/keys', { name: 'sneaky', role: 'admin' })).status).toBe(403);
      const conference = (await asCoordinator.get(`/api/series/${series.id}`)).body.conferences.find((c: any) => c.kind === 'regional');
      await asCoordinator.post(`/api/conferences/${conference.id}/transitions`, { to: 'inviting' });
      const history = await asCoordinator.get(`/api/conferences/${conference.id}/events`);
      expect(history.body.items[0].actor).toBe('minsk-desk');

      expect((await api.post('/api/keys', { name: 'observer', role: 'viewer' })).status).toBe(409);
      expect((await api.post('/api/keys', { name: 'x', role: 'superuser' })).status).toBe(400);
    });

    it('stores keys only as hashes', async () => {
      const created = await api.post('/api/keys', { name: 'hash-check', role: 'viewer' });
      const { rows } = await db.query(`SELECT * FROM api_keys WHERE name = 'hash-check'`);
      expect(JSON.stringify(rows)).not.toContain(created.body.key);
      expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('keeps the queue dashboard for keys, its actions for admins, however the path is spelled', async () => {
      const viewer = await api.post('/api/keys', { name: 'board-viewer', role: 'viewer' });
      const coordinator = await api.post('/api/keys', { name: 'board-coordinator', role: 'coordinator' });
      const spellings = ['/admin/queues', '/%61dmin/queues', '/admin/%71ueues', '/%61%64%6d%69%6e/%71%75%65%75%65%73'];
      const actions = ['/admin/%71ueues/api/queues/clock/pause', '/%61dmin/queues/api/queues/clock/pause', '/admin/queues/api/queues/clock/pause'];
      for (const path of spellings) {
        const anonymous = await api.as(null).get(path);
        expect([path, anonymous.status]).toEqual([path, 401]);
        expect(anonymous.text).not.toContain('<html');
        expect([path, (await api.as(viewer.body.key).get(path)).status]).toEqual([path, 200]);
      }
      expect((await api.as(null).get('/%61dmin/queues/api/queues')).status).toBe(401);
      for (const path of actions) {
        expect([path, (await api.as(null).request('PUT', path)).status]).toEqual([path, 401]);
        expect([path, (await api.as(viewer.body.key).request('PUT', path)).status]).toEqual([path, 403]);
        expect([path, (await api.as(coordinator.body.key).request('PUT', path)).status]).toEqual([path, 403]);
      }
      // Nothing above paused the queue; an admin can, and resume it.
      expect((await api.get('/admin/queues/api/queues?activeQueue=clock')).body.queues.find((q: any) => q.name === 'clock').isPaused).toBe(false);
      expect((await api.request('PUT', '/admin/%71ueues/api/queues/clock/pause')).status).toBe(200);
      expect((await api.get('/admin/queues/api/queues?activeQueue=clock')).body.queues.find((q: any) => q.name === 'clock').isPaused).toBe(true);
      expect((await api.request('PUT', '/admin/queues/api/queues/clock/resume')).status).toBe(200);

      // Spellings the router does not match reach nothing.
      for (const path of ['//admin/queues', '/Admin/queues', '/admin//queues/api/queues/clock/pause']) {
        expect([path, (await api.as(null).request(path.endsWith('pause') ? 'PUT' : 'GET', path)).status]).toEqual([path, 404]);
      }

      const board = await api.get('/admin/queues');
      expect(board.status).toBe(200);
      expect(board.text).toContain('<html');
      expect(board.headers.get('content-security-policy')).toMatch(/default-src 'self'.*font-src 'self'/);
      expect(board.headers.get('content-security-policy')).not.toMatch(/https?:/);
      expect(board.headers.get('x-frame-options')).toBe('DENY');
      expect(board.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('operations', () => {
    it('reports health of PostgreSQL and Redis, metrics with queue depths, and the OpenAPI document', async () => {
      const health = await api.as(null).get('/health');
      expect(health.status).toBe(200);
      expect(health.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
      const metrics = await api.as(null).get('/metrics');
      expect(metrics.text).toMatch(/convene_queue_jobs\{queue="domain-events",state="waiting"\} \d+/);
      const openapi = await api.as(null).get('/docs/openapi.json');
      expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/series', '/api/conferences/{id}/transitions', '/api/admin/clock']));
    });
  });

  describe('database', () => {
    it('runs a statement as one named prepared statement per connection, inside and outside a transaction', async () => {
      const sql = 'SELECT $1::int + 1 AS n';
      const seen = await app.get(DataSource).transaction(async (manager) => ({
        first: await preparedRows<{ n: number }>(manager, sql, [1]),
        second: await preparedRows<{ n: number }>(manager, sql, [41]),
        prepared: (await manager.query(`SELECT name FROM pg_prepared_statements WHERE statement = $1`, [sql])) as Array<{ name: string }>,
      }));
      expect(seen.first).toEqual([{ n: 2 }]);
      expect(seen.second).toEqual([{ n: 42 }]);
      expect(seen.prepared).toEqual([{ name: expect.stringMatching(/^convene_[0-9a-f]{20}$/) }]);
      expect(await preparedRows(app.get(DataSource), sql, [9])).toEqual([{ n: 10 }]);
    });
  });

  describe('outbox', () => {
    it('delivers an event committed just before a crash, once the service is back, and only once', async () => {
      TransitionRecorder.received = [];
      // A deployment of its own, so no other consumer of this file takes the event first.
      const deployment = await createTestEnvironment();
      try {
        await crashAndRecover(deployment);
      } finally {
        await deployment.teardown();
      }
    });

    async function crashAndRecover(env: TestEnvironment): Promise<void> {
      const db = new Client({ connectionString: env.databaseUrl });
      await db.connect();
      try {
        await crashAndRecoverWith(env, db);
      } finally {
        await db.end();
      }
    }

    async function crashAndRecoverWith(env: TestEnvironment, db: Client): Promise<void> {
      // An API process whose relay never runs: it dies between commit and publish.
      const doomed = await env.startHttp({ APP_ROLE: 'api', OUTBOX_RELAY: 'false' });
      const { regionals } = await createModelSeries(doomed.api);
      const moved = await doomed.api.post(`/api/conferences/${regionals[0].id}/transitions`, { to: 'inviting' });
      expect(moved.status).toBe(200);
      // A relay pass whose queue write fails leaves the event unpublished for the next one.
      await expect(doomed.app.get(OutboxRelayService).withClaimedBatch(10, () => Promise.reject(new Error('queue unavailable')))).rejects.toThrow('queue unavailable');
      await doomed.close();
      const pending = await db.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'conference.transitioned' AND published_at IS NULL`, [regionals[0].id]);
      expect(pending.rowCount).toBe(1);

      const worker = await env.startWorker({}, { providers: [TransitionRecorder] });
      const event = await waitFor(() => TransitionRecorder.received.find((e) => e.aggregateId === regionals[0].id), 'the transition event');
      expect(event).toMatchObject({ type: 'conference.transitioned', data: { from: 'planning', to: 'inviting', actor: 'admin' } });
      // The consumer may finish before the relay's own transaction marks the row.
      await waitFor(async () => (await db.query(`SELECT published_at FROM outbox_events WHERE id = $1`, [pending.rows[0].id])).rows[0].published_at, 'the row to be marked published');

      // A relay that crashed after enqueuing but before marking publishes again: nothing runs twice.
      await db.query(`UPDATE outbox_events SET published_at = NULL WHERE id = $1`, [pending.rows[0].id]);
      await worker.app.get(OutboxRelayService).flush();
      const queue = worker.app.get<Queue>(getQueueToken(QUEUES.domainEvents));
      await waitFor(async () => (await queue.getJobCounts('waiting', 'active')).waiting === 0, 'the queue to drain');
      expect(TransitionRecorder.received.filter((e) => e.aggregateId === regionals[0].id)).toHaveLength(1);
      expect((await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`)).rows[0].n).toBe(0);
    }
  });
});
