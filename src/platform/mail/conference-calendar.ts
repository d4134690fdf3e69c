import { createEvent } from 'ics';

export interface ConferenceCalendarEvent {
  /** Stable per conference (e.g. `conference.<id>@<host>`), so a later file updates the same calendar entry. */
  uid: string;
  /** Title, city, venue and country already in the reader's language. */
  title: string;
  city: string;
  countryName: string;
  venue?: string | null;
  /** YYYY-MM-DD, first and last day (inclusive). */
  startsOn: string;
  endsOn: string;
  /** IANA zone of the conference. */
  timezone: string;
  /** Lines of the description, already in the reader's language; a line may hold a placeholder (the RSVP link). */
  description?: string[] | null;
  /** The RSVP link, or a placeholder filled per recipient (see calendarPlaceholders). */
  url?: string | null;
  /** The secretariat, which invitees answer. */
  organizer?: { name: string; email: string } | null;
  /** Grows with every change of the conference, so calendars take the newest file. */
  sequence?: number;
  /** CANCEL removes the event (same UID) from the calendars that hold it. */
  method?: 'PUBLISH' | 'CANCEL';
  /** TENTATIVE while the conference is postponed; CANCEL sets CANCELLED. */
  tentative?: boolean;
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

/** Placeholders (private-use delimited, see mime-skeleton) pass the ics library's URL check as this stand-in. */
const URL_STAND_IN = 'https://placeholder.invalid/';
const PLACEHOLDER = /\uE000[A-Za-z][A-Za-z0-9_]*\uE001/g;

/** Octets per line of an iCalendar file (RFC 5545 §3.1), without the CRLF. */
const LINE_OCTETS = 75;

/**
 * Folds one content line at 75 octets, never inside a UTF-8 character; a placeholder starts a
 * continuation line of its own, so the value filled in later is folded on its own (foldCalendarValue).
 */
function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  const breakLine = () => {
    out.push(current);
    current = ' ';
    octets = 1;
  };
  let last = 0;
  const pieces: Array<{ text: string } | { token: string }> = [];
  for (const match of line.matchAll(PLACEHOLDER)) {
    if (match.index > last) pieces.push({ text: line.slice(last, match.index) });
    pieces.push({ token: match[0] });
    last = match.index + match[0].length;
  }
  if (last < line.length) pieces.push({ text: line.slice(last) });
  pieces.forEach((piece, i) => {
    if ('token' in piece) {
      if (octets > 1 || out.length === 0) breakLine();
      current += piece.token;
      if (i < pieces.length - 1) breakLine();
      return;
    }
    for (const char of piece.text) {
      const size = Buffer.byteLength(char);
      if (octets + size > LINE_OCTETS) breakLine();
      current += char;
      octets += size;
    }
  });
  out.push(current);
  return out.join('\r\n');
}

/** A value filled into a placeholder of a calendar file: folded so each continuation line stays within 75 octets. */
export function foldCalendarValue(value: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 1;
  for (const char of value) {
    const size = Buffer.byteLength(char);
    if (octets + size > LINE_OCTETS) {
      lines.push(current);
      current = '';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n ');
}

/**
 * The conference as one all-day event (VALUE=DATE from the first day to the day after the last, as
 * RFC 5545 makes DTEND exclusive). A conference occupies whole calendar days where it is held, and
 * all-day dates are the same days in every viewer's calendar; a timed event would slide into the
 * previous or next day for delegations in other zones. The zone travels as X-WR-TIMEZONE (read by
 * Apple, Google and Outlook as the calendar's zone) and, named for people, in the description.
 */
export function buildConferenceIcs(event: ConferenceCalendarEvent): string {
  const location = [event.venue, event.city, event.countryName].filter(Boolean).join(', ');
  const method = event.method ?? 'PUBLISH';
  const url = event.url ?? undefined;
  const urlIsPlaceholder = url !== undefined && PLACEHOLDER.test(url);
  PLACEHOLDER.lastIndex = 0;
  const { error, value } = createEvent({
    uid: event.uid,
    productId: '-//Convene//Conference calendar//EN',
    method,
    title: event.title,
    start: ymd(event.startsOn),
    end: dayAfter(event.endsOn),
    location,
    ...(event.description?.length ? { description: event.description.join('\n') } : {}),
    ...(url ? { url: urlIsPlaceholder ? URL_STAND_IN : url } : {}),
    ...(event.organizer ? { organizer: { name: event.organizer.name || event.organizer.email, email: event.organizer.email } } : {}),
    ...(event.sequence !== undefined ? { sequence: event.sequence } : {}),
    status: method === 'CANCEL' ? 'CANCELLED' : event.tentative ? 'TENTATIVE' : 'CONFIRMED',
    busyStatus: method === 'CANCEL' ? 'FREE' : 'BUSY',
    transp: method === 'CANCEL' ? 'TRANSPARENT' : 'OPAQUE',
    ...(event.stamp ? { timestamp: event.stamp.getTime() } : {}),
  });
  if (error || !value) throw new Error(`Calendar file could not be built: ${error?.message ?? 'no output'}`);
  const lines = value
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .map((line) => (urlIsPlaceholder && line === `URL:${URL_STAND_IN}` ? `URL:${url}` : line));
  const zone = `X-WR-TIMEZONE:${event.timezone.replace(/[^A-Za-z0-9_+\-/]/g, '')}`;
  const at = lines.indexOf('BEGIN:VEVENT');
  lines.splice(at, 0, zone);
  return lines.map(foldLine).join('\r\n');
}
