import * as ical from 'node-ical';
import { buildConferenceIcs } from './conference-calendar';

const minsk = {
  uid: 'conference.7d1e@convene.example',
  title: 'Regional Conference on Countering Terrorism with New Technologies, Minsk',
  city: 'Minsk',
  countryName: 'Беларусь',
  venue: 'Palace of Independence',
  startsOn: '2019-10-22',
  endsOn: '2019-10-23',
  timezone: 'Europe/Minsk',
  description: 'Организовано совместно с Республикой Беларусь',
  url: 'https://convene.example/conferences/7d1e',
  stamp: new Date('2019-08-01T10:00:00Z'),
};

const localDay = (date: Date) => [date.getFullYear(), date.getMonth() + 1, date.getDate()];

describe('buildConferenceIcs', () => {
  it('is read back by an iCalendar parser with the dates, place, zone and UID', () => {
    const parsed = ical.sync.parseICS(buildConferenceIcs(minsk));
    const event = parsed[minsk.uid] as ical.VEvent;
    expect(event.type).toBe('VEVENT');
    expect(event.uid).toBe(minsk.uid);
    expect(event.summary).toBe(minsk.title);
    // All-day: the first day to the day after the last (DTEND is exclusive).
    expect(event.datetype).toBe('date');
    expect(localDay(event.start)).toEqual([2019, 10, 22]);
    expect(localDay(event.end!)).toEqual([2019, 10, 24]);
    expect(event.location).toBe('Palace of Independence, Minsk, Беларусь');
    expect(event.description).toContain('Europe/Minsk');
    expect(event.description).toContain(minsk.description);
    expect(event.url).toBe(minsk.url);
    expect((parsed.vcalendar as unknown as Record<string, string>)['WR-TIMEZONE']).toBe('Europe/Minsk');
    expect((parsed.vcalendar as unknown as Record<string, string>).method).toBe('PUBLISH');
  });

  it('spans months and years correctly and is identical when rebuilt', () => {
    const ics = buildConferenceIcs({ ...minsk, venue: null, startsOn: '2019-12-30', endsOn: '2019-12-31' });
    expect(ics).toContain('DTSTART;VALUE=DATE:20191230\r\n');
    expect(ics).toContain('DTEND;VALUE=DATE:20200101\r\n');
    expect(ics).toBe(buildConferenceIcs({ ...minsk, venue: null, startsOn: '2019-12-30', endsOn: '2019-12-31' }));
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => buildConferenceIcs({ ...minsk, startsOn: '22/10/2019' })).toThrow(/YYYY-MM-DD/);
  });
});
