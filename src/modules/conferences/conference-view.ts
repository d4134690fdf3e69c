import { DateTime } from 'luxon';
import type { Conference } from './conference.entity';

export interface ConferenceView {
  id: string;
  seriesId: string;
  kind: Conference['kind'];
  title: string;
  city: string | null;
  country: string | null;
  partners: string[];
  startsOn: string | null;
  endsOn: string | null;
  timezone: string | null;
  capacity: number | null;
  languages: string[];
  rsvpDeadline: string | null;
  /** The deadline's day when it was given as a date (answers until the end of it, conference time). */
  rsvpDeadlineDate: string | null;
  translations: Conference['translations'];
  delegationQuota: number;
  state: Conference['state'];
  stateChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** The RSVP deadline as shown to people: ISO-8601 in the conference's own time zone. */
export function inConferenceZone(instant: Date | null, timezone: string | null): string | null {
  if (!instant) return null;
  return DateTime.fromJSDate(instant, { zone: timezone ?? 'UTC' }).toISO({ suppressMilliseconds: true });
}

export function toConferenceView(c: Conference): ConferenceView {
  return {
    id: c.id,
    seriesId: c.seriesId,
    kind: c.kind,
    title: c.title,
    city: c.city,
    country: c.country,
    partners: c.partners,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    timezone: c.timezone,
    capacity: c.capacity,
    languages: c.languages,
    rsvpDeadline: inConferenceZone(c.rsvpDeadline, c.timezone),
    rsvpDeadlineDate: c.rsvpDeadlineDate ?? null,
    translations: c.translations ?? {},
    delegationQuota: c.delegationQuota,
    state: c.state,
    stateChangedAt: new Date(c.stateChangedAt).toISOString(),
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

/** Local midnight of a date in a zone, as an instant. */
export const localMidnight = (date: string, timezone: string) => DateTime.fromISO(date, { zone: timezone }).startOf('day').toJSDate();

/** The meeting starts at local midnight of its first day and has ended at local midnight after its last. */
export function sessionWindow(c: Pick<Conference, 'startsOn' | 'endsOn' | 'timezone'>): { startsAt: Date; endsAt: Date } | null {
  if (!c.startsOn || !c.endsOn || !c.timezone) return null;
  return {
    startsAt: localMidnight(c.startsOn, c.timezone),
    endsAt: DateTime.fromISO(c.endsOn, { zone: c.timezone }).plus({ days: 1 }).startOf('day').toJSDate(),
  };
}
