import { ApiClient } from './test-app';

/**
 * The model series took place in 2019–2020; the manual clock starts at the real time and never
 * goes back, so the fixtures replay it with the same calendar, years shifted into the future.
 */
export const YEAR_SHIFT = new Date().getUTCFullYear() + 1 - 2019;

/** A 2019/2020 date or time of the model series, moved by YEAR_SHIFT years. */
export function replay(value: string): string {
  return value.replace(/^(\d{4})/, (year) => String(Number(year) + YEAR_SHIFT));
}

const shiftDates = <T extends Record<string, unknown>>(conference: T): T => {
  const copy: Record<string, unknown> = { ...conference };
  for (const field of ['startsOn', 'endsOn', 'rsvpDeadline']) if (typeof copy[field] === 'string') copy[field] = replay(copy[field] as string);
  return copy as T;
};

/** The model case of the spec: five regional conferences feeding the Second Counter-Terrorism Week. */
export const MODEL_SUMMIT = shiftDates({
  title: 'Second Counter-Terrorism Week',
  city: 'New York',
  country: 'US',
  startsOn: '2020-06-29',
  endsOn: '2020-07-03',
  timezone: 'America/New_York',
  capacity: 1500,
});

export const MODEL_REGIONALS = [
  { title: 'Countering terrorism with new technologies — Minsk', city: 'Minsk', country: 'BY', partners: ['Belarus'], startsOn: '2019-10-03', endsOn: '2019-10-04', timezone: 'Europe/Minsk', languages: ['en', 'ru'], rsvpDeadline: '2019-09-15' },
  { title: 'Countering terrorism with new technologies — Port of Spain', city: 'Port of Spain', country: 'TT', partners: ['CARICOM', 'Trinidad and Tobago'], startsOn: '2019-11-06', endsOn: '2019-11-07', timezone: 'America/Port_of_Spain', languages: ['en', 'es', 'fr'], rsvpDeadline: '2019-10-18' },
  { title: 'Countering terrorism with new technologies — Budapest', city: 'Budapest', country: 'HU', partners: ['Hungary'], startsOn: '2020-01-27', endsOn: '2020-01-28', timezone: 'Europe/Budapest', languages: ['en', 'fr', 'ru'], rsvpDeadline: '2020-01-06' },
  { title: 'Countering terrorism with new technologies — Abu Dhabi', city: 'Abu Dhabi', country: 'AE', partners: ['United Arab Emirates'], startsOn: '2020-02-17', endsOn: '2020-02-18', timezone: 'Asia/Dubai', languages: ['ar', 'en', 'fr'], rsvpDeadline: '2020-01-27' },
  { title: 'Countering terrorism with new technologies — Vienna', city: 'Vienna', country: 'AT', partners: ['OSCE', 'Switzerland'], startsOn: '2020-03-05', endsOn: '2020-03-06', timezone: 'Europe/Vienna', languages: ['en', 'fr', 'ru'], rsvpDeadline: '2020-02-14' },
].map((c) => shiftDates({ ...c, capacity: 400, delegationQuota: 4 }));

export async function createModelSeries(api: ApiClient) {
  const series = await api.post('/api/series', { name: 'Countering terrorism with new technologies 2019–2020', summit: MODEL_SUMMIT });
  if (series.status !== 201) throw new Error(`series: ${series.status} ${series.text}`);
  const regionals = [];
  for (const conference of MODEL_REGIONALS) {
    const created = await api.post(`/api/series/${series.body.id}/conferences`, conference);
    if (created.status !== 201) throw new Error(`conference: ${created.status} ${created.text}`);
    regionals.push(created.body);
  }
  return { series: series.body, summit: series.body.summit, regionals };
}
