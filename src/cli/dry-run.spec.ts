import { TimedStep, agenda, milestoneInstant, nextMilestone } from './dry-run';
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
});
