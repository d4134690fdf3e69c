import { timeZoneProblem } from './time-zone';

describe('timeZoneProblem', () => {
  it.each(['UTC', 'Etc/UTC', 'GMT', 'Asia/Calcutta', 'Asia/Kolkata', 'Asia/Dubai', 'America/Port_of_Spain', 'Europe/Kiev', 'Japan', 'PRC', 'Etc/GMT-4', 'America/Argentina/Buenos_Aires'])(
    'takes the tz database name or link %s',
    (zone) => expect(timeZoneProblem('timezone', zone)).toBeNull(),
  );

  it.each([
    ['EST', 'America/New_York'],
    ['est', 'America/New_York'],
    ['GST', 'Asia/Dubai'],
    ['CET', 'Europe/Vienna'],
    ['IST', 'Asia/Kolkata'],
    ['EST5EDT', 'America/New_York'],
  ])('refuses the abbreviation %s with a sentence naming an example (%s)', (zone, example) => {
    const problem = timeZoneProblem('timezone', zone);
    expect(problem).toContain('timezone must be a time zone name of the tz database, not an abbreviation');
    expect(problem).toContain(example);
  });

  it('refuses what the tz database does not name, saying what was given', () => {
    expect(timeZoneProblem('summit.timezone', 'Mars/Olympus_Mons')).toBe(
      'summit.timezone must be a time zone name of the tz database, such as Asia/Dubai, Europe/Vienna or UTC; "Mars/Olympus_Mons" is not one',
    );
    expect(timeZoneProblem('timezone', 42)).toMatch(/^timezone must be a time zone name/);
    expect(timeZoneProblem('timezone', '')).toMatch(/^timezone must be a time zone name/);
  });
});
