import { getAlpha2Codes } from 'i18n-iso-countries';
import { UN_LANGUAGES } from '../../platform/http/validators';
import { STAKEHOLDER_TYPES } from '../contacts';
import type { Area } from '../contacts';
import type { DashboardCatalogue } from './dashboard-catalogues';

export interface NamedChoice {
  code: string;
  name: string;
}

/** What the desk's pickers offer: the codes the API accepts, named in the page's language. */
export interface DeskChoices {
  stakeholderTypes: readonly string[];
  countries: NamedChoice[];
  regions: Array<NamedChoice & { kind: string }>;
  languages: readonly string[];
}

const COUNTRIES = Object.keys(getAlpha2Codes()).sort();

/**
 * Countries and M49 areas are named by CLDR through the server's ICU (full in Node, where a
 * browser's build may lack the M49 areas' names), UN regional groups by the page's messages; a
 * code CLDR does not name keeps the English name it came with.
 */
export function deskChoices(catalogue: DashboardCatalogue, regions: Array<Area & { kind: string }>): DeskChoices {
  const names = new Intl.DisplayNames([catalogue.language], { type: 'region', fallback: 'none' });
  const cldr = (code: string) => {
    try {
      return names.of(code);
    } catch {
      return undefined;
    }
  };
  const byName = (a: NamedChoice, b: NamedChoice) => a.name.localeCompare(b.name, catalogue.language);
  return {
    stakeholderTypes: STAKEHOLDER_TYPES,
    countries: COUNTRIES.map((code) => ({ code, name: cldr(code) ?? code })).sort(byName),
    regions: regions
      .map((r) => ({ code: r.code, kind: r.kind, name: (r.kind === 'regionalGroup' ? catalogue.messages[`desk.group.${r.code}`] : cldr(r.code)) ?? r.name }))
      .sort(byName),
    languages: UN_LANGUAGES,
  };
}
