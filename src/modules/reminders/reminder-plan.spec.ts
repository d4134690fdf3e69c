import { DEFAULT_POLICY, PlanInput, ReminderPolicy, planSteps } from './reminder-plan';

const vienna: PlanInput = {
  state: 'inviting',
  // 14 February 2027, end of day in Vienna
  rsvpDeadline: new Date('2027-02-14T23:00:00Z'),
  startsOn: '2027-03-05',
  timezone: 'Europe/Vienna',
};
const now = new Date('2027-01-10T12:00:00Z');
const byKey = (steps: ReturnType<typeof planSteps>) => Object.fromEntries(steps.map((s) => [s.key, s.dueAt.toISOString()]));

describe('reminder plan', () => {
  it('plans the default steps: 14, 7 and 3 days before the deadline, 2 before the start, the next digest', () => {
    expect(byKey(planSteps(vienna, DEFAULT_POLICY, now))).toEqual({
      'non_responders.14': '2027-01-31T23:00:00.000Z',
      'non_responders.7': '2027-02-07T23:00:00.000Z',
      'non_responders.3': '2027-02-11T23:00:00.000Z',
      'participants.2': '2027-03-02T23:00:00.000Z',
      'digest.2027-01-11': '2027-01-11T07:00:00.000Z',
    });
  });

  it('counts days in the conference calendar across a daylight-saving change', () => {
    // Vienna starts summer time on 28 March 2027: 7 days before 2 April 00:00 is 26 March 00:00 CET.
    const spring: PlanInput = { ...vienna, rsvpDeadline: new Date('2027-04-01T22:00:00Z'), startsOn: '2027-04-20' };
    expect(byKey(planSteps(spring, DEFAULT_POLICY, now))['non_responders.7']).toBe('2027-03-25T23:00:00.000Z');
  });

  it('follows the conference state: nothing to non-responders once registration closed, nothing at all in session', () => {
    const closed = planSteps({ ...vienna, state: 'registration_closed' }, DEFAULT_POLICY, now).map((s) => s.kind);
    expect(closed).toEqual(['participants', 'digest']);
    expect(planSteps({ ...vienna, state: 'concluded' }, DEFAULT_POLICY, now)).toEqual([]);
    expect(planSteps({ ...vienna, state: 'postponed' }, DEFAULT_POLICY, now)).toEqual([]);
  });

  it('plans nothing for a date the conference does not have yet', () => {
    const kinds = planSteps({ ...vienna, rsvpDeadline: null, startsOn: null }, DEFAULT_POLICY, now).map((s) => s.kind);
    expect(kinds).toEqual(['digest']);
  });

  it('plans the digest a day at a time, skipping days that already had theirs', () => {
    const policy: ReminderPolicy = { ...DEFAULT_POLICY, nonResponders: { daysBeforeDeadline: [] }, participants: { daysBeforeStart: [] }, digest: { at: '18:30', to: null } };
    expect(byKey(planSteps(vienna, policy, now))).toEqual({ 'digest.2027-01-10': '2027-01-10T17:30:00.000Z' });
    expect(byKey(planSteps(vienna, policy, now, new Set(['digest.2027-01-10'])))).toEqual({ 'digest.2027-01-11': '2027-01-11T17:30:00.000Z' });
    expect(planSteps(vienna, { ...policy, digest: null }, now)).toEqual([]);
  });
});
