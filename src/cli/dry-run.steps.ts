import { DryRunContext, DryRunPlan, OnceStep, TimedStep } from './dry-run';
import { ConferenceAnswer, SeriesAnswer } from './series.command';

const label = (c: ConferenceAnswer) => (c.kind === 'summit' ? 'Summit' : c.city ?? c.title);

/** Checks that the automatic transition due at this moment happened; a dry run that sees otherwise fails. */
function expectMoved(ctx: DryRunContext, c: ConferenceAnswer, stillIn: string, movedTo: string, what: string): void {
  if (c.state === movedTo) ctx.say(`${label(c)}: ${what} automatically -> ${movedTo}`);
  else if (c.state === stillIn) ctx.problems.push(`${label(c)} should have moved from ${stillIn} to ${movedTo} at ${ctx.now.toISOString()}, but did not.`);
}

const createSeries: OnceStep = {
  name: 'The secretariat creates the model series: five regional conferences and the summit',
  async run(ctx) {
    const { name, summit, summitPreparation, regionals } = ctx.model;
    const series = await ctx.api.post<SeriesAnswer>('/api/series', { name, summit });
    ctx.seriesId = series.id;
    for (const regional of regionals) await ctx.api.post(`/api/series/${series.id}/conferences`, regional);
    await ctx.api.patch(`/api/conferences/${series.summit!.id}`, summitPreparation);
    ctx.say(`series "${name}" created with ${regionals.length} regional conferences and the summit in ${summit.city}`);
  },
};

const openInvitations: OnceStep = {
  name: 'The secretariat opens invitations for every conference',
  async run(ctx) {
    for (const c of (await ctx.series()).conferences) {
      const moved = await ctx.api.post<ConferenceAnswer>(`/api/conferences/${c.id}/transitions`, { to: 'inviting' });
      ctx.say(`${label(c)}: planning -> ${moved.state}`);
    }
    await ctx.snapshot('Invitations are open');
  },
};

const registrationCloses: TimedStep = {
  name: 'Registration closes at the RSVP deadline',
  when: { milestone: 'rsvpDeadline' },
  async run(ctx, c) {
    expectMoved(ctx, c!, 'inviting', 'registration_closed', 'RSVP deadline passed');
  },
};

const confirmReadiness: TimedStep = {
  name: 'Two days after the deadline the secretariat confirms readiness',
  when: { milestone: 'rsvpDeadline', offset: 'P2D' },
  async run(ctx, c) {
    const conference = c!;
    if (conference.state !== 'registration_closed') return;
    const answer = await ctx.api.request<{ state?: string; message?: string; failedGuards?: Array<{ guard: string; message: string }> }>(
      'POST',
      `/api/conferences/${conference.id}/transitions`,
      { to: 'ready' },
    );
    if (answer.status === 200) {
      ctx.say(`${label(conference)}: registration_closed -> ${answer.body.state} (commanded)`);
      return;
    }
    const { conferences } = await ctx.series();
    // Guards name conferences by id; people know them by city.
    const byName = (text: string) => conferences.reduce((t, other) => t.split(other.id).join(label(other)), text);
    const blockers = byName(answer.body.failedGuards?.map((g) => g.message).join(' ') || answer.body.message || 'no reason given');
    ctx.say(`${label(conference)}: cannot be ready yet (${answer.status}): ${blockers}`);
    ctx.findings.push(`${label(conference)} could not be confirmed ready: ${blockers}`);
  },
};

const conferenceOpens: TimedStep = {
  name: 'Each conference opens at its start date, conference time',
  when: { milestone: 'start' },
  async run(ctx, c) {
    expectMoved(ctx, c!, 'ready', 'in_session', 'start date reached');
    if (c!.state !== 'in_session') ctx.say(`${label(c!)}: does not open, it is ${c!.state}`);
  },
};

const conferenceConcludes: TimedStep = {
  name: 'Each conference concludes after its end date',
  when: { milestone: 'end' },
  async run(ctx, c) {
    expectMoved(ctx, c!, 'in_session', 'concluded', 'end date passed');
  },
};

const snapshotAt = (title: string, modelTime: string): TimedStep => ({
  name: title,
  when: { modelTime },
  async run(ctx) {
    await ctx.snapshot(title);
  },
});

const finalPicture: OnceStep = {
  name: 'Where every conference stands at the end of the dry run',
  async run(ctx) {
    await ctx.snapshot('End of the dry run');
  },
};

/**
 * The dry run of the model series, as a secretariat would live it. Steps are named and run in this
 * order (timed steps in clock order); a new capability adds its steps here.
 */
export const MODEL_SERIES_DRY_RUN: DryRunPlan = {
  startsAt: '2019-08-01T08:00:00Z',
  setup: [createSeries, openInvitations],
  timeline: [
    registrationCloses,
    confirmReadiness,
    conferenceOpens,
    conferenceConcludes,
    snapshotAt('Half-way: the turn of the year', '2020-01-01T12:00:00Z'),
    snapshotAt('Every regional conference has met', '2020-03-09T12:00:00Z'),
  ],
  finish: [finalPicture],
};
