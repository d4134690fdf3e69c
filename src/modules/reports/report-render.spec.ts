import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { RegionsCatalog } from '../contacts';
import { AttendedProfile, ConferenceReportData, breakdowns, groupByTheme, summariseFeedback } from './report-data';
import { conferenceReportMarkdown } from './report-markdown';
import { participationCsv } from './report-csv';
import { conferenceReportPdf } from './report-pdf';

const regions = new RegionsCatalog();
const person = (country: string | null, stakeholderType: string, organisation: string | null, gender: string | null, capacity = 'delegate'): AttendedProfile => ({
  country,
  stakeholderType,
  organisation,
  gender,
  capacity,
});

const attended = [
  person('BY', 'member_state', 'Ministry of Foreign Affairs', 'female', 'head'),
  person('BY', 'member_state', 'Ministry of Foreign Affairs', 'male'),
  person('FR', 'member_state', 'Ministère de l’Intérieur', 'male', 'head'),
  person('KE', 'civil_society', 'Hedayah Network', null),
  person(null, 'international_org', 'INTERPOL', 'non-binary'),
  person('BY', 'academia', ' ministry of  foreign affairs ', 'F'),
];

function sample(): ConferenceReportData {
  const { attended: _count, ...parts } = breakdowns(attended, (c) => regions.regionOf(c), (c) => ({ BY: 'Belarus', FR: 'France', KE: 'Kenya' })[c] ?? c);
  const themes = new Map([['new_technologies', 'New technologies'], ['human_rights', 'Human rights']]);
  return {
    conference: { id: 'c1', seriesId: 's1', title: 'Regional conference, Minsk', city: 'Minsk', country: 'BY', startsOn: '2039-10-03', endsOn: '2039-10-04' },
    generation: 2,
    generatedAt: '2039-10-20T10:00:00.000Z',
    funnel: { invited: 40, accepted: 9, declined: 7, noAnswer: 24, attended: attended.length },
    ...parts,
    feedback: summariseFeedback([{ rating: 5, count: 2 }, { rating: 4, count: 1 }]),
    outcomes: { summary: 'Participants agreed | to share practice.', keyOutcomes: ['A network of focal points'], recommendations: [], revision: 1, updatedAt: '2039-10-10T00:00:00Z' },
    recommendationsByTheme: groupByTheme(
      [{ conferenceId: 'c1', recommendations: [{ text: 'Use API/PNR data', theme: 'new_technologies' }, { text: 'Respect rights', theme: 'human_rights' }] }],
      themes,
    ),
  };
}

describe('conference report data', () => {
  it('counts attended participants by stakeholder type, country, region, regional group and gender', () => {
    const data = sample();
    expect(data.byCountry).toEqual([
      { code: 'BY', name: 'Belarus', count: 3 },
      { code: 'FR', name: 'France', count: 1 },
      { code: 'KE', name: 'Kenya', count: 1 },
      { code: 'none', name: 'Not stated', count: 1 },
    ]);
    expect(data.byRegion).toEqual([
      { code: '150', name: 'Europe', count: 4 },
      { code: '002', name: 'Africa', count: 1 },
      { code: 'none', name: 'Not stated', count: 1 },
    ]);
    expect(data.byRegionalGroup.map((r) => [r.code, r.count])).toEqual([['EASTERN_EUROPEAN', 3], ['AFRICAN', 1], ['none', 1], ['WEOG', 1]]);
    expect(data.byStakeholderType.map((r) => [r.code, r.count])).toEqual([['member_state', 3], ['academia', 1], ['civil_society', 1], ['international_org', 1]]);
    expect(data.gender).toEqual({ overall: { female: 2, male: 2, other: 1, notGiven: 1 }, headsOfDelegation: { female: 1, male: 1, other: 0, notGiven: 0 } });
    // The same organisation spelled twice counts once.
    expect(data.organisations.map((o) => [o.name, o.count])).toEqual([['Ministry of Foreign Affairs', 3], ['Hedayah Network', 1], ['INTERPOL', 1], ['Ministère de l’Intérieur', 1]]);
    expect(data.feedback).toEqual({ responses: 3, averageRating: 4.67, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 2 } });
    expect(data.recommendationsByTheme.map((g) => g.theme)).toEqual(['new_technologies', 'human_rights']);
  });

  it('renders Markdown tables and a CSV that parse back to the same numbers', () => {
    const data = sample();
    const md = conferenceReportMarkdown(data);
    expect(md).toContain('| Belarus | 3 |');
    expect(md).toContain('## Outcomes\n\nParticipants agreed | to share practice.');
    expect(md).toContain('### New technologies\n\n- Use API/PNR data');
    const rows: string[][] = parse(participationCsv(data));
    expect(rows[0]).toEqual(['dimension', 'code', 'name', 'attended']);
    expect(rows).toContainEqual(['country', 'BY', 'Belarus', '3']);
    expect(rows).toContainEqual(['funnel', 'attended', 'Attended', '6']);
    expect(rows).toContainEqual(['gender_heads_of_delegation', 'female', 'Women', '1']);
  });

  describe('PDF', () => {
    let folder: string;
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'convene-report-'));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('has a title page, the tables and a chart drawn into it', async () => {
      const file = join(folder, 'report.pdf');
      writeFileSync(file, await conferenceReportPdf(sample()));
      const info = execFileSync('pdfinfo', [file]).toString();
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(2);
      const first = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-']).toString();
      expect(first).toContain('Follow-up report');
      expect(first).toContain('Regional conference, Minsk');
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      expect(text).toMatch(/Belarus\s+3/);
      expect(text).toMatch(/Invited\s+40/);
      expect(text).toContain('Attended participants by stakeholder type');
      execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '2', '-l', '2', file, join(folder, 'page')]);
      const png = PNG.sync.read(readFileSync(join(folder, 'page-2.png')));
      // The chart's bars are coloured, which no text on the page is.
      let coloured = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
      }
      expect(coloured).toBeGreaterThan(200);
    });
  });
});
