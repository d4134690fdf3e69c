import { createHash } from 'node:crypto';
import { countryName } from '../platform/mail/mail-formatting';
import { REGIONAL_GROUPS, REGIONAL_GROUP_MEMBERS } from '../modules/contacts';

/**
 * The dry run's directory: one mission contact per UN Member State, the international and regional
 * organisations of the model case, and civil society, academia and the private sector. Names are
 * invented and every address is at example.org, so no mail can reach a real person.
 */

export interface DirectoryContact {
  email: string;
  fullName: string;
  stakeholderType: string;
  honorific?: string;
  jobTitle?: string;
  organisation?: string;
  country?: string;
  language?: string;
}

/** A number in [0, 1) from a text: the same contact makes the same choices in every run. */
export function draw(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

const pick = <T>(items: readonly T[], seed: string): T => items[Math.floor(draw(seed) * items.length)];

const LEAGUE_OF_ARAB_STATES = ['DZ', 'BH', 'KM', 'DJ', 'EG', 'IQ', 'JO', 'KW', 'LB', 'LY', 'MR', 'MA', 'OM', 'QA', 'SA', 'SO', 'SD', 'SY', 'TN', 'AE', 'YE'];
const COMMONWEALTH_OF_INDEPENDENT_STATES = ['AM', 'AZ', 'BY', 'KZ', 'KG', 'MD', 'RU', 'TJ', 'TM', 'UZ'];
const SPANISH_SPEAKING = ['AR', 'BO', 'CL', 'CO', 'CR', 'CU', 'DO', 'EC', 'SV', 'GT', 'HN', 'MX', 'NI', 'PA', 'PY', 'PE', 'UY', 'VE', 'ES'];
const FRENCH_SPEAKING = ['FR', 'BE', 'LU', 'MC', 'SN', 'CI', 'ML', 'BF', 'NE', 'CD', 'HT', 'TG', 'BJ'];

/** The language a mission would ask to be written to in, where it is obvious; English otherwise. */
export function languageOf(country: string): string {
  if (LEAGUE_OF_ARAB_STATES.includes(country)) return 'ar';
  if (COMMONWEALTH_OF_INDEPENDENT_STATES.includes(country)) return 'ru';
  if (SPANISH_SPEAKING.includes(country)) return 'es';
  if (FRENCH_SPEAKING.includes(country)) return 'fr';
  if (country === 'CN') return 'zh';
  return 'en';
}

const GIVEN = {
  female: ['Amina', 'Olga', 'Mariana', 'Claire', 'Leila', 'Ingrid', 'Mei', 'Fatima', 'Ana', 'Nadia', 'Sofia', 'Grace'],
  male: ['Ahmed', 'Sergei', 'Carlos', 'Pierre', 'Kwame', 'Lars', 'Wei', 'Omar', 'Diego', 'Tomas', 'Rahul', 'David'],
};
const FAMILY = ['Haddad', 'Petrova', 'Morales', 'Dubois', 'Mensah', 'Lindqvist', 'Chen', 'Rahman', 'Silva', 'Novak', 'Kapoor', 'Okafor', 'Weber', 'Tanaka', 'Costa', 'Nowak'];

function person(seed: string): { fullName: string; honorific: string; local: string } {
  const gender = draw(`${seed}/gender`) < 0.5 ? 'female' : 'male';
  const given = pick(GIVEN[gender], `${seed}/given`);
  const family = pick(FAMILY, `${seed}/family`);
  return { fullName: `${given} ${family}`, honorific: gender === 'female' ? 'Ms.' : 'Mr.', local: `${given}.${family}`.toLowerCase() };
}

/** Every UN Member State, from the five regional groups (193). */
export function memberStates(): string[] {
  return REGIONAL_GROUPS.flatMap((group) => [...REGIONAL_GROUP_MEMBERS[group]]).sort();
}

const ORGANISATIONS: Array<{ name: string; domain: string; type: 'international_org' | 'regional_org'; country: string; language: string }> = [
  { name: 'United Nations Office on Drugs and Crime', domain: 'unodc', type: 'international_org', country: 'AT', language: 'en' },
  { name: 'INTERPOL', domain: 'interpol', type: 'international_org', country: 'FR', language: 'fr' },
  { name: 'Organization for Security and Co-operation in Europe', domain: 'osce', type: 'regional_org', country: 'AT', language: 'en' },
  { name: 'CARICOM Implementation Agency for Crime and Security', domain: 'caricom-impacs', type: 'regional_org', country: 'TT', language: 'en' },
  { name: 'European Union', domain: 'eu', type: 'regional_org', country: 'BE', language: 'en' },
  { name: 'League of Arab States', domain: 'las', type: 'regional_org', country: 'EG', language: 'ar' },
  { name: 'Organisation of Islamic Cooperation', domain: 'oic', type: 'international_org', country: 'SA', language: 'ar' },
  { name: 'Collective Security Treaty Organization', domain: 'csto', type: 'regional_org', country: 'RU', language: 'ru' },
  { name: 'African Union', domain: 'au', type: 'regional_org', country: 'ET', language: 'en' },
  { name: 'Council of Europe', domain: 'coe', type: 'regional_org', country: 'FR', language: 'fr' },
];

const SOCIETY: Array<{ organisation: string; type: 'civil_society' | 'academia' | 'private_sector'; country: string; jobTitle: string }> = [
  { organisation: 'Global Network of Victims of Terrorism', type: 'civil_society', country: 'ES', jobTitle: 'Director' },
  { organisation: 'Women Preventing Extremism Alliance', type: 'civil_society', country: 'KE', jobTitle: 'Programme Lead' },
  { organisation: 'Digital Rights Watch', type: 'civil_society', country: 'DE', jobTitle: 'Policy Adviser' },
  { organisation: 'Youth for Peace Caribbean', type: 'civil_society', country: 'JM', jobTitle: 'Coordinator' },
  { organisation: 'Human Rights and Security Forum', type: 'civil_society', country: 'JO', jobTitle: 'Executive Director' },
  { organisation: 'Community Resilience Initiative', type: 'civil_society', country: 'ID', jobTitle: 'Founder' },
  { organisation: 'Centre for Security Studies, University of Vienna', type: 'academia', country: 'AT', jobTitle: 'Professor' },
  { organisation: 'Institute for Strategic Dialogue Research', type: 'academia', country: 'GB', jobTitle: 'Senior Fellow' },
  { organisation: 'University of the West Indies, Institute of International Relations', type: 'academia', country: 'TT', jobTitle: 'Lecturer' },
  { organisation: 'Belarusian State University, Faculty of International Relations', type: 'academia', country: 'BY', jobTitle: 'Associate Professor' },
  { organisation: 'Khalifa University, Cyber Security Centre', type: 'academia', country: 'AE', jobTitle: 'Research Scientist' },
  { organisation: 'Central European University, Democracy Institute', type: 'academia', country: 'HU', jobTitle: 'Researcher' },
  { organisation: 'Sciences Po, Paris School of International Affairs', type: 'academia', country: 'FR', jobTitle: 'Professor' },
  { organisation: 'Tech Against Terrorism Partners', type: 'private_sector', country: 'GB', jobTitle: 'Head of Policy' },
  { organisation: 'Global Internet Forum Member Platform', type: 'private_sector', country: 'US', jobTitle: 'Trust and Safety Manager' },
  { organisation: 'SecureFlight Data Systems', type: 'private_sector', country: 'NL', jobTitle: 'Chief Technology Officer' },
  { organisation: 'Andean Telecom Group', type: 'private_sector', country: 'PE', jobTitle: 'Compliance Director' },
  { organisation: 'Gulf Financial Intelligence Solutions', type: 'private_sector', country: 'AE', jobTitle: 'Managing Partner' },
  { organisation: 'Nordic Drone Safety', type: 'private_sector', country: 'SE', jobTitle: 'Product Manager' },
  { organisation: 'Pan-African Payments Association', type: 'private_sector', country: 'NG', jobTitle: 'Head of Risk' },
];

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The whole directory, as POST /api/contacts/import takes it (a JSON array); the same every run. */
export function demoDirectory(): DirectoryContact[] {
  const missions = memberStates().map((country): DirectoryContact => {
    const who = person(`mission/${country}`);
    const name = countryName('en', country);
    return {
      email: `${who.local}@mission-${country.toLowerCase()}.example.org`,
      fullName: who.fullName,
      honorific: `H.E. ${who.honorific}`,
      jobTitle: 'Permanent Representative to the United Nations',
      organisation: `Permanent Mission of ${name} to the United Nations`,
      stakeholderType: 'member_state',
      country,
      language: languageOf(country),
    };
  });
  const organisations = ORGANISATIONS.map((org): DirectoryContact => {
    const who = person(`organisation/${org.domain}`);
    return {
      email: `${who.local}@${org.domain}.example.org`,
      fullName: who.fullName,
      honorific: who.honorific,
      jobTitle: 'Head of Counter-Terrorism Programmes',
      organisation: org.name,
      stakeholderType: org.type,
      country: org.country,
      language: org.language,
    };
  });
  const society = SOCIETY.map((entry): DirectoryContact => {
    const who = person(`society/${entry.organisation}`);
    return {
      email: `${who.local}@${slug(entry.organisation.split(',')[0]).slice(0, 30).replace(/-+$/, '')}.example.org`,
      fullName: who.fullName,
      honorific: entry.type === 'academia' && entry.jobTitle.includes('Professor') ? 'Prof.' : who.honorific,
      jobTitle: entry.jobTitle,
      organisation: entry.organisation,
      stakeholderType: entry.type,
      country: entry.country,
      language: languageOf(entry.country),
    };
  });
  return [...missions, ...organisations, ...society];
}

/** How big the dry run is: the default tells the model case, `--fast` a small one for tests. */
export interface DemoSize {
  /** Member States invited to each regional conference, those of the host's region first. */
  memberStates: number;
  /** International and regional organisations invited to each regional conference. */
  organisations: number;
  /** Civil society, academia and private sector contacts invited to each regional conference. */
  society: number;
  /** Member States invited to the summit (every one at the default size). */
  summitMemberStates: number;
  /** The delegates an accepting regional delegation names besides its head, fewest and most. */
  delegates: [number, number];
  /** Seats and delegation quota of each regional conference. */
  capacity: number;
  delegationQuota: number;
}

/** About 400 participants per regional conference from about 55 countries and 10 organisations. */
export const DEFAULT_SIZE: DemoSize = { memberStates: 56, organisations: 10, society: 4, summitMemberStates: 193, delegates: [4, 9], capacity: 600, delegationQuota: 10 };
export const FAST_SIZE: DemoSize = { memberStates: 8, organisations: 2, society: 1, summitMemberStates: 12, delegates: [0, 2], capacity: 100, delegationQuota: 4 };

/**
 * The contacts invited to one regional conference: Member States of the host's regional group
 * first, then others, in an order fixed by the seed; China always among them (the sixth language).
 */
export function regionalAudience(directory: DirectoryContact[], hostCountry: string, city: string, size: DemoSize, seed = 0): DirectoryContact[] {
  const hostGroup = REGIONAL_GROUPS.find((g) => (REGIONAL_GROUP_MEMBERS[g] as readonly string[]).includes(hostCountry));
  const near = (c: DirectoryContact) => (hostGroup && (REGIONAL_GROUP_MEMBERS[hostGroup] as readonly string[]).includes(c.country ?? '') ? 0 : 1);
  const order = (c: DirectoryContact) => (c.country === hostCountry ? -2 : c.country === 'CN' ? -1 : near(c) * 0.6 + draw(`${seed}/${city}/${c.email}`));
  const take = (types: string[], n: number) => directory.filter((c) => types.includes(c.stakeholderType)).sort((a, b) => order(a) - order(b)).slice(0, n);
  return [...take(['member_state'], size.memberStates), ...take(['international_org', 'regional_org'], size.organisations), ...take(['civil_society', 'academia', 'private_sector'], size.society)];
}

/** The contacts invited to the summit: the first Member States in the seed's order, and every organisation. */
export function summitAudience(directory: DirectoryContact[], size: DemoSize, seed = 0): DirectoryContact[] {
  const states = directory.filter((c) => c.stakeholderType === 'member_state').sort((a, b) => draw(`${seed}/summit/${a.email}`) - draw(`${seed}/summit/${b.email}`));
  return [...states.slice(0, size.summitMemberStates), ...directory.filter((c) => c.stakeholderType !== 'member_state')];
}

/** How an invitee answers, decided by their address and the seed: most accept, some decline, a few stay silent. */
export function answerOf(email: string, conference: string, seed = 0): 'accept' | 'decline' | 'silent' {
  const roll = draw(`${seed ? `${seed}/` : ''}${email.toLowerCase()}/${conference}`);
  if (roll < 0.78) return 'accept';
  if (roll < 0.9) return 'decline';
  return 'silent';
}

/** The named delegates of an accepting invitee, between `range`'s bounds and within the quota. */
export function delegatesOf(email: string, quota: number, range: [number, number] = [1, 2], seed = 0): Array<{ fullName: string; email: string; capacity: 'delegate' | 'adviser' }> {
  const [fewest, most] = range;
  const wanted = Math.min(quota, fewest + Math.floor(draw(`${seed ? `${seed}/` : ''}${email}/delegation`) * (most - fewest + 1)));
  const domain = email.split('@')[1];
  return Array.from({ length: wanted }, (_, i) => {
    const who = person(`${seed}/${email}/delegate/${i}`);
    return { fullName: who.fullName, email: `${who.local}.${i + 1}@${domain}`, capacity: i === 0 ? 'delegate' : 'adviser' };
  });
}

/** Whether a delegation travelling to a conference from abroad asks for visa letters. */
export const needsVisaLetter = (email: string, conference: string, hostCountry: string, country: string | undefined, seed = 0) =>
  country !== undefined && country !== hostCountry && draw(`${seed}/${email}/${conference}/visa`) < 0.17;

/** Whether a confirmed participant comes to the door: some always stay away, as at a real meeting. */
export const attends = (name: string, conference: string, seed = 0) => draw(`${seed}/${name}/${conference}/door`) >= 0.1;

/** A feedback rating, or null for a participant who never answers the thank-you mail. */
export function ratingOf(email: string, conference: string, seed = 0): number | null {
  const roll = draw(`${seed}/${email}/${conference}/feedback`);
  if (roll < 0.4) return null;
  return roll < 0.45 ? 2 : roll < 0.6 ? 3 : roll < 0.85 ? 4 : 5;
}
