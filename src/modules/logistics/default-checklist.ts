import { DateTime } from 'luxon';

export interface SeededTask {
  key: string;
  title: string;
  dueOn: string;
}

const LANGUAGE_NAMES: Record<string, string> = { ar: 'Arabic', zh: 'Chinese', en: 'English', fr: 'French', ru: 'Russian', es: 'Spanish' };

/** What every conference needs before its doors open, due so many days before its start. */
const DEFAULTS: Array<{ key: string; title: string; daysBefore: number }> = [
  { key: 'venue_contract', title: 'Venue contract signed', daysBefore: 120 },
  { key: 'host_country_agreement', title: 'Host-country agreement signed', daysBefore: 90 },
  { key: 'security_plan', title: 'Security plan', daysBefore: 30 },
  { key: 'catering', title: 'Catering', daysBefore: 21 },
  { key: 'conference_services', title: 'Sound, projection and conference services', daysBefore: 14 },
  { key: 'accreditation_desk', title: 'Accreditation desk', daysBefore: 7 },
];

/** The checklist a new conference starts with: the defaults, plus interpretation into each working language. */
export function defaultChecklist(startsOn: string, languages: string[]): SeededTask[] {
  const due = (days: number) => DateTime.fromISO(startsOn, { zone: 'utc' }).minus({ days }).toISODate()!;
  const interpretation = languages.map((language) => ({
    key: `interpretation_${language}`,
    title: `Interpretation: ${LANGUAGE_NAMES[language] ?? language}`,
    daysBefore: 45,
  }));
  return [...DEFAULTS, ...interpretation].sort((a, b) => b.daysBefore - a.daysBefore).map((t) => ({ key: t.key, title: t.title, dueOn: due(t.daysBefore) }));
}
