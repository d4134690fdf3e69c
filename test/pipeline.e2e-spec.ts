import { Injectable, OnModuleInit } from '@nestjs/common';
import { FunnelCounts, OverdueItem, PipelineContributions } from '../src/modules/pipeline/pipeline-contributions';
import { QUEUES } from '../src/platform/messaging/queue-catalog';
import { allTasksDone } from './support/delegations';
import { createModelSeries, replay } from './support/fixtures';
import { ApiClient, TestEnvironment, createTestEnvironment } from './support/test-app';

/**
 * A known fixture standing in for the modules that will contribute (invitations, check-in,
 * reminders, logistics): two funnel sources whose counts must add up, an overdue source, and a
 * source that fails on demand.
 */
@Injectable()
class FixtureContributions implements OnModuleInit {
  static invitations = new Map<string, Partial<FunnelCounts>>();
  static attendance = new Map<string, Partial<FunnelCounts>>();
  static overdue = new Map<string, OverdueItem[]>();
  static flakyFails = false;

  constructor(private readonly contributions: PipelineContributions) {}

  onModuleInit(): void {
    const pick = <T>(source: Map<string, T>, ids: string[]) => new Map(ids.filter((id) => source.has(id)).map((id) => [id, source.get(id)!]));
    this.contributions.registerFunnel({ name: 'fixture-invitations', countsFor: async (ids) => pick(FixtureContributions.invitations, ids) });
    this.contributions.registerFunnel({ name: 'fixture-attendance', countsFor: async (ids) => pick(FixtureContributions.attendance, ids) });
    this.contributions.registerOverdue({ name: 'fixture-overdue', overdueFor: async (ids) => pick(FixtureContributions.overdue, ids) });
    this.contributions.registerFunnel({
      name: 'fixture-flaky',
      countsFor: async () => {
        if (FixtureContributions.flakyFails) throw new Error('aggregate table unavailable');
        return new Map();
      },
    });
  }
}

describe('pipeline status: GET /api/pipeline', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let model: Awaited<ReturnType<typeof createModelSeries>>;
  let other: Awaited<ReturnType<typeof createModelSeries>>;
  const byCity = (body: any, city: string) => body.conferences.find((c: any) => c.city === city && c.seriesId === model.series.id);

  beforeAll(async () => {
    env = await createTestEnvironment();
    ({ api } = await env.startHttp({}, { providers: [FixtureContributions] }));
    // Series are listed in the order they were created, so the second is created a second later.
    await api.post('/api/admin/clock', { to: replay('2019-07-31T23:59:59Z') });
    model = await createModelSeries(api);
    await api.post('/api/admin/clock', { to: replay('2019-08-01T00:00:00Z') });
    other = await createModelSeries(api);
    // The checklist is logistics' concern; here only the fixture contributions are listed.
    for (const conference of [...model.regionals, model.summit]) await allTasksDone(api, conference.id);
    const [minsk, portOfSpain] = model.regionals;
    FixtureContributions.invitations.set(minsk.id, { invited: 400, sent: 390, failed: 10, accepted: 250, declined: 40, waitlisted: 5, noAnswer: 105 });
    FixtureContributions.attendance.set(minsk.id, { attended: 0 });
    FixtureContributions.invitations.set(portOfSpain.id, { invited: 120, sent: 120, accepted: 12, noAnswer: 108 });
    // A second source counting the same stage: the pipeline adds, it does not overwrite.
    FixtureContributions.attendance.set(portOfSpain.id, { invited: 3, sent: 3, accepted: 3 });
    FixtureContributions.overdue.set(portOfSpain.id, [{ kind: 'reminder_step', message: 'The 7-day reminder to non-responders is 2 hours late.', since: replay('2019-10-11T09:00:00-04:00'), count: 108 }]);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('needs a key and lets a viewer read', async () => {
    const anonymous = await api.as(null).get('/api/pipeline');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toMatch(/Bearer/);

    const { body: viewer } = await api.post('/api/keys', { name: 'pipeline-viewer', role: 'viewer' });
    const read = await api.as(viewer.key).get('/api/pipeline');
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
  });

  it('shows every conference of every series with its state and funnel counts from the contributions', async () => {
    const { status, body } = await api.get('/api/pipeline');
    expect(status).toBe(200);
    expect(body.generatedAt).toBe(new Date(replay('2019-08-01T00:00:00Z')).toISOString());
    expect(body.series.map((s: any) => s.id)).toEqual([model.series.id, other.series.id]);
    expect(body.conferences).toHaveLength(12);

    const series = body.series[0];
    // Regional conferences in calendar order, then the summit.
    expect(series.conferenceIds).toEqual([...model.regionals.map((c: any) => c.id), model.summit.id]);
    expect(series.summitId).toBe(model.summit.id);
    expect(body.conferences.filter((c: any) => c.seriesId === model.series.id).map((c: any) => c.state)).toEqual(Array(6).fill('planning'));

    expect(byCity(body, 'Minsk').counts).toEqual({ invited: 400, sent: 390, failed: 10, accepted: 250, declined: 40, waitlisted: 5, noAnswer: 105, attended: 0 });
    expect(byCity(body, 'Port of Spain').counts).toEqual({ invited: 123, sent: 123, failed: 0, accepted: 15, declined: 0, waitlisted: 0, noAnswer: 108, attended: 0 });
    expect(byCity(body, 'Vienna').counts).toEqual({ invited: 0, sent: 0, failed: 0, accepted: 0, declined: 0, waitlisted: 0, noAnswer: 0, attended: 0 });
    expect(body.unavailable).toEqual([]);
  });

  it('filters by series, and names an unknown or malformed series', async () => {
    const filtered = await api.get(`/api/pipeline?seriesId=${other.series.id}`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.series.map((s: any) => s.id)).toEqual([other.series.id]);
    expect(filtered.body.conferences).toHaveLength(6);
    expect(new Set(filtered.body.conferences.map((c: any) => c.seriesId))).toEqual(new Set([other.series.id]));

    const unknown = await api.get('/api/pipeline?seriesId=00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/No series with id/);
    const malformed = await api.get('/api/pipeline?seriesId=minsk');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/seriesId must be a series id/);
    expect((await api.get('/api/pipeline?colour=blue')).status).toBe(400);
  });

  it('gives the depth of every queue', async () => {
    const { body } = await api.get('/api/pipeline');
    expect(body.queues.map((q: any) => q.queue).sort()).toEqual(Object.values(QUEUES).sort());
    for (const queue of body.queues) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(Number.isInteger(queue[state])).toBe(true);
    }
  });

  it('shows summit readiness with the missing reports, on the series and on the summit', async () => {
    const { body } = await api.get(`/api/pipeline?seriesId=${model.series.id}`);
    const regionalIds = model.regionals.map((c: any) => c.id);
    expect(body.series[0].summitReadiness).toEqual({ ready: false, regionalConferences: regionalIds.length, missingReports: regionalIds, waivers: [] });
    const summit = body.conferences.find((c: any) => c.kind === 'summit');
    expect(summit.summitReadiness.missingReports).toEqual(regionalIds);
    expect(byCity(body, 'Minsk').summitReadiness).toBeUndefined();
  });

  it('names the blockers of the next transition in plain words', async () => {
    const { body } = await api.get(`/api/pipeline?seriesId=${model.series.id}`);
    // The model summit is created without an RSVP deadline; the regional conferences have everything.
    const summit = body.conferences.find((c: any) => c.kind === 'summit');
    expect(summit.nextTransition).toBe('inviting');
    expect(summit.blockers).toEqual([{ guard: 'rsvp_deadline_set', message: 'Set the RSVP deadline (rsvpDeadline).' }]);
    expect(byCity(body, 'Minsk').blockers).toEqual([]);
    expect(byCity(body, 'Minsk').transitions.sort()).toEqual(['cancelled', 'inviting', 'postponed']);

    const { body: bare } = await api.post(`/api/series/${model.series.id}/conferences`, { title: 'Undecided', city: 'Geneva' });
    const after = await api.get(`/api/pipeline?seriesId=${model.series.id}`);
    const undecided = after.body.conferences.find((c: any) => c.id === bare.id);
    expect(undecided.blockers.map((b: any) => b.guard).sort()).toEqual(['capacity_set', 'dates_set', 'rsvp_deadline_set', 'timezone_set']);
    expect(undecided.nextMilestone).toEqual({ name: 'invitations', at: null, transition: 'inviting' });
    // The series' summit now also waits for this conference's report.
    expect(after.body.series[0].summitReadiness.missingReports).toContain(bare.id);
    await api.post(`/api/conferences/${bare.id}/transitions`, { to: 'cancelled', reason: 'Merged into Vienna' });
  });

  it('gives the next milestone with its date in the conference time zone', async () => {
    const [minsk, portOfSpain] = model.regionals;
    expect((await api.post(`/api/conferences/${minsk.id}/transitions`, { to: 'inviting' })).status).toBe(200);
    expect((await api.post(`/api/conferences/${portOfSpain.id}/transitions`, { to: 'inviting' })).status).toBe(200);
    expect((await api.post(`/api/conferences/${portOfSpain.id}/transitions`, { to: 'registration_closed' })).status).toBe(200);

    const { body } = await api.get(`/api/pipeline?seriesId=${model.series.id}`);
    // Minsk: the deadline date covers the whole day, Minsk time (UTC+3).
    expect(byCity(body, 'Minsk')).toMatchObject({
      state: 'inviting',
      nextMilestone: { name: 'rsvp_deadline', at: replay('2019-09-15T23:59:59+03:00'), transition: 'registration_closed' },
      nextTransition: 'registration_closed',
      blockers: [],
    });
    // Port of Spain: the ready check is due before the opening, local midnight (UTC-4).
    expect(byCity(body, 'Port of Spain').nextMilestone).toEqual({ name: 'ready_check', at: replay('2019-11-06T00:00:00-04:00'), transition: 'ready' });
    expect(byCity(body, 'Budapest').nextMilestone).toEqual({ name: 'invitations', at: null, transition: 'inviting' });
    expect(body.conferences.find((c: any) => c.kind === 'summit').state).toBe('planning');
  });

  it('lists overdue items from the contributions and the milestones the lifecycle missed', async () => {
    const before = await api.get(`/api/pipeline?seriesId=${model.series.id}`);
    expect(byCity(before.body, 'Port of Spain').overdue).toEqual([
      { kind: 'reminder_step', message: 'The 7-day reminder to non-responders is 2 hours late.', since: replay('2019-10-11T09:00:00-04:00'), count: 108 },
    ]);
    expect(byCity(before.body, 'Budapest').overdue).toEqual([]);

    // Port of Spain is still registration_closed when its opening day comes.
    await api.post('/api/admin/clock', { to: replay('2019-11-06T12:00:00Z') });
    const after = await api.get(`/api/pipeline?seriesId=${model.series.id}`);
    const overdue = byCity(after.body, 'Port of Spain').overdue;
    expect(overdue[0]).toEqual({
      kind: 'milestone_missed',
      message: `The conference was due to start on ${replay('2019-11-06')} but was never declared ready, so it cannot go into session.`,
      since: replay('2019-11-06T00:00:00-04:00'),
    });
    expect(overdue).toHaveLength(2);
    // Minsk's deadline passed on the way: the clock closed its registration.
    expect(byCity(after.body, 'Minsk').state).toBe('registration_closed');
  });

  it('still answers when a contribution fails, naming what is missing', async () => {
    FixtureContributions.flakyFails = true;
    try {
      const { status, body } = await api.get('/api/pipeline');
      expect(status).toBe(200);
      expect(body.unavailable).toEqual(['fixture-flaky']);
      expect(byCity(body, 'Minsk').counts.invited).toBe(400);
    } finally {
      FixtureContributions.flakyFails = false;
    }
  });
});
