import * as ical from 'node-ical';
import { buildConferenceIcs, foldCalendarValue } from './conference-calendar';

const minsk = {
  uid: 'conference.7d1e@convene.example',
  title: 'Regional Conference on Countering Terrorism with New Technologies, Minsk',
  city: 'Minsk',
  countryName: 'Беларусь',
  venue: 'Palace of Independence',
  startsOn: '2019-10-22',
  endsOn: '2019-10-23',
  timezone: 'Europe/Minsk',
  description: ['Организовано совместно с Республикой Беларусь', 'Местное время: Москва, стандартное время (Минск, GMT+03:00)'],
  url: 'https://convene.example/rsvp/7d1e',
  organizer: { name: 'Conference Secretariat', email: 'secretariat@convene.example' },
  sequence: 3,
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
    expect(event.description).toBe(minsk.description.join('\n'));
    expect(event.description).not.toContain('Europe/Minsk');
    expect(event.url).toBe(minsk.url);
    expect(event.organizer).toMatchObject({ params: { CN: 'Conference Secretariat' }, val: 'MAILTO:secretariat@convene.example' });
    expect(Number(event.sequence)).toBe(3);
    expect((parsed.vcalendar as unknown as Record<string, string>)['WR-TIMEZONE']).toBe('Europe/Minsk');
    expect((parsed.vcalendar as unknown as Record<string, string>).method).toBe('PUBLISH');
  });

  it('spans months and years correctly and is identical when rebuilt', () => {
    const ics = buildConferenceIcs({ ...minsk, venue: null, startsOn: '2019-12-30', endsOn: '2019-12-31' });
    expect(ics).toContain('DTSTART;VALUE=DATE:20191230\r\n');
    expect(ics).toContain('DTEND;VALUE=DATE:20200101\r\n');
    expect(ics).toBe(buildConferenceIcs({ ...minsk, venue: null, startsOn: '2019-12-30', endsOn: '2019-12-31' }));
  });

  it('cancels the same event (same UID) with METHOD:CANCEL and a higher SEQUENCE', () => {
    const parsed = ical.sync.parseICS(buildConferenceIcs({ ...minsk, method: 'CANCEL', sequence: 4 }));
    const event = parsed[minsk.uid] as ical.VEvent;
    expect((parsed.vcalendar as unknown as Record<string, string>).method).toBe('CANCEL');
    expect(event.status).toBe('CANCELLED');
    expect(Number(event.sequence)).toBe(4);
  });

  it('keeps every line within 75 octets and puts a placeholder on a continuation line of its own', () => {
    const token = '\uE000rsvpUrl\uE001';
    const ics = buildConferenceIcs({ ...minsk, url: token, description: [...minsk.description, `Ответить на приглашение: ${token}`] });
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics).toContain(`URL:\r\n ${token}`);
    const link = `https://convene.example/rsvp/${'x'.repeat(120)}`;
    const filled = ics.replaceAll(token, foldCalendarValue(link));
    for (const line of filled.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const event = ical.sync.parseICS(filled)[minsk.uid] as ical.VEvent;
    expect(event.url).toBe(link);
    expect(event.description).toContain(`Ответить на приглашение: ${link}`);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => buildConferenceIcs({ ...minsk, startsOn: '22/10/2019' })).toThrow(/YYYY-MM-DD/);
  });
});
