import { DateTime, Duration } from 'luxon';
import { ConveneApi } from './api-client';
import { DEFAULT_SIZE, DemoSize } from './demo-directory';
import { modelSeries, replay } from './model-series';
import { Progress, progressBar } from './progress';
import { Printer, renderTable } from './output';
import { ConferenceAnswer, SeriesAnswer, dates, describeReadiness } from './series.command';

/** A moment of one conference's year that a timed step is attached to. */
export type Milestone = 'rsvpDeadline' | 'start' | 'end';

/**
 * When a timed step runs: at a milestone of every conference that has it (optionally shifted by an
 * ISO-8601 duration, "-P7D" for a week before), or once at a time of the model calendar.
 */
export type When = { milestone: Milestone; offset?: string; kinds?: Array<ConferenceAnswer['kind']> } | { modelTime: string };

/** Runs once, in list order, before the clock starts walking (setup) or after it stopped (finish). */
export interface OnceStep {
  name: string;
  run(ctx: DryRunContext): Promise<void>;
}

/** Runs when the walking clock reaches its time; per conference for milestone steps. */
export interface TimedStep {
  name: string;
  when: When;
  run(ctx: DryRunContext, conference: ConferenceAnswer | null): Promise<void>;
}

export interface DryRunPlan {
  /** The model-calendar time the clock is set to before the first step. */
  startsAt: string;
  setup: OnceStep[];
  timeline: TimedStep[];
  finish: OnceStep[];
}

/** One conference of GET /api/pipeline, as far as the dry run reads it. */
export interface PipelineConferenceAnswer {
  id: string;
  seriesId: string;
  state: string;
  counts: { invited: number; sent: number; failed: number; accepted: number; declined: number; waitlisted: number; noAnswer: number };
  nextMilestone: { name: string; at: string | null; transition: string } | null;
  overdue: Array<{ kind: string; message: string; count?: number }>;
  blockers: Array<{ guard: string; message: string }>;
}

export interface PipelineAnswer {
  conferences: PipelineConferenceAnswer[];
  queues: Array<{ queue: string; waiting: number; active: number; delayed: number; failed: number }>;
}

/** How long a snapshot waits for the work a clock move queued to be done (the clock jumps; workers do not). */
const SETTLE_MS = 10_000;

export interface DryRunOptions {
  /** The folder the service writes mail to (no SMTP server): invitees read their links there. */
  outboxDir?: string;
  /** The folder the dry run writes the documents it fetched to (reports, a list of participants, a badge). */
  filesDir?: string;
  /** The API key, for downloads that are not JSON. */
  apiKey?: string;
  size?: DemoSize;
  /** Changes every invitee's choices; the same seed makes the same choices. */
  seed?: number;
  /** Where progress bars are drawn (a terminal only). */
  progressStream?: NodeJS.WriteStream;
}

/** A file the dry run wrote, named in the final summary. */
export interface WrittenFile {
  what: string;
  path: string;
}

/** What a step works with: the API, the model data for this run, and ways to report. */
export interface DryRunContext {
  api: ConveneApi;
  out: Printer;
  /** The model series with dates moved into this run's future. */
  model: ReturnType<typeof modelSeries>;
  /** A model-calendar date or time moved the same way. */
  replay(value: string): string;
  /** Set by the step that creates the series. */
  seriesId: string | null;
  /** Where the invitees' mail lands; null when the mail goes to an SMTP server the dry run cannot read. */
  outboxDir: string | null;
  /** RSVP tokens whose invitee has already acted on their mail, so a later step does not answer twice. */
  answeredLinks: Set<string>;
  size: DemoSize;
  seed: number;
  /** The directory's contact ids by lower-case e-mail address, once imported. */
  contactIds: Map<string, string>;
  /** The RSVP token each uploaded credential came through, so a rejected delegation can send another. */
  credentialLinks: Map<string, string>;
  /** Where fetched documents are written; null when the dry run keeps none. */
  filesDir: string | null;
  files: WrittenFile[];
  /** The raw bytes of a GET (PDF, Markdown), with the admin key; throws on any status but 200. */
  download(path: string): Promise<Buffer>;
  /** A bar for a long step; draws nothing when the output is not a terminal. */
  progress(unit: string): Progress;
  now: Date;
  /** Automatic transitions and other due work the clock moves performed. */
  performed: number;
  /** Things that did not happen as the lifecycle says they must; the dry run fails when any. */
  problems: string[];
  /** Sentences for the final summary (findings, such as what blocks the summit). */
  findings: string[];
  say(text: string): void;
  series(): Promise<SeriesAnswer>;
  conference(id: string): Promise<ConferenceAnswer>;
  /**
   * The series' conferences as GET /api/pipeline sees them (funnel, next milestone, blockers), once
   * the queues hold no waiting or running job, so work just queued is not read as late.
   */
  pipeline(): Promise<PipelineConferenceAnswer[]>;
  /** Prints where every conference stands: funnel, next milestone, blockers, and the summit readiness. */
  snapshot(title: string): Promise<SeriesAnswer>;
}

const ZERO = Duration.fromMillis(0);

function parseOffset(offset: string | undefined): Duration {
  if (!offset) return ZERO;
  const negative = offset.startsWith('-');
  const duration = Duration.fromISO(offset.replace(/^-/, ''));
  if (!duration.isValid) throw new Error(`Dry-run step offset ${offset} is not an ISO-8601 duration.`);
  return negative ? duration.negate() : duration;
}

/** The instant of a conference milestone: the deadline as set, the start and end at local midnight. */
export function milestoneInstant(c: ConferenceAnswer, milestone: Milestone): DateTime | null {
  if (milestone === 'rsvpDeadline') return c.rsvpDeadline ? DateTime.fromISO(c.rsvpDeadline, { setZone: true }) : null;
  if (!c.timezone) return null;
  if (milestone === 'start') return c.startsOn ? DateTime.fromISO(c.startsOn, { zone: c.timezone }).startOf('day') : null;
  return c.endsOn ? DateTime.fromISO(c.endsOn, { zone: c.timezone }).plus({ days: 1 }).startOf('day') : null;
}

/** What a secretariat looks at next, from the state and the dates. */
export function nextMilestone(c: ConferenceAnswer, series: SeriesAnswer): string {
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '?');
  switch (c.state) {
    case 'planning':
      return 'open invitations';
    case 'inviting':
      return `registration closes ${day(c.rsvpDeadline)}`;
    case 'registration_closed':
      if (c.kind === 'summit' && !series.summitReadiness.ready) return `waits for ${series.summitReadiness.missingReports.length} regional report(s)`;
      return `confirm readiness before ${day(c.startsOn)}`;
    case 'ready':
      return `opens ${day(c.startsOn)}`;
    case 'in_session':
      return `concludes after ${day(c.endsOn)}`;
    case 'concluded':
      return 'record outcomes, submit the report';
    case 'reported':
      return 'close';
    case 'postponed':
      return 'set new dates, back to planning';
    default:
      return '-';
  }
}

const WIDTH = 100;

/** Words wrapped to the output width, continuation lines indented under the first. */
export function wrap(text: string, indent: string, width = WIDTH): string[] {
  const lines: string[] = [];
  // The first line keeps its own leading spaces.
  let line = /^\s*/.exec(text)![0];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.trim() && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = line.trim() ? `${line} ${word}` : `${line}${word}`;
  }
  if (line) lines.push(line);
  return lines;
}

const placeName = (c: ConferenceAnswer) => (c.kind === 'summit' ? `Summit, ${c.city ?? c.title}` : c.city ?? c.title);

/** Conference ids in the service's sentences, replaced by the names people know them by. */
export const namedConferences = (conferences: ConferenceAnswer[], text: string) => conferences.reduce((t, other) => t.split(other.id).join(placeName(other)), text);

/**
 * Where every conference stands, in 100 columns: a funnel table (GET /api/pipeline), then per
 * conference its next milestone and what blocks it, then the summit readiness.
 */
export function renderSnapshot(series: SeriesAnswer, pipeline: PipelineConferenceAnswer[]): string {
  const rows = [...series.conferences].sort((a, b) => (a.kind === b.kind ? (a.startsOn ?? '').localeCompare(b.startsOn ?? '') : a.kind === 'summit' ? 1 : -1));
  const funnel = new Map(pipeline.map((p) => [p.id, p]));
  const count = (key: keyof PipelineConferenceAnswer['counts']) => (c: ConferenceAnswer) => funnel.get(c.id)?.counts[key] ?? '?';
  const table = renderTable(rows, [
    { header: 'Conference', value: (c) => (c.kind === 'summit' ? 'Summit' : c.city ?? c.title) },
    { header: 'State', value: (c) => funnel.get(c.id)?.state ?? c.state },
    { header: 'Invited', value: count('invited') },
    { header: 'Sent', value: count('sent') },
    { header: 'Accepted', value: count('accepted') },
    { header: 'Declined', value: count('declined') },
    { header: 'Waitlist', value: count('waitlisted') },
    { header: 'No reply', value: count('noAnswer') },
  ]);
  const lines: string[] = [];
  for (const c of rows) {
    const seen = funnel.get(c.id);
    lines.push(...wrap(`${placeName(c)} (${dates(c) ?? 'no dates'}): next, ${nextMilestone({ ...c, state: seen?.state ?? c.state }, series)}.`, '    '));
    const blockers = [...(seen?.blockers.map((b) => b.message) ?? []), ...(seen?.overdue.map((o) => `late: ${o.message}`) ?? [])];
    for (const blocker of blockers) lines.push(...wrap(`  - ${namedConferences(series.conferences, blocker)}`, '    '));
  }
  return `${table}${lines.join('\n')}\nSummit readiness: ${describeReadiness(series)}\n`;
}

export interface AgendaItem {
  at: DateTime;
  order: number;
  step: TimedStep;
  conference: ConferenceAnswer | null;
}

/** Every timed step at every conference it applies to, in time order (list order breaks ties). */
export function agenda(plan: Pick<DryRunPlan, 'timeline'>, conferences: ConferenceAnswer[], replayTime: (value: string) => string): AgendaItem[] {
  const items: AgendaItem[] = [];
  plan.timeline.forEach((step, order) => {
    const when = step.when;
    if ('modelTime' in when) {
      items.push({ at: DateTime.fromISO(replayTime(when.modelTime), { setZone: true }), order, step, conference: null });
      return;
    }
    for (const conference of conferences) {
      if (when.kinds && !when.kinds.includes(conference.kind)) continue;
      const at = milestoneInstant(conference, when.milestone);
      if (at) items.push({ at: at.plus(parseOffset(when.offset)), order, step, conference });
    }
  });
  return items.sort((a, b) => a.at.toMillis() - b.at.toMillis() || a.order - b.order || (a.conference?.startsOn ?? '').localeCompare(b.conference?.startsOn ?? ''));
}

/**
 * Walks a series through its year on the manual clock: setup steps, then the clock jumps from one
 * timed step to the next (the service performs what became due on each move), then finish steps.
 */
export async function runDryRun(plan: DryRunPlan, api: ConveneApi, out: Printer, options: DryRunOptions = {}): Promise<DryRunContext> {
  const clock = await api.get<{ mode: string; now: string }>('/api/admin/clock');
  if (clock.mode !== 'manual') throw new Error('The dry run needs a service running with CONVENE_CLOCK=manual.');
  // The series replays in the year after the clock's current one, so a second run still lies ahead of the first.
  const shift = new Date(clock.now).getUTCFullYear() + 1 - 2019;
  const replayTime = (value: string) => replay(value, shift);

  const moveTo = async (at: DateTime) => {
    if (at.toMillis() <= ctx.now.getTime()) return;
    const moved = await api.post<{ now: string; performed: number }>('/api/admin/clock', { to: at.toUTC().toISO() });
    ctx.now = new Date(moved.now);
    ctx.performed += moved.performed;
  };

  const ctx: DryRunContext = {
    api,
    out,
    model: modelSeries(shift),
    replay: replayTime,
    seriesId: null,
    outboxDir: options.outboxDir ?? null,
    answeredLinks: new Set(),
    size: options.size ?? DEFAULT_SIZE,
    seed: options.seed ?? 0,
    contactIds: new Map(),
    credentialLinks: new Map(),
    filesDir: options.filesDir ?? null,
    files: [],
    download: async (path) => {
      const response = await fetch(`${api.baseUrl}${path}`, { headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {} });
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${bytes.toString('utf8').slice(0, 300)}`);
      return bytes;
    },
    progress: (unit) => progressBar(options.progressStream, unit),
    now: new Date(clock.now),
    performed: 0,
    problems: [],
    findings: [],
    say: (text) => out.line(`  ${DateTime.fromJSDate(ctx.now, { zone: 'utc' }).toFormat("yyyy-MM-dd HH:mm 'UTC'")}  ${text}`),
    series: () => {
      if (!ctx.seriesId) throw new Error('No series yet: the first setup step creates it.');
      return api.get<SeriesAnswer>(`/api/series/${ctx.seriesId}`);
    },
    conference: (id) => api.get<ConferenceAnswer>(`/api/conferences/${id}`),
    pipeline: async () => {
      const until = Date.now() + SETTLE_MS;
      for (;;) {
        const view = await api.get<PipelineAnswer>(`/api/pipeline?seriesId=${ctx.seriesId}`);
        if (view.queues.every((q) => q.waiting + q.active === 0) || Date.now() > until) return view.conferences;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    snapshot: async (title) => {
      const [series, pipeline] = await Promise.all([ctx.series(), ctx.pipeline()]);
      out.line();
      out.line(`${title} (${DateTime.fromJSDate(ctx.now, { zone: 'utc' }).toFormat('d LLLL yyyy')})`);
      out.line(renderSnapshot(series, pipeline).trimEnd());
      out.line();
      return series;
    },
  };

  await moveTo(DateTime.fromISO(replayTime(plan.startsAt), { setZone: true }));
  for (const step of plan.setup) {
    out.line(`- ${step.name}`);
    await step.run(ctx);
  }
  const { conferences } = await ctx.series();
  for (const item of agenda(plan, conferences, replayTime)) {
    await moveTo(item.at);
    await item.step.run(ctx, item.conference ? await ctx.conference(item.conference.id) : null);
  }
  for (const step of plan.finish) {
    out.line(`- ${step.name}`);
    await step.run(ctx);
  }
  return ctx;
}
