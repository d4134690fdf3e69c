import { PipelineConferenceAnswer, TimedStep, agenda, milestoneInstant, nextMilestone, renderSnapshot, wrap } from './dry-run';
import { replay } from './model-series';
import { ConferenceAnswer, SeriesAnswer } from './series.command';

const conference = (over: Partial<ConferenceAnswer>): ConferenceAnswer => ({
  id: 'c',
  seriesId: 's',
  kind: 'regional',
  title: 't',
  city: 'Minsk',
  country: 'BY',
  partners: [],
  startsOn: '2019-10-03',
  endsOn: '2019-10-04',
  timezone: 'Europe/Minsk',
  capacity: 400,
  languages: ['en'],
  rsvpDeadline: '2019-09-16T00:00:00+03:00',
  delegationQuota: 4,
  state: 'planning',
  stateChangedAt: '2019-08-01T00:00:00.000Z',
  ...over,
});

const series = (ready: boolean, missing = 0): SeriesAnswer => ({
  id: 's',
  name: 'n',
  createdAt: '',
  summit: null,
  conferences: [],
  summitReadiness: { ready, missingReports: Array.from({ length: missing }, (_, i) => `r${i}`), waivers: [] },
});

const step = (name: string, when: TimedStep['when']): TimedStep => ({ name, when, run: async () => undefined });

describe('dry run', () => {
  it('places the start and end at local midnight of the conference and the deadline as given', () => {
    const minsk = conference({});
    expect(milestoneInstant(minsk, 'rsvpDeadline')!.toUTC().toISO()).toBe('2019-09-15T21:00:00.000Z');
    expect(milestoneInstant(minsk, 'start')!.toUTC().toISO()).toBe('2019-10-02T21:00:00.000Z');
    // The meeting has ended at midnight after its last day.
    expect(milestoneInstant(minsk, 'end')!.toUTC().toISO()).toBe('2019-10-04T21:00:00.000Z');
    expect(milestoneInstant(conference({ timezone: null }), 'start')).toBeNull();
    expect(milestoneInstant(conference({ rsvpDeadline: null }), 'rsvpDeadline')).toBeNull();
  });

  it('orders the steps of every conference by time, with offsets before or after a milestone', () => {
    const minsk = conference({ id: 'minsk' });
    const vienna = conference({ id: 'vienna', city: 'Vienna', startsOn: '2020-03-05', endsOn: '2020-03-06', timezone: 'Europe/Vienna', rsvpDeadline: '2020-02-15T00:00:00+01:00' });
    const summit = conference({ id: 'summit', kind: 'summit', startsOn: '2020-06-29', endsOn: '2020-07-03', timezone: 'America/New_York', rsvpDeadline: null });
    const items = agenda(
      {
        timeline: [
          step('opens', { milestone: 'start' }),
          step('reminder', { milestone: 'start', offset: '-P2D', kinds: ['regional'] }),
          step('snapshot', { modelTime: '2020-01-01T12:00:00Z' }),
          step('deadline', { milestone: 'rsvpDeadline' }),
        ],
      },
      [vienna, summit, minsk],
      (v) => v,
    );
    expect(items.map((i) => `${i.step.name}:${i.conference?.id ?? '-'}`)).toEqual([
      'deadline:minsk',
      'reminder:minsk',
      'opens:minsk',
      'snapshot:-',
      'deadline:vienna',
      'reminder:vienna',
      'opens:vienna',
      'opens:summit',
    ]);
    expect(items[1].at.toUTC().toISO()).toBe('2019-09-30T21:00:00.000Z');
  });

  it('names the next milestone from the state, and what the summit waits for', () => {
    expect(nextMilestone(conference({ state: 'inviting' }), series(false))).toBe('registration closes 2019-09-16');
    expect(nextMilestone(conference({ state: 'registration_closed' }), series(false, 5))).toBe('confirm readiness before 2019-10-03');
    expect(nextMilestone(conference({ state: 'registration_closed', kind: 'summit' }), series(false, 5))).toBe('waits for 5 regional report(s)');
    expect(nextMilestone(conference({ state: 'registration_closed', kind: 'summit' }), series(true))).toBe('confirm readiness before 2019-10-03');
    expect(nextMilestone(conference({ state: 'closed' }), series(true))).toBe('-');
  });

  it('replays the model calendar in later years, same day and time', () => {
    expect(replay('2019-09-15', 8)).toBe('2027-09-15');
    expect(replay('2020-06-29T09:00:00-04:00', 8)).toBe('2028-06-29T09:00:00-04:00');
  });

  it('prints the funnel, the next milestone and the blockers in plain words, within 100 columns', () => {
    const minsk = conference({ id: 'minsk', state: 'inviting' });
    const summit = conference({ id: 'summit', kind: 'summit', city: 'New York', startsOn: '2020-06-29', endsOn: '2020-07-03', state: 'registration_closed' });
    const seen = (id: string, state: string, over: Partial<PipelineConferenceAnswer> = {}): PipelineConferenceAnswer => ({
      id,
      seriesId: 's',
      state,
      counts: { invited: 57, sent: 57, failed: 0, accepted: 41, declined: 5, waitlisted: 0, noAnswer: 11 },
      nextMilestone: null,
      overdue: [],
      blockers: [],
      ...over,
    });
    const text = renderSnapshot({ ...series(false, 0), conferences: [summit, minsk], summitReadiness: { ready: false, missingReports: ['minsk'], waivers: [] } }, [
      seen('minsk', 'registration_closed'),
      seen('summit', 'registration_closed', { blockers: [{ guard: 'regional_reports', message: '1 regional conference(s) have no submitted report: minsk.' }] }),
    ]);
    const lines = text.trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    // The pipeline's state wins over the series read a moment earlier; regionals come before the summit.
    expect(lines[3]).toMatch(/^│ Minsk +│ registration_closed │ 57 +│ 57 +│ 41 +│ 5 +│ 0 +│ 11 +│$/);
    expect(text).toContain('Minsk (2019-10-03 to 2019-10-04): next, confirm readiness before 2019-10-03.');
    expect(text).toContain('  - 1 regional conference(s) have no submitted report: Minsk.');
    expect(lines.at(-1)).toBe('Summit readiness: not ready: 1 regional report(s) missing (Minsk)');
  });

  it('wraps long sentences at the width, indenting what follows', () => {
    expect(wrap('one two three four', '  ', 9)).toEqual(['one two', '  three', '  four']);
  });
});
