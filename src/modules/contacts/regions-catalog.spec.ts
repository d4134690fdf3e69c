import { isISO31661Alpha2 } from 'class-validator';
import { RegionsCatalog } from './regions-catalog';
import { REGIONAL_GROUPS, REGIONAL_GROUP_MEMBERS } from './un-regional-groups';

describe('RegionsCatalog', () => {
  const catalog = new RegionsCatalog();

  it('expands the M49 areas of the model conferences to their countries', () => {
    expect(catalog.countriesIn('419')).toEqual(expect.arrayContaining(['TT', 'BR', 'MX', 'JM', 'PR']));
    expect(catalog.countriesIn('150')).toEqual(expect.arrayContaining(['AT', 'BY', 'HU', 'CH', 'RU', 'GB']));
    expect(catalog.countriesIn('145')).toEqual(expect.arrayContaining(['AE', 'SA', 'TR', 'IL', 'CY']));
    expect(catalog.countriesIn('002')).toEqual(expect.arrayContaining(['NG', 'EG', 'ZA', 'KE']));
    expect(catalog.countriesIn('150')).not.toContain('TT');
    expect(catalog.countriesIn('419')).not.toContain('US');
    expect(catalog.countriesIn('145')).not.toContain('AT');
  });

  it('knows sub-regions and intermediate regions, with or without leading zeros', () => {
    expect(catalog.countriesIn('151')).toEqual(expect.arrayContaining(['BY', 'HU', 'RU', 'UA']));
    expect(catalog.countriesIn('155')).toEqual(expect.arrayContaining(['AT', 'CH', 'DE']));
    expect(catalog.countriesIn('029')).toEqual(expect.arrayContaining(['TT', 'JM', 'BB']));
    expect(catalog.countriesIn('29')).toEqual(catalog.countriesIn('029'));
    expect(catalog.countriesIn('202')).toEqual(expect.arrayContaining(['NG', 'KE']));
    expect(catalog.countriesIn('202')).not.toContain('EG');
    // Every country of an intermediate region is in its sub-region and region too.
    for (const country of catalog.countriesIn('029')) {
      expect(catalog.countriesIn('419')).toContain(country);
      expect(catalog.countriesIn('019')).toContain(country);
    }
  });

  it('expands the UN regional groups to Member States', () => {
    expect(catalog.countriesIn('WEOG')).toEqual(expect.arrayContaining(['AT', 'CH', 'IL', 'TR', 'US']));
    expect(catalog.countriesIn('EASTERN_EUROPEAN')).toEqual(expect.arrayContaining(['BY', 'HU', 'RU']));
    expect(catalog.countriesIn('GRULAC')).toEqual(expect.arrayContaining(['TT', 'BR']));
    expect(catalog.countriesIn('ASIA_PACIFIC')).toEqual(expect.arrayContaining(['AE', 'KI', 'CN']));
    expect(catalog.countriesIn('AFRICAN')).toEqual(expect.arrayContaining(['EG', 'NG', 'ZA']));
    expect(catalog.countriesIn('ASIA_PACIFIC')).not.toContain('TR');
    expect(catalog.countriesIn('weog')).toEqual(catalog.countriesIn('WEOG'));
    // Territories and observer States are in no group.
    expect(catalog.countriesIn('GRULAC')).not.toContain('PR');
    expect(catalog.countriesIn('ASIA_PACIFIC')).not.toContain('PS');
  });

  it('puts each of the 193 Member States in exactly one group, all of them M49 countries', () => {
    const all = REGIONAL_GROUPS.flatMap((g) => REGIONAL_GROUP_MEMBERS[g]);
    expect(all).toHaveLength(193);
    expect(new Set(all).size).toBe(193);
    expect(REGIONAL_GROUPS.map((g) => REGIONAL_GROUP_MEMBERS[g].length)).toEqual([54, 54, 23, 33, 29]);
    for (const country of all) {
      expect(isISO31661Alpha2(country)).toBe(true);
      expect(catalog.regionOf(country)?.region).not.toBeNull();
    }
  });

  it('tells known regions from unknown ones', () => {
    for (const code of ['150', '419', '145', '002', '019', '029', '202', 'WEOG', 'GRULAC', 'AFRICAN', 'ASIA_PACIFIC', 'EASTERN_EUROPEAN']) {
      expect(catalog.isKnownRegion(code)).toBe(true);
    }
    for (const code of ['999', 'EUROPE', '', 'AT', '1500', '040']) {
      expect(catalog.isKnownRegion(code)).toBe(false);
      expect(catalog.countriesIn(code)).toEqual([]);
    }
  });

  it('says where a country sits, for reports', () => {
    expect(catalog.regionOf('TT')).toEqual({
      region: { code: '019', name: 'Americas' },
      subRegion: { code: '419', name: 'Latin America and the Caribbean' },
      intermediateRegion: { code: '029', name: 'Caribbean' },
      regionalGroup: { code: 'GRULAC', name: 'Latin American and Caribbean Group' },
    });
    expect(catalog.regionOf('at')).toEqual({
      region: { code: '150', name: 'Europe' },
      subRegion: { code: '155', name: 'Western Europe' },
      regionalGroup: { code: 'WEOG', name: 'Western European and Others Group' },
    });
    expect(catalog.regionOf('AE')).toMatchObject({ region: { code: '142' }, subRegion: { code: '145' }, regionalGroup: { code: 'ASIA_PACIFIC' } });
    expect(catalog.regionOf('PS')).toMatchObject({ subRegion: { code: '145' }, regionalGroup: null });
    expect(catalog.regionOf('ZZ')).toBeNull();
  });

  it('names areas and groups', () => {
    expect(catalog.nameOf('150')).toBe('Europe');
    expect(catalog.nameOf('WEOG')).toBe('Western European and Others Group');
    expect(catalog.nameOf('999')).toBeNull();
    expect(catalog.knownRegions()).toEqual(expect.arrayContaining([{ code: '419', name: 'Latin America and the Caribbean', kind: 'subRegion' }, { code: 'WEOG', name: 'Western European and Others Group', kind: 'regionalGroup' }]));
  });
});
