import { CONFERENCE_STATES, ConferenceState, allowedTargets, checkTransition } from './conference-lifecycle';

const ALLOWED: Array<[ConferenceState, ConferenceState, 'command' | 'automatic' | 'both']> = [
  ['planning', 'inviting', 'both'],
  ['inviting', 'registration_closed', 'both'],
  ['registration_closed', 'ready', 'command'],
  ['ready', 'in_session', 'automatic'],
  ['in_session', 'concluded', 'automatic'],
  ['concluded', 'reported', 'automatic'],
  ['reported', 'closed', 'command'],
  ['postponed', 'planning', 'command'],
  ['planning', 'postponed', 'command'],
  ['inviting', 'postponed', 'command'],
  ['registration_closed', 'postponed', 'command'],
  ['ready', 'postponed', 'command'],
  ['planning', 'cancelled', 'command'],
  ['inviting', 'cancelled', 'command'],
  ['registration_closed', 'cancelled', 'command'],
  ['ready', 'cancelled', 'command'],
  ['postponed', 'cancelled', 'command'],
];

const key = (from: string, to: string) => `${from}->${to}`;
const allowed = new Map(ALLOWED.map(([from, to, how]) => [key(from, to), how]));

describe('conference lifecycle', () => {
  describe.each(CONFERENCE_STATES.flatMap((from) => CONFERENCE_STATES.map((to) => [from, to] as const)))('%s -> %s', (from, to) => {
    const how = allowed.get(key(from, to));

    if (!how) {
      it('is refused whatever the trigger', () => {
        for (const trigger of ['command', 'automatic'] as const) {
          const check = checkTransition(from, to, trigger, 'a reason');
          expect(check).toMatchObject({ ok: false, code: 'not_allowed' });
        }
      });
      return;
    }

    it(how === 'automatic' ? 'happens only automatically' : how === 'command' ? 'happens only by command' : 'happens by command or automatically', () => {
      const byCommand = checkTransition(from, to, 'command', 'a reason');
      const automatically = checkTransition(from, to, 'automatic', 'a reason');
      expect(byCommand.ok).toBe(how !== 'automatic');
      expect(automatically.ok).toBe(how !== 'command');
      if (!byCommand.ok) expect(byCommand.code).toBe('not_by_command');
    });
  });

  it('requires a reason to postpone or cancel', () => {
    expect(checkTransition('inviting', 'cancelled', 'command', '  ')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(checkTransition('ready', 'postponed', 'command')).toMatchObject({ ok: false, code: 'reason_required' });
    expect(checkTransition('ready', 'postponed', 'command', 'venue flooded').ok).toBe(true);
  });

  it('never leaves a session or a final state for postponement or cancellation', () => {
    for (const from of ['in_session', 'concluded', 'reported', 'closed', 'cancelled'] as const) {
      expect(checkTransition(from, 'cancelled', 'command', 'x').ok).toBe(false);
      expect(checkTransition(from, 'postponed', 'command', 'x').ok).toBe(false);
    }
  });

  it('tells what a state can move to', () => {
    expect(allowedTargets('planning', 'command').sort()).toEqual(['cancelled', 'inviting', 'postponed']);
    expect(allowedTargets('closed')).toEqual([]);
    expect(checkTransition('closed', 'planning', 'command')).toMatchObject({ message: expect.stringContaining('closed is final') });
  });
});
