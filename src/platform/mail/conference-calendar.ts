import { createEvent } from 'ics';

export interface ConferenceCalendarEvent {
  /** Stable per conference (e.g. `conference.<id>@<host>`), so a later file updates the same calendar entry. */
  uid: string;
  title: string;
  city: string;
  /** Already in the message's language. */
  countryName: string;
  venue?: string | null;
  /** YYYY-MM-DD, first and last day (inclusive). */
  startsOn: string;
  endsOn: string;
  /** IANA zone of the conference. */
  timezone: string;
  description?: string | null;
  url?: string | null;
  /** DTSTAMP; pass the clock's now (or the conference's last change) so a rebuilt file is identical. */
  stamp?: Date;
}

const ymd = (date: string): [number, number, number] => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Expected a date written YYYY-MM-DD, got "${date}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
};

const dayAfter = (date: string): [number, number, number] => {
  const [y, m, d] = ymd(date);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
};

/**
 * The conference as one all-day event (VALUE=DATE from the first day to the day after the last, as
 * RFC 5545 makes DTEND exclusive). A conference occupies whole calendar days where it is held, and
 * all-day dates are the same days in every viewer's calendar; a timed event would slide into the
 * previous or next day for delegations in other zones, and `ics` cannot write TZID/VTIMEZONE anyway.
 * The zone itself travels as X-WR-TIMEZONE (read by Apple, Google and Outlook as the calendar's zone)
 * and in the description, and the place in LOCATION.
 */
export function buildConferenceIcs(event: ConferenceCalendarEvent): string {
  const location = [event.venue, event.city, event.countryName].filter(Boolean).join(', ');
  const description = [event.description, `${event.timezone}`].filter(Boolean).join('\n');
  const { error, value } = createEvent({
    uid: event.uid,
    productId: '-//Convene//Conference calendar//EN',
    method: 'PUBLISH',
    title: event.title,
    start: ymd(event.startsOn),
    end: dayAfter(event.endsOn),
    location,
    description,
    ...(event.url ? { url: event.url } : {}),
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
    transp: 'OPAQUE',
    ...(event.stamp ? { timestamp: event.stamp.getTime() } : {}),
  });
  if (error || !value) throw new Error(`Calendar file could not be built: ${error?.message ?? 'no output'}`);
  return value.replace('\r\nBEGIN:VEVENT\r\n', `\r\nX-WR-TIMEZONE:${event.timezone.replace(/[^A-Za-z0-9_+\-/]/g, '')}\r\nBEGIN:VEVENT\r\n`);
}
