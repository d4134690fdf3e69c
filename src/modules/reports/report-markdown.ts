import type { BreakdownRow, ConferenceReportData, GenderBalance, SummitReportData, ThemeGroup } from './report-data';

/** A cell of a Markdown table: pipes escaped, lines joined. */
const cell = (value: string | number) => String(value).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const table = (headers: string[], rows: Array<Array<string | number>>) =>
  [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
const breakdown = (title: string, header: string, rows: BreakdownRow[]) =>
  `### ${title}\n\n${rows.length ? table([header, 'Attended'], rows.map((r) => [r.name, r.count])) : '_No participant attended._'}`;
const genderRows = (g: GenderBalance) => [
  ['Women', g.female],
  ['Men', g.male],
  ['Other', g.other],
  ['Not given', g.notGiven],
];

function themes(groups: ThemeGroup[], conferenceName?: (id: string) => string): string {
  if (groups.length === 0) return '_No recommendation recorded._';
  return groups
    .map((g) => `### ${g.label}\n\n${g.items.map((i) => `- ${i.text.replace(/\s*\n\s*/g, ' ')}${conferenceName ? ` (${conferenceName(i.conferenceId)})` : ''}`).join('\n')}`)
    .join('\n\n');
}

const where = (c: { city: string | null; startsOn: string | null; endsOn: string | null }) =>
  [c.city, c.startsOn && c.endsOn ? (c.startsOn === c.endsOn ? c.startsOn : `${c.startsOn} to ${c.endsOn}`) : null].filter(Boolean).join(', ');

/** The report as Markdown, for pasting into a Chair's summary. */
export function conferenceReportMarkdown(report: ConferenceReportData): string {
  const { funnel, feedback, outcomes } = report;
  const parts = [
    `# Follow-up report: ${report.conference.title}`,
    `${where(report.conference)}. Generated ${report.generatedAt} (generation ${report.generation}).`,
    '## Participation',
    table(['Stage', 'People'], [
      ['Invited', funnel.invited],
      ['Accepted', funnel.accepted],
      ['Declined', funnel.declined],
      ['No answer', funnel.noAnswer],
      ['Attended', funnel.attended],
    ]),
    breakdown('By stakeholder type', 'Stakeholder type', report.byStakeholderType),
    breakdown('By country', 'Country', report.byCountry),
    breakdown('By region (UN M49)', 'Region', report.byRegion),
    breakdown('By UN regional group', 'Regional group', report.byRegionalGroup),
    '### Gender balance',
    table(['Gender', 'All attended', 'Heads of delegation'], genderRows(report.gender.overall).map(([label, n], i) => [label, n, genderRows(report.gender.headsOfDelegation)[i][1]])),
    `### Organisations represented (${report.organisations.length})`,
    report.organisations.length ? report.organisations.map((o) => `- ${o.name} (${o.count})`).join('\n') : '_None._',
    '## Feedback',
    `${feedback.responses} response(s); average rating ${feedback.averageRating ?? 'n/a'} out of 5.`,
    table(['Rating', 'Responses'], (['5', '4', '3', '2', '1'] as const).map((r) => [r, feedback.distribution[r]])),
    '## Outcomes',
    outcomes ? outcomes.summary : '_No outcomes recorded._',
    ...(outcomes?.keyOutcomes.length ? ['### Key outcomes', outcomes.keyOutcomes.map((k) => `- ${k.replace(/\s*\n\s*/g, ' ')}`).join('\n')] : []),
    '## Recommendations by theme',
    themes(report.recommendationsByTheme),
  ];
  return `${parts.join('\n\n')}\n`;
}

/** The summit's consolidated report as Markdown. */
export function summitReportMarkdown(report: SummitReportData): string {
  const names = new Map(report.conferences.map((c) => [c.conferenceId, c.city ? `${c.city}` : c.title]));
  const name = (id: string) => names.get(id) ?? id;
  const { totals } = report;
  const parts = [
    `# Consolidated report: ${report.seriesName}`,
    `For ${report.summit.title}. Generated ${report.generatedAt}.`,
    '## Totals across the series',
    table(['Measure', 'Value'], [
      ['Invited', totals.invited],
      ['Accepted', totals.accepted],
      ['Attended', totals.attended],
      ['Countries (distinct)', totals.countries],
      ['Organisations (distinct)', totals.organisations],
    ]),
    '## Regional conferences',
    table(['Conference', 'State', 'Report', 'Attended'], report.conferences.map((c) => [`${c.title}${c.city ? ` (${c.city})` : ''}`, c.state, c.report, c.attended ?? '—'])),
    breakdown('Participation by region (UN M49)', 'Region', report.byRegion),
    breakdown('Participation by UN regional group', 'Regional group', report.byRegionalGroup),
    breakdown('Participation by stakeholder type', 'Stakeholder type', report.byStakeholderType),
    '## Recommendations by theme',
    themes(report.recommendationsByTheme, name),
    '## Reports still missing',
    report.missingReports.length ? report.missingReports.map((id) => `- ${name(id)}`).join('\n') : '_None._',
    '## Waivers',
    report.waivers.length ? report.waivers.map((w) => `- ${name(w.conferenceId)}: ${w.reason.replace(/\s*\n\s*/g, ' ')} (${w.actor}, ${w.createdAt})`).join('\n') : '_None._',
  ];
  return `${parts.join('\n\n')}\n`;
}
