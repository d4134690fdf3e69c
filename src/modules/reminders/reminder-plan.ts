import { DateTime } from 'luxon';
import type { ConferenceState } from '../conferences';
import type { QuietHours } from './quiet-hours';

export const STEP_KINDS = ['non_responders', 'participants', 'digest'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * `planned` steps follow the policy and the conference's dates (re-planned when either changes); once
 * `started`, a step keeps its recipients and goes to the end; `finished`: nobody left to send to or wait for.
 */
export const STEP_STATES = ['planned', 'started', 'finished'] as const;
export type StepState = (typeof STEP_STATES)[number];

export interface ReminderPolicy {
  nonResponders: { daysBeforeDeadline: number[] };
  participants: { daysBeforeStart: number[] };
  /** null: messages go whatever the recipient's local time. */
  quietHours: QuietHours | null;
  /** The secretariat's daily digest, at a local time of the conference; null: none. */
  digest: { at: string; to: string | null } | null;
}

/**
 * What a conference follows until its secretariat sets a policy: non-responders 14, 7 and 3 days
 * before the RSVP deadline, participants 2 days before the start, nobody written to between 20:00
 * and 08:00 their time, and a digest for the secretariat at 08:00 conference time.
 */
export const DEFAULT_POLICY: Readonly<ReminderPolicy> = Object.freeze({
  nonResponders: { daysBeforeDeadline: [14, 7, 3] },
  participants: { daysBeforeStart: [2] },
  quietHours: { from: '20:00', to: '08:00' },
  digest: { at: '08:00', to: null },
});

/** The facts of a conference a plan depends on. */
export interface PlanInput {
  state: ConferenceState;
  rsvpDeadline: Date | null;
  /** Set when the deadline is the whole of that day: steps count back from the midnight that ends it. */
  rsvpDeadlineDate?: string | null;
  startsOn: string | null;
  timezone: string | null;
}

export interface PlannedStep {
  key: string;
  kind: StepKind;
  offsetDays: number | null;
  dueAt: Date;
}

/** Non-responders are reminded only while invitations are open; participants until the start. */
const NON_RESPONDER_STATES: ConferenceState[] = ['planning', 'inviting'];
const PARTICIPANT_STATES: ConferenceState[] = ['planning', 'inviting', 'registration_closed', 'ready'];
const DIGEST_STATES: ConferenceState[] = ['planning', 'inviting', 'registration_closed', 'ready', 'in_session'];

export const stepKey = (kind: StepKind, offset: number | string) => `${kind}.${offset}`;

/**
 * The steps a conference should have under a policy. Days count in the conference's calendar, so a
 * step keeps its local time of day across a daylight-saving change. The digest is one step ahead at a
 * time: the next local `at` after `now` whose day has not had its digest yet (`takenKeys`).
 */
export function planSteps(conference: PlanInput, policy: ReminderPolicy, now: Date, takenKeys: ReadonlySet<string> = new Set()): PlannedStep[] {
  const zone = conference.timezone ?? 'UTC';
  const steps: PlannedStep[] = [];
  if (conference.rsvpDeadline && NON_RESPONDER_STATES.includes(conference.state)) {
    const deadline = conference.rsvpDeadlineDate
      ? DateTime.fromISO(conference.rsvpDeadlineDate, { zone }).plus({ days: 1 }).startOf('day')
      : DateTime.fromJSDate(conference.rsvpDeadline, { zone });
    for (const days of policy.nonResponders.daysBeforeDeadline) {
      steps.push({ key: stepKey('non_responders', days), kind: 'non_responders', offsetDays: days, dueAt: deadline.minus({ days }).toJSDate() });
    }
  }
  if (conference.startsOn && PARTICIPANT_STATES.includes(conference.state)) {
    const start = DateTime.fromISO(conference.startsOn, { zone });
    for (const days of policy.participants.daysBeforeStart) {
      steps.push({ key: stepKey('participants', days), kind: 'participants', offsetDays: days, dueAt: start.minus({ days }).toJSDate() });
    }
  }
  if (policy.digest && DIGEST_STATES.includes(conference.state)) {
    const [hour, minute] = policy.digest.at.split(':').map(Number);
    let day = DateTime.fromJSDate(now, { zone }).startOf('day');
    for (let i = 0; i < 400; i++, day = day.plus({ days: 1 })) {
      const at = day.set({ hour, minute });
      const key = stepKey('digest', day.toISODate()!);
      if (at.toMillis() <= now.getTime() || takenKeys.has(key)) continue;
      steps.push({ key, kind: 'digest', offsetDays: null, dueAt: at.toJSDate() });
      break;
    }
  }
  return steps;
}
