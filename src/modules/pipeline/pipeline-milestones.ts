import type { ConferenceState } from '../conferences';
import type { ConferenceSummary } from '../conferences';
import { inConferenceZone, sessionWindow } from '../conferences';
import type { OverdueItem } from './pipeline-contributions';

/** What a conference waits for next, whether the clock or the secretariat brings it. */
export type MilestoneName = 'invitations' | 'rsvp_deadline' | 'ready_check' | 'start' | 'end' | 'report' | 'close' | 'replanning';

export interface Milestone {
  name: MilestoneName;
  /** ISO-8601 with the conference's own offset; null when no date decides it. */
  at: string | null;
  /** The transition the milestone leads to. */
  transition: ConferenceState;
}

/** The forward move from each state: the one whose blockers the secretariat needs to see. */
export const NEXT_TRANSITION: Record<ConferenceState, ConferenceState | null> = {
  planning: 'inviting',
  inviting: 'registration_closed',
  registration_closed: 'ready',
  ready: 'in_session',
  in_session: 'concluded',
  concluded: 'reported',
  reported: 'closed',
  closed: null,
  postponed: 'planning',
  cancelled: null,
};

/** The lifecycle a conference walks when nothing goes wrong; postponed and cancelled step aside from it. */
export const LIFECYCLE_PATH: ConferenceState[] = ['planning', 'inviting', 'registration_closed', 'ready', 'in_session', 'concluded', 'reported', 'closed'];

type Dated = Pick<ConferenceSummary, 'state' | 'startsOn' | 'endsOn' | 'timezone' | 'rsvpDeadline'>;

/** A conference's key instants, as instants and as ISO-8601 in its own zone. */
export interface ZonedDates {
  window: { startsAt: Date; endsAt: Date } | null;
  rsvpDeadline: string | null;
  startsAt: string | null;
  endsAt: string | null;
}

const zonedCache = new Map<string, ZonedDates>();
const ZONED_CACHE_LIMIT = 10_000;

/**
 * Zone arithmetic costs a formatting call per instant, and the pipeline is polled every few
 * seconds for dates that almost never change: results are kept by the dates they come from.
 */
export function zonedDates(c: Pick<ConferenceSummary, 'startsOn' | 'endsOn' | 'timezone' | 'rsvpDeadline'>): ZonedDates {
  const key = `${c.timezone}|${c.startsOn}|${c.endsOn}|${c.rsvpDeadline?.getTime() ?? ''}`;
  let dates = zonedCache.get(key);
  if (!dates) {
    const window = sessionWindow(c);
    dates = {
      window,
      rsvpDeadline: inConferenceZone(c.rsvpDeadline, c.timezone),
      startsAt: inConferenceZone(window?.startsAt ?? null, c.timezone),
      endsAt: inConferenceZone(window?.endsAt ?? null, c.timezone),
    };
    if (zonedCache.size >= ZONED_CACHE_LIMIT) zonedCache.clear();
    zonedCache.set(key, dates);
  }
  return dates;
}

export function nextMilestone(c: Dated): Milestone | null {
  const dates = zonedDates(c);
  switch (c.state) {
    case 'planning':
      return { name: 'invitations', at: null, transition: 'inviting' };
    case 'inviting':
      return { name: 'rsvp_deadline', at: dates.rsvpDeadline, transition: 'registration_closed' };
    case 'registration_closed':
      // The ready check has to pass before the start, or the conference cannot open on time.
      return { name: 'ready_check', at: dates.startsAt, transition: 'ready' };
    case 'ready':
      return { name: 'start', at: dates.startsAt, transition: 'in_session' };
    case 'in_session':
      return { name: 'end', at: dates.endsAt, transition: 'concluded' };
    case 'concluded':
      return { name: 'report', at: null, transition: 'reported' };
    case 'reported':
      return { name: 'close', at: null, transition: 'closed' };
    case 'postponed':
      return { name: 'replanning', at: null, transition: 'planning' };
    case 'closed':
    case 'cancelled':
      return null;
  }
}

/** What the lifecycle itself shows as late; modules add their own through PipelineContributions. */
export function missedMilestones(c: Dated, now: Date): OverdueItem[] {
  if (c.state !== 'registration_closed') return [];
  const dates = zonedDates(c);
  if (dates.window && dates.window.startsAt <= now) {
    return [
      {
        kind: 'milestone_missed',
        message: `The conference was due to start on ${c.startsOn} but was never declared ready, so it cannot go into session.`,
        since: dates.startsAt ?? undefined,
      },
    ];
  }
  return [];
}
