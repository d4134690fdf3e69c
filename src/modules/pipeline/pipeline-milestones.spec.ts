import { CONFERENCE_STATES, ConferenceState, allowedTargets } from '../conferences';
import { LIFECYCLE_PATH, NEXT_TRANSITION, missedMilestones, nextMilestone } from './pipeline-milestones';

const vienna = (state: ConferenceState) => ({
  state,
  startsOn: '2031-03-05',
  endsOn: '2031-03-06',
  timezone: 'Europe/Vienna',
  rsvpDeadline: new Date('2031-02-14T23:00:00Z'),
});

describe('pipeline milestones', () => {
  it.each([
    ['planning', { name: 'invitations', at: null, transition: 'inviting' }],
    ['inviting', { name: 'rsvp_deadline', at: '2031-02-15T00:00:00+01:00', transition: 'registration_closed' }],
    ['registration_closed', { name: 'ready_check', at: '2031-03-05T00:00:00+01:00', transition: 'ready' }],
    ['ready', { name: 'start', at: '2031-03-05T00:00:00+01:00', transition: 'in_session' }],
    ['in_session', { name: 'end', at: '2031-03-07T00:00:00+01:00', transition: 'concluded' }],
    ['concluded', { name: 'report', at: null, transition: 'reported' }],
    ['reported', { name: 'close', at: null, transition: 'closed' }],
    ['postponed', { name: 'replanning', at: null, transition: 'planning' }],
    ['closed', null],
    ['cancelled', null],
  ] as const)('%s -> %j', (state, expected) => {
    expect(nextMilestone(vienna(state))).toEqual(expected);
  });

  it('gives no date where the conference has none', () => {
    expect(nextMilestone({ ...vienna('inviting'), rsvpDeadline: null })).toEqual({ name: 'rsvp_deadline', at: null, transition: 'registration_closed' });
    expect(nextMilestone({ ...vienna('ready'), timezone: null })!.at).toBeNull();
  });

  it('leads every milestone to a transition the lifecycle has', () => {
    for (const state of CONFERENCE_STATES) {
      const next = NEXT_TRANSITION[state];
      if (next) expect(allowedTargets(state)).toContain(next);
      expect(nextMilestone(vienna(state))?.transition ?? null).toBe(next);
    }
    expect(LIFECYCLE_PATH.every((state, i) => i === 0 || NEXT_TRANSITION[LIFECYCLE_PATH[i - 1]] === state)).toBe(true);
  });

  it('keeps zoned dates by the dates they come from, so a changed date is never served stale', () => {
    expect(nextMilestone(vienna('inviting'))!.at).toBe('2031-02-15T00:00:00+01:00');
    expect(nextMilestone({ ...vienna('inviting'), timezone: 'Asia/Dubai' })!.at).toBe('2031-02-15T03:00:00+04:00');
    expect(nextMilestone({ ...vienna('inviting'), rsvpDeadline: new Date('2031-02-10T23:00:00Z') })!.at).toBe('2031-02-11T00:00:00+01:00');
    expect(nextMilestone({ ...vienna('ready'), startsOn: '2031-03-04' })!.at).toBe('2031-03-04T00:00:00+01:00');
  });

  it('flags a conference whose opening came before it was declared ready', () => {
    const before = new Date('2031-03-04T22:59:59Z');
    const opening = new Date('2031-03-04T23:00:00Z');
    expect(missedMilestones(vienna('registration_closed'), before)).toEqual([]);
    expect(missedMilestones(vienna('registration_closed'), opening)).toEqual([
      {
        kind: 'milestone_missed',
        message: 'The conference was due to start on 2031-03-05 but was never declared ready, so it cannot go into session.',
        since: '2031-03-05T00:00:00+01:00',
      },
    ]);
    expect(missedMilestones(vienna('ready'), opening)).toEqual([]);
  });
});
