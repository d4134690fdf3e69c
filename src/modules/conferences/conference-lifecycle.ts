/** SPEC §2 as data: the states of a conference and which moves between them are allowed, and how. */
export const CONFERENCE_STATES = [
  'planning',
  'inviting',
  'registration_closed',
  'ready',
  'in_session',
  'concluded',
  'reported',
  'closed',
  'postponed',
  'cancelled',
] as const;
export type ConferenceState = (typeof CONFERENCE_STATES)[number];

/** The states of a conference whose report has been submitted: its outcomes and feedback are closed. */
export const REPORT_SUBMITTED: readonly ConferenceState[] = ['reported', 'closed'];

/** command: the secretariat may ask for it; automatic: the clock or another module performs it. */
export type TransitionTrigger = 'command' | 'automatic';

interface TransitionRule {
  from: ConferenceState;
  to: ConferenceState;
  triggers: TransitionTrigger[];
  reasonRequired?: boolean;
  /** Said to a secretariat that commands a transition it cannot command. */
  howInstead?: string;
}

const BEFORE_SESSION: ConferenceState[] = ['planning', 'inviting', 'registration_closed', 'ready'];

export const TRANSITIONS: TransitionRule[] = [
  { from: 'planning', to: 'inviting', triggers: ['command', 'automatic'] },
  { from: 'inviting', to: 'registration_closed', triggers: ['command', 'automatic'] },
  { from: 'registration_closed', to: 'ready', triggers: ['command'] },
  { from: 'ready', to: 'in_session', triggers: ['automatic'], howInstead: 'it happens automatically at the start date, in the conference time zone' },
  { from: 'in_session', to: 'concluded', triggers: ['automatic'], howInstead: 'it happens automatically after the end date, in the conference time zone' },
  { from: 'concluded', to: 'reported', triggers: ['automatic'], howInstead: 'it happens when the conference report is submitted (POST /api/conferences/:id/report/submit)' },
  { from: 'reported', to: 'closed', triggers: ['command'] },
  { from: 'postponed', to: 'planning', triggers: ['command'] },
  ...[...BEFORE_SESSION, 'postponed' as const].flatMap((from): TransitionRule[] => [
    ...(from === 'postponed' ? [] : [{ from, to: 'postponed' as const, triggers: ['command' as const], reasonRequired: true }]),
    { from, to: 'cancelled', triggers: ['command'], reasonRequired: true },
  ]),
];

export type TransitionCheck =
  | { ok: true; rule: TransitionRule }
  | { ok: false; code: 'not_allowed' | 'not_by_command' | 'reason_required'; message: string };

export function allowedTargets(from: ConferenceState, trigger?: TransitionTrigger): ConferenceState[] {
  return TRANSITIONS.filter((t) => t.from === from && (!trigger || t.triggers.includes(trigger))).map((t) => t.to);
}

/** Whether a transition exists in the lifecycle, may be triggered this way, and has what it needs. */
export function checkTransition(from: ConferenceState, to: ConferenceState, trigger: TransitionTrigger, reason?: string | null): TransitionCheck {
  const rule = TRANSITIONS.find((t) => t.from === from && t.to === to);
  if (!rule) {
    const targets = allowedTargets(from, 'command');
    return {
      ok: false,
      code: 'not_allowed',
      message: `A conference in ${from} cannot move to ${to}.${targets.length ? ` From ${from} it can move to: ${targets.join(', ')}.` : ` ${from} is final.`}`,
    };
  }
  if (!rule.triggers.includes(trigger)) {
    return { ok: false, code: 'not_by_command', message: `${from} -> ${to} cannot be commanded: ${rule.howInstead ?? 'it is performed automatically'}.` };
  }
  if (rule.reasonRequired && !reason?.trim()) {
    return { ok: false, code: 'reason_required', message: `Moving a conference to ${to} needs a reason; send {"to": "${to}", "reason": "..."}.` };
  }
  return { ok: true, rule };
}
