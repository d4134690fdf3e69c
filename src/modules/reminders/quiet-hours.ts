import { DateTime } from 'luxon';

/** Local clock times, "HH:MM"; `from` later than `to` means the quiet hours span midnight. */
export interface QuietHours {
  from: string;
  to: string;
}

export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** A zone luxon knows, else the fallback: a contact's bad or missing zone must not stop a reminder. */
export function usableZone(zone: string | null | undefined, fallback: string): string {
  if (zone && DateTime.now().setZone(zone).isValid) return zone;
  return DateTime.now().setZone(fallback).isValid ? fallback : 'UTC';
}

/**
 * When the recipient's quiet hours end, if `now` falls inside them in `zone`; null when a message may
 * go now. The end is the next local `to` time, so it follows the recipient's daylight-saving changes.
 */
export function quietUntil(now: Date, zone: string, quiet: QuietHours | null): Date | null {
  if (!quiet) return null;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  const local = DateTime.fromJSDate(now, { zone });
  const minute = local.hour * 60 + local.minute;
  const spansMidnight = from > to;
  const inside = spansMidnight ? minute >= from || minute < to : minute >= from && minute < to;
  if (!inside) return null;
  const endDay = spansMidnight && minute >= from ? local.plus({ days: 1 }) : local;
  return endDay.set({ hour: Math.floor(to / 60), minute: to % 60, second: 0, millisecond: 0 }).toJSDate();
}
