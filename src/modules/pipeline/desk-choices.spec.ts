import { RegionsCatalog } from '../contacts';
import { DashboardCatalogues } from './dashboard-catalogues';
import { deskChoices } from './desk-choices';

const catalogues = new DashboardCatalogues();
const regions = new RegionsCatalog().knownRegions().filter((r) => r.kind !== 'intermediateRegion');
const choices = (language: string) => deskChoices(catalogues.catalogue(language), regions);
const named = (list: Array<{ code: string; name: string }>, code: string) => list.find((c) => c.code === code)?.name;

describe('the desk pickers', () => {
  it('names M49 areas, regional groups and countries in French on French pages', () => {
    const fr = choices('fr');
    expect(named(fr.regions, '002')).toBe('Afrique');
    expect(named(fr.regions, '150')).toBe('Europe');
    expect(named(fr.regions, '154')).toBe('Europe du Nord');
    expect(named(fr.regions, '419')).toBe('Amérique latine');
    expect(named(fr.regions, '145')).toBe('Asie de l’Ouest');
    expect(named(fr.regions, 'WEOG')).toBe('Groupe des États d’Europe occidentale et autres États');
    expect(named(fr.countries, 'CH')).toBe('Suisse');
    expect(named(fr.countries, 'DE')).toBe('Allemagne');
  });

  it('names them in English on English pages, and every area and group has a name', () => {
    const en = choices('en');
    expect(named(en.regions, '002')).toBe('Africa');
    expect(named(en.regions, 'WEOG')).toBe('Western European and Others Group');
    expect(named(en.countries, 'DE')).toBe('Germany');
    for (const language of ['en', 'fr']) {
      const { regions: listed, countries } = choices(language);
      expect(listed).toHaveLength(regions.length);
      expect(listed.filter((r) => !r.name || r.name === r.code)).toEqual([]);
      expect(countries.filter((c) => !c.name || c.name === c.code)).toEqual([]);
    }
  });

  it('lists them in the alphabetical order of the page’s language', () => {
    const names = choices('fr').countries.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr')));
    expect(names.indexOf('Égypte')).toBeLessThan(names.indexOf('Équateur'));
    expect(names.indexOf('Égypte')).toBeLessThan(names.indexOf('Fidji'));
  });
});
