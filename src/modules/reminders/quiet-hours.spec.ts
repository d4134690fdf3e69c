import { quietUntil, usableZone } from './quiet-hours';

const NIGHT = { from: '20:00', to: '08:00' };
const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('holds a message sent in the night of the recipient until their morning, whatever the sender’s time', () => {
    const instant = at('2027-01-31T23:00:00Z');
    expect(quietUntil(instant, 'America/Port_of_Spain', NIGHT)).toBeNull(); // 19:00 there
    expect(quietUntil(instant, 'Europe/Vienna', NIGHT)?.toISOString()).toBe('2027-02-01T07:00:00.000Z'); // midnight: until 08:00
    expect(quietUntil(instant, 'Asia/Dubai', NIGHT)?.toISOString()).toBe('2027-02-01T04:00:00.000Z'); // 03:00
    expect(quietUntil(instant, 'Asia/Shanghai', NIGHT)?.toISOString()).toBe('2027-02-01T00:00:00.000Z'); // 07:00
  });

  it('treats the start of the quiet hours as quiet and their end as open', () => {
    expect(quietUntil(at('2027-02-01T19:00:00Z'), 'Europe/Vienna', NIGHT)?.toISOString()).toBe('2027-02-02T07:00:00.000Z'); // 20:00 sharp
    expect(quietUntil(at('2027-02-01T18:59:00Z'), 'Europe/Vienna', NIGHT)).toBeNull();
    expect(quietUntil(at('2027-02-01T07:00:00Z'), 'Europe/Vienna', NIGHT)).toBeNull(); // 08:00 sharp
  });

  it('handles quiet hours within one day', () => {
    const siesta = { from: '13:00', to: '15:30' };
    expect(quietUntil(at('2027-06-01T12:00:00Z'), 'UTC', siesta)).toBeNull();
    expect(quietUntil(at('2027-06-01T14:00:00Z'), 'UTC', siesta)?.toISOString()).toBe('2027-06-01T15:30:00.000Z');
    expect(quietUntil(at('2027-06-01T16:00:00Z'), 'UTC', siesta)).toBeNull();
  });

  it('ends at the local time of the morning after a daylight-saving change', () => {
    // Vienna moves to summer time on 28 March 2027 at 02:00; 08:00 that morning is 06:00 UTC, not 07:00.
    expect(quietUntil(at('2027-03-27T23:30:00Z'), 'Europe/Vienna', NIGHT)?.toISOString()).toBe('2027-03-28T06:00:00.000Z');
  });

  it('sends at any time without quiet hours', () => {
    expect(quietUntil(at('2027-02-01T02:00:00Z'), 'UTC', null)).toBeNull();
  });

  it('falls back to the conference zone when a contact’s zone is unknown', () => {
    expect(usableZone('Mars/Olympus_Mons', 'Europe/Vienna')).toBe('Europe/Vienna');
    expect(usableZone(null, 'Asia/Dubai')).toBe('Asia/Dubai');
    expect(usableZone('Asia/Shanghai', 'Europe/Vienna')).toBe('Asia/Shanghai');
    expect(usableZone(null, 'Nowhere/Land')).toBe('UTC');
  });
});
