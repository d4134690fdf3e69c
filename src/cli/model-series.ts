/**
 * The model case of the specification: the 2019–2020 regional conferences on countering terrorism
 * with new technologies, feeding the Second Counter-Terrorism Week. The dry run and the tests both
 * create it from here.
 */

/** Years to move the model dates so they lie after `now`: the manual clock never goes back. */
export const yearShiftAfter = (now: Date): number => now.getUTCFullYear() + 1 - 2019;

/** The shift for a clock starting at the real time: the series replays from next year on. */
export const YEAR_SHIFT = yearShiftAfter(new Date());

/** A 2019/2020 date or time of the model series, moved by `shift` years (same calendar, later years). */
export function replay(value: string, shift = YEAR_SHIFT): string {
  return value.replace(/^(\d{4})/, (year) => String(Number(year) + shift));
}

export interface SummitInput {
  title: string;
  city: string;
  country: string;
  startsOn: string;
  endsOn: string;
  timezone: string;
  capacity: number;
}

export interface RegionalInput extends SummitInput {
  partners: string[];
  languages: string[];
  rsvpDeadline: string;
  delegationQuota: number;
}

export const MODEL_SERIES_NAME = 'Countering terrorism with new technologies 2019–2020';

const SUMMIT: SummitInput = {
  title: 'Second Counter-Terrorism Week',
  city: 'New York',
  country: 'US',
  startsOn: '2020-06-29',
  endsOn: '2020-07-03',
  timezone: 'America/New_York',
  capacity: 1500,
};

/** What the summit needs besides its creation before invitations open (PATCH /api/conferences/:id). */
const SUMMIT_PREPARATION = { languages: ['ar', 'zh', 'en', 'fr', 'ru', 'es'], rsvpDeadline: '2020-06-01' };

const REGIONALS: RegionalInput[] = [
  { title: 'Countering terrorism with new technologies — Minsk', city: 'Minsk', country: 'BY', partners: ['Belarus'], startsOn: '2019-10-03', endsOn: '2019-10-04', timezone: 'Europe/Minsk', languages: ['en', 'ru'], rsvpDeadline: '2019-09-15' },
  { title: 'Countering terrorism with new technologies — Port of Spain', city: 'Port of Spain', country: 'TT', partners: ['CARICOM', 'Trinidad and Tobago'], startsOn: '2019-11-06', endsOn: '2019-11-07', timezone: 'America/Port_of_Spain', languages: ['en', 'es', 'fr'], rsvpDeadline: '2019-10-18' },
  { title: 'Countering terrorism with new technologies — Budapest', city: 'Budapest', country: 'HU', partners: ['Hungary'], startsOn: '2020-01-27', endsOn: '2020-01-28', timezone: 'Europe/Budapest', languages: ['en', 'fr', 'ru'], rsvpDeadline: '2020-01-06' },
  { title: 'Countering terrorism with new technologies — Abu Dhabi', city: 'Abu Dhabi', country: 'AE', partners: ['United Arab Emirates'], startsOn: '2020-02-17', endsOn: '2020-02-18', timezone: 'Asia/Dubai', languages: ['ar', 'en', 'fr'], rsvpDeadline: '2020-01-27' },
  { title: 'Countering terrorism with new technologies — Vienna', city: 'Vienna', country: 'AT', partners: ['OSCE', 'Switzerland'], startsOn: '2020-03-05', endsOn: '2020-03-06', timezone: 'Europe/Vienna', languages: ['en', 'fr', 'ru'], rsvpDeadline: '2020-02-14' },
].map((c) => ({ ...c, capacity: 400, delegationQuota: 4 }));

const shiftDates = <T extends object>(record: T, shift: number): T => {
  const copy = { ...record } as Record<string, unknown>;
  for (const field of ['startsOn', 'endsOn', 'rsvpDeadline']) if (typeof copy[field] === 'string') copy[field] = replay(copy[field] as string, shift);
  return copy as T;
};

/** The model series with its dates moved by `shift` years. */
/** The secretariat invitees of the dry run write to (invented, at example.org). */
export const MODEL_SECRETARIAT = { name: 'Conference Secretariat, Office of Counter-Terrorism', email: 'ct-conferences@example.org', phone: '+1 212 963 1234' };

export function modelSeries(shift = YEAR_SHIFT) {
  return {
    name: MODEL_SERIES_NAME,
    secretariat: MODEL_SECRETARIAT,
    summit: shiftDates(SUMMIT, shift),
    summitPreparation: shiftDates(SUMMIT_PREPARATION, shift),
    regionals: REGIONALS.map((c) => shiftDates(c, shift)),
  };
}

/** A theme of the report-theme list the dry run adds: the Minsk conference's first theme in the model case. */
export const NEW_TECHNOLOGIES_THEME = { code: 'terrorist_exploitation_new_technologies', label: 'Terrorist exploitation of new technologies' };

/** The themes of each regional conference's panels and recommendations (Minsk's as in the model case). */
export const REGIONAL_THEMES: Record<string, string[]> = {
  Minsk: [NEW_TECHNOLOGIES_THEME.code, 'biometrics_terrorist_travel', 'multi_stakeholder_cooperation', 'capacity_building'],
  'Port of Spain': ['biometrics_terrorist_travel', 'terrorist_use_of_internet', 'financing_of_terrorism', 'capacity_building'],
  Budapest: ['terrorist_use_of_internet', 'human_rights', 'victims_of_terrorism', 'multi_stakeholder_cooperation'],
  'Abu Dhabi': ['financing_of_terrorism', 'new_technologies', 'terrorist_use_of_internet', 'capacity_building'],
  Vienna: ['multi_stakeholder_cooperation', 'human_rights', 'biometrics_terrorist_travel', 'new_technologies'],
};

/** A recommendation under each theme, as a regional conference would word it. */
export const RECOMMENDATIONS: Record<string, (city: string) => string> = {
  [NEW_TECHNOLOGIES_THEME.code]: () => 'Assess how terrorists exploit drones, encrypted messaging and 3D printing, and share the assessments among the region’s agencies',
  biometrics_terrorist_travel: () => 'Collect and share API/PNR data and biometrics in line with Security Council resolution 2396, with safeguards for personal data',
  multi_stakeholder_cooperation: (city) => `Set up a ${city} network of focal points from governments, the private sector and civil society`,
  capacity_building: () => 'Offer technical assistance and training to the States that ask for it, coordinated among the UN entities',
  terrorist_use_of_internet: () => 'Work with internet platforms on removing terrorist content quickly while respecting freedom of expression',
  financing_of_terrorism: () => 'Watch new payment technologies and virtual assets for the financing of terrorism',
  human_rights: () => 'Keep every counter-terrorism use of new technologies within international human rights law',
  victims_of_terrorism: () => 'Give victims of terrorism a voice in national strategies and support networks',
  new_technologies: () => 'Use artificial intelligence and data analytics to prevent attacks, under independent oversight',
};
