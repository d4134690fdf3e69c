import type { CountryRegion } from '../contacts';

/** One line of a breakdown: what is counted (a code), how it reads, and how many attended. */
export interface BreakdownRow {
  code: string;
  name: string;
  count: number;
}

export interface GenderBalance {
  female: number;
  male: number;
  /** Given, and neither female nor male. */
  other: number;
  /** The field is optional: people who did not give it. */
  notGiven: number;
}

export interface Recommendation {
  text: string;
  theme: string;
}

export interface Outcomes {
  summary: string;
  keyOutcomes: string[];
  recommendations: Recommendation[];
  /** Counts the saves: a report holds the revision it was generated from. */
  revision: number;
  updatedAt: string;
}

export interface ThemeGroup {
  theme: string;
  label: string;
  items: Array<{ text: string; conferenceId: string }>;
}

export interface FeedbackSummary {
  responses: number;
  /** Two decimals; null without any response. */
  averageRating: number | null;
  /** Responses by rating, "1" to "5". */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface ReportConference {
  id: string;
  seriesId: string;
  title: string;
  city: string | null;
  country: string | null;
  startsOn: string | null;
  endsOn: string | null;
}

/** The follow-up report of one conference (SPEC §4): every format is rendered from this. */
export interface ConferenceReportData {
  conference: ReportConference;
  generation: number;
  generatedAt: string;
  funnel: { invited: number; accepted: number; declined: number; noAnswer: number; attended: number };
  byStakeholderType: BreakdownRow[];
  byCountry: BreakdownRow[];
  byRegion: BreakdownRow[];
  byRegionalGroup: BreakdownRow[];
  gender: { overall: GenderBalance; headsOfDelegation: GenderBalance };
  organisations: BreakdownRow[];
  feedback: FeedbackSummary;
  outcomes: Outcomes | null;
  recommendationsByTheme: ThemeGroup[];
}

/** What the report knows of attended participants alike (`count` of them, one when absent). */
export interface AttendedProfile {
  count?: number;
  country: string | null;
  organisation: string | null;
  stakeholderType: string | null;
  capacity: string;
  gender: string | null;
}

export const STAKEHOLDER_NAMES: Record<string, string> = {
  member_state: 'Member State',
  international_org: 'International organisation',
  regional_org: 'Regional organisation',
  un_entity: 'United Nations entity',
  civil_society: 'Civil society',
  academia: 'Academia',
  private_sector: 'Private sector',
};

export const NOT_STATED = { code: 'none', name: 'Not stated' };

const FEMALE = new Set(['female', 'f', 'woman', 'w', 'femme', 'mujer']);
const MALE = new Set(['male', 'm', 'man', 'homme', 'hombre']);

export function genderOf(given: string | null): keyof GenderBalance {
  const value = given?.trim().toLowerCase();
  if (!value) return 'notGiven';
  if (FEMALE.has(value)) return 'female';
  if (MALE.has(value)) return 'male';
  return 'other';
}

/** Organisations are counted once however their name is cased or spaced. */
export const organisationKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

class Tally {
  private readonly rows = new Map<string, BreakdownRow>();

  add(code: string, name: string, by = 1): void {
    const row = this.rows.get(code);
    if (row) row.count += by;
    else this.rows.set(code, { code, name, count: by });
  }

  /** Largest first, then by name, so a table reads from the top. */
  sorted(): BreakdownRow[] {
    return [...this.rows.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name) || a.code.localeCompare(b.code));
  }
}

export const emptyGender = (): GenderBalance => ({ female: 0, male: 0, other: 0, notGiven: 0 });

export interface ParticipationBreakdowns {
  byStakeholderType: BreakdownRow[];
  byCountry: BreakdownRow[];
  byRegion: BreakdownRow[];
  byRegionalGroup: BreakdownRow[];
  gender: { overall: GenderBalance; headsOfDelegation: GenderBalance };
  organisations: BreakdownRow[];
  attended: number;
}

/** The participation breakdowns of the people who attended: one pass over them. */
export function breakdowns(
  attended: Iterable<AttendedProfile>,
  regionOf: (country: string) => CountryRegion | null,
  countryName: (country: string) => string,
): ParticipationBreakdowns {
  const stakeholders = new Tally();
  const countries = new Tally();
  const regions = new Tally();
  const groups = new Tally();
  const organisations = new Tally();
  const overall = emptyGender();
  const heads = emptyGender();
  const seenRegion = new Map<string, CountryRegion | null>();
  let attendedCount = 0;
  for (const person of attended) {
    const n = person.count ?? 1;
    attendedCount += n;
    const type = person.stakeholderType ?? NOT_STATED.code;
    stakeholders.add(type, STAKEHOLDER_NAMES[type] ?? NOT_STATED.name, n);
    if (person.country) {
      const country = person.country.toUpperCase();
      countries.add(country, countryName(country), n);
      let region = seenRegion.get(country);
      if (region === undefined) seenRegion.set(country, (region = regionOf(country)));
      if (region?.region) regions.add(region.region.code, region.region.name, n);
      else regions.add(NOT_STATED.code, NOT_STATED.name, n);
      if (region?.regionalGroup) groups.add(region.regionalGroup.code, region.regionalGroup.name, n);
      else groups.add(NOT_STATED.code, 'No regional group', n);
    } else {
      countries.add(NOT_STATED.code, NOT_STATED.name, n);
      regions.add(NOT_STATED.code, NOT_STATED.name, n);
      groups.add(NOT_STATED.code, 'No regional group', n);
    }
    if (person.organisation?.trim()) organisations.add(organisationKey(person.organisation), person.organisation.trim().replace(/\s+/g, ' '), n);
    const gender = genderOf(person.gender);
    overall[gender] += n;
    if (person.capacity === 'head') heads[gender] += n;
  }
  return {
    byStakeholderType: stakeholders.sorted(),
    byCountry: countries.sorted(),
    byRegion: regions.sorted(),
    byRegionalGroup: groups.sorted(),
    gender: { overall, headsOfDelegation: heads },
    organisations: organisations.sorted(),
    attended: attendedCount,
  };
}

export function summariseFeedback(ratings: Array<{ rating: number; count: number }>): FeedbackSummary {
  const distribution: FeedbackSummary['distribution'] = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let responses = 0;
  let total = 0;
  for (const { rating, count } of ratings) {
    distribution[String(rating) as keyof FeedbackSummary['distribution']] += count;
    responses += count;
    total += rating * count;
  }
  return { responses, averageRating: responses ? Math.round((total / responses) * 100) / 100 : null, distribution };
}

/** Recommendations grouped by theme, in the order of the themes list; each item names its conference. */
export function groupByTheme(
  entries: Array<{ conferenceId: string; recommendations: Recommendation[] }>,
  themeLabels: Map<string, string>,
): ThemeGroup[] {
  const groups = new Map<string, ThemeGroup>();
  for (const { conferenceId, recommendations } of entries) {
    for (const r of recommendations) {
      let group = groups.get(r.theme);
      if (!group) groups.set(r.theme, (group = { theme: r.theme, label: themeLabels.get(r.theme) ?? r.theme, items: [] }));
      group.items.push({ text: r.text, conferenceId });
    }
  }
  const order = [...themeLabels.keys()];
  return [...groups.values()].sort((a, b) => (order.indexOf(a.theme) + 1 || Infinity) - (order.indexOf(b.theme) + 1 || Infinity) || a.theme.localeCompare(b.theme));
}

export interface SummitConferenceLine {
  conferenceId: string;
  title: string;
  city: string | null;
  state: string;
  /** submitted: its report counts; waived or cancelled: left out by decision; missing: still awaited. */
  report: 'submitted' | 'waived' | 'cancelled' | 'missing';
  attended: number | null;
}

/** The regional reports submitted so far, consolidated for the summit (SPEC §4). */
export interface SummitReportData {
  seriesId: string;
  seriesName: string;
  summit: { id: string; title: string };
  generation: number;
  generatedAt: string;
  totals: { invited: number; accepted: number; attended: number; countries: number; organisations: number };
  byRegion: BreakdownRow[];
  byRegionalGroup: BreakdownRow[];
  byStakeholderType: BreakdownRow[];
  conferences: SummitConferenceLine[];
  recommendationsByTheme: ThemeGroup[];
  missingReports: string[];
  waivers: Array<{ conferenceId: string; reason: string; actor: string; createdAt: string }>;
}

/** Rows of several reports added up by code. */
export function sumBreakdowns(lists: BreakdownRow[][]): BreakdownRow[] {
  const tally = new Tally();
  for (const list of lists) for (const row of list) tally.add(row.code, row.name, row.count);
  return tally.sorted();
}
