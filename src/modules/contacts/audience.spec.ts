import { audienceProblems, audienceSql } from './audience';
import { RegionsCatalog } from './regions-catalog';

describe('audience', () => {
  const regions = new RegionsCatalog();

  describe('audienceSql', () => {
    it('matches every non-erased contact when no criterion is given', () => {
      expect(audienceSql({}, 1, regions)).toEqual({ sql: 'SELECT c.id FROM contacts c WHERE c.erased_at IS NULL', params: [] });
    });

    it('ands the criteria given, numbering placeholders from firstParam', () => {
      const { sql, params } = audienceSql({ stakeholderTypes: ['member_state', 'un_entity'], countries: ['at', 'CH'], contactIds: ['8F14E45F-CEEA-4E7A-9F6B-1C2D3E4F5A6B'] }, 3, regions);
      expect(sql).toBe(
        'SELECT c.id FROM contacts c WHERE c.erased_at IS NULL AND c.stakeholder_type = ANY($3::text[]) AND c.country = ANY($4::text[]) AND c.id = ANY($5::uuid[])',
      );
      expect(params).toEqual([['member_state', 'un_entity'], ['AT', 'CH'], ['8f14e45f-ceea-4e7a-9f6b-1c2d3e4f5a6b']]);
    });

    it('expands regions to one country list, separate from the countries criterion', () => {
      const { sql, params } = audienceSql({ countries: ['AT'], regions: ['419', 'EASTERN_EUROPEAN'] }, 1, regions);
      expect(sql).toBe('SELECT c.id FROM contacts c WHERE c.erased_at IS NULL AND c.country = ANY($1::text[]) AND c.country = ANY($2::text[])');
      const expanded = params[1] as string[];
      expect(expanded).toEqual(expect.arrayContaining(['TT', 'BR', 'BY', 'HU']));
      expect(expanded).not.toContain('AT');
      expect(new Set(expanded).size).toBe(expanded.length);
    });

    it('makes values no contact can have match nobody instead of breaking the query', () => {
      const { params } = audienceSql({ regions: ['999'], contactIds: ['not-a-uuid'] }, 1, regions);
      expect(params).toEqual([[], []]);
      expect(audienceSql({ stakeholderTypes: [] }, 1, regions).params).toEqual([[]]);
    });
  });

  describe('audienceProblems', () => {
    it('accepts a usable audience', () => {
      expect(audienceProblems({ stakeholderTypes: ['member_state'], countries: ['BY'], regions: ['150', 'WEOG'], contactIds: ['8f14e45f-ceea-4e7a-9f6b-1c2d3e4f5a6b'] }, regions)).toEqual([]);
      expect(audienceProblems({}, regions)).toEqual([]);
    });

    it('names every bad value of every criterion', () => {
      const problems = audienceProblems({ stakeholderTypes: ['member_state', 'press'], countries: ['ZZ', 'AT', 'XX'], regions: ['150', 'EUROPE'], contactIds: ['42'], colour: ['blue'] }, regions);
      expect(problems).toHaveLength(5);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^audience\.colour: unknown criterion/),
          expect.stringMatching(/^audience\.stakeholderTypes: unknown stakeholder type "press"/),
          expect.stringMatching(/^audience\.countries: "ZZ", "XX" are not ISO 3166-1 alpha-2 codes/),
          expect.stringMatching(/^audience\.regions: unknown region "EUROPE"; use UN M49 area codes/),
          expect.stringMatching(/^audience\.contactIds: "42" is not a contact id/),
        ]),
      );
    });

    it('refuses empty criteria and values of the wrong type', () => {
      expect(audienceProblems({ regions: [] }, regions)).toEqual([expect.stringMatching(/^audience\.regions: is empty and would match nobody/)]);
      expect(audienceProblems({ countries: 'AT' }, regions)).toEqual(['audience.countries: must be a list of strings']);
      expect(audienceProblems([], regions)).toHaveLength(1);
      expect(audienceProblems(null, regions)).toHaveLength(1);
    });
  });
});
