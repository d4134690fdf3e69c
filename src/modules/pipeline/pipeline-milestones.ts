import type { ConferenceState } from '../conferences/conference-lifecycle';
import type { Conference } from '../conferences/conference.entity';
import { inConferenceZone, sessionWindow } from '../conferences/conference-view';
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

type Dated = Pick<Conference, 'state' | 'startsOn' | 'endsOn' | 'timezone' | 'rsvpDeadline'>;

export function nextMilestone(c: Dated): Milestone | null {
  const window = sessionWindow(c);
  const at = (instant: Date | null | undefined) => inConferenceZone(instant ?? null, c.timezone);
  switch (c.state) {
    case 'planning':
      return { name: 'invitations', at: null, transition: 'inviting' };
    case 'inviting':
      return { name: 'rsvp_deadline', at: at(c.rsvpDeadline), transition: 'registration_closed' };
    case 'registration_closed':
      // The ready check has to pass before the start, or the conference cannot open on time.
      return { name: 'ready_check', at: at(window?.startsAt), transition: 'ready' };
    case 'ready':
      return { name: 'start', at: at(window?.startsAt), transition: 'in_session' };
    case 'in_session':
      return { name: 'end', at: at(window?.endsAt), transition: 'concluded' };
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
  const window = sessionWindow(c);
  if (c.state === 'registration_closed' && window && window.startsAt <= now) {
    return [
      {
        kind: 'milestone_missed',
        message: `The conference was due to start on ${c.startsOn} but was never declared ready, so it cannot go into session.`,
        since: inConferenceZone(window.startsAt, c.timezone) ?? undefined,
      },
    ];
  }
  return [];
}
