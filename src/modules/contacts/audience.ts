import { isISO31661Alpha2, isUUID } from 'class-validator';
import { STAKEHOLDER_TYPES } from './contact.entity';
import type { RegionsCatalog } from './regions-catalog';
import { REGIONAL_GROUPS } from './un-regional-groups';

/**
 * Who a wave reaches. A contact matches when it matches every criterion given, and a criterion
 * when the contact has any of its values. A criterion left out does not narrow the audience; a
 * criterion given with no values matches nobody (validateAudience reports it, so a wave never
 * reaches the whole directory by an emptied filter). Erased contacts never match.
 */
export interface AudienceCriteria {
  stakeholderTypes?: string[];
  countries?: string[];
  /** UN M49 area codes as strings ("150", "419", "145"…) and UN regional groups ("WEOG"…). */
  regions?: string[];
  contactIds?: string[];
}

const CRITERIA = ['stakeholderTypes', 'countries', 'regions', 'contactIds'] as const;

/** Every problem with an audience, one sentence each, naming the criterion; empty when it is usable. */
export function audienceProblems(criteria: unknown, regions: RegionsCatalog): string[] {
  if (criteria === null || typeof criteria !== 'object' || Array.isArray(criteria)) {
    return ['audience must be an object with stakeholderTypes, countries, regions and/or contactIds'];
  }
  const problems: string[] = [];
  const given = criteria as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(CRITERIA as readonly string[]).includes(key)) problems.push(`audience.${key}: unknown criterion; use ${CRITERIA.join(', ')}`);
  }
  const check = (key: (typeof CRITERIA)[number], valid: (value: string) => boolean, describe: (bad: string[]) => string) => {
    const values = given[key];
    if (values === undefined || values === null) return;
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      problems.push(`audience.${key}: must be a list of strings`);
      return;
    }
    if (values.length === 0) {
      problems.push(`audience.${key}: is empty and would match nobody; leave it out or give at least one value`);
      return;
    }
    const bad = [...new Set((values as string[]).filter((v) => !valid(v)))];
    if (bad.length) problems.push(`audience.${key}: ${describe(bad)}`);
  };
  const quoted = (bad: string[]) => bad.map((b) => JSON.stringify(b)).join(', ');
  check('stakeholderTypes', (v) => (STAKEHOLDER_TYPES as readonly string[]).includes(v), (bad) => `unknown stakeholder type ${quoted(bad)}; use ${STAKEHOLDER_TYPES.join(', ')}`);
  check('countries', (v) => isISO31661Alpha2(v.trim()), (bad) => `${quoted(bad)} ${bad.length > 1 ? 'are not' : 'is not an'} ISO 3166-1 alpha-2 code${bad.length > 1 ? 's' : ''} (such as BY or TT)`);
  check(
    'regions',
    (v) => regions.isKnownRegion(v),
    (bad) => `unknown region ${quoted(bad)}; use UN M49 area codes such as "150" (Europe), "419" (Latin America and the Caribbean), "145" (Western Asia), or a regional group: ${REGIONAL_GROUPS.join(', ')}`,
  );
  check('contactIds', (v) => isUUID(v), (bad) => `${quoted(bad)} ${bad.length > 1 ? 'are not contact ids' : 'is not a contact id'} (UUIDs as returned when contacts are created)`);
  return problems;
}

/**
 * The ids of the contacts an audience reaches, as SQL to embed (e.g. `WHERE contact_id IN (…)`),
 * with placeholders numbered from firstParam. Values no contact can have (an unknown region, a
 * malformed id) match nobody instead of failing the query.
 */
export function audienceSql(criteria: AudienceCriteria, firstParam: number, regions: RegionsCatalog, options: { withDeliverable?: boolean } = {}): { sql: string; params: unknown[] } {
  const conditions = ['c.erased_at IS NULL'];
  const params: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown[]) => {
    params.push(value);
    conditions.push(condition(`$${firstParam + params.length - 1}`));
  };
  const list = (values: string[] | null | undefined) => (Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : null);

  const stakeholderTypes = list(criteria.stakeholderTypes);
  if (stakeholderTypes) add((p) => `c.stakeholder_type = ANY(${p}::text[])`, stakeholderTypes);
  const countries = list(criteria.countries);
  if (countries) add((p) => `c.country = ANY(${p}::text[])`, [...new Set(countries.map((c) => c.trim().toUpperCase()))]);
  const regionCodes = list(criteria.regions);
  if (regionCodes) add((p) => `c.country = ANY(${p}::text[])`, [...new Set(regionCodes.flatMap((r) => regions.countriesIn(r)))]);
  const contactIds = list(criteria.contactIds);
  if (contactIds) add((p) => `c.id = ANY(${p}::uuid[])`, [...new Set(contactIds.filter((id) => isUUID(id)).map((id) => id.toLowerCase()))]);

  // withDeliverable adds a `deliverable` column: false once a permanent bounce marked the address.
  const columns = options.withDeliverable ? 'c.id, c.undeliverable_at IS NULL AS deliverable' : 'c.id';
  return { sql: `SELECT ${columns} FROM contacts c WHERE ${conditions.join(' AND ')}`, params };
}
