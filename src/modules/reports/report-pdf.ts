import { drawBarChart } from '../../platform/documents/pdf-bar-chart';
import { PdfDocument } from '../../platform/documents/pdf-document';
import { TableColumn, drawTable } from '../../platform/documents/pdf-table';
import type { BreakdownRow, ConferenceReportData, GenderBalance, SummitReportData, ThemeGroup } from './report-data';

/** Lines of long breakdowns beyond this go to the Markdown and CSV; the PDF names how many were left out. */
const MAX_ROWS = 60;

class ReportLayout {
  readonly doc: PdfDocument;
  y: number;

  constructor(title: string) {
    this.doc = new PdfDocument({ title, language: 'en', size: 'A4' });
    this.y = this.doc.margin;
  }

  get width(): number {
    return this.doc.pageWidth - 2 * this.doc.margin;
  }

  titlePage(heading: string, title: string, lines: string[]): void {
    const { doc } = this;
    doc.pdf.save().rect(0, 0, doc.pageWidth, 12).fill('#1f5f99').restore();
    doc.line(heading, doc.margin, 200, this.width, { size: 14, color: '#1f5f99', align: 'center' });
    const below = doc.paragraph(title, doc.margin, 240, this.width, { size: 24, weight: 'bold', align: 'center' });
    let y = below + 20;
    for (const line of lines) {
      doc.line(line, doc.margin, y, this.width, { size: 12, align: 'center' });
      y += 20;
    }
    doc.addPage();
    this.y = doc.margin;
  }

  /** Room for `height` points, or a new page. */
  room(height: number): void {
    if (this.y + height > this.doc.pageHeight - this.doc.margin) {
      this.doc.addPage();
      this.y = this.doc.margin;
    }
  }

  heading(text: string, size = 15): void {
    this.room(size * 4);
    this.y += size;
    this.doc.line(text, this.doc.margin, this.y, this.width, { size, weight: 'bold', color: '#1f5f99' });
    this.y += size * 0.9;
  }

  text(text: string, size = 10.5): void {
    this.room(size * 3);
    this.y = this.doc.paragraph(text, this.doc.margin, this.y + size, this.width, { size }) + 2;
  }

  table(columns: TableColumn[], rows: string[][]): void {
    this.room(50);
    this.y = drawTable(this.doc, columns, rows, this.y + 4, { x: this.doc.margin, width: this.width });
  }

  breakdown(title: string, header: string, rows: BreakdownRow[]): void {
    this.heading(title, 12);
    if (rows.length === 0) return this.text('No participant attended.');
    this.table([{ header, share: 4 }, { header: 'Attended', share: 1, align: 'end' }], rows.slice(0, MAX_ROWS).map((r) => [r.name, String(r.count)]));
    if (rows.length > MAX_ROWS) this.text(`… and ${rows.length - MAX_ROWS} more (see the CSV).`, 9);
  }

  chart(title: string, rows: BreakdownRow[]): void {
    const bars = rows.slice(0, 10).map((r) => ({ label: r.name, value: r.count }));
    this.room(40 + bars.length * 20);
    this.y = drawBarChart(this.doc, title, bars, this.doc.margin, this.y, this.width);
  }

  themes(groups: ThemeGroup[], conferenceName?: (id: string) => string): void {
    if (groups.length === 0) return this.text('No recommendation recorded.');
    for (const group of groups) {
      this.heading(group.label, 12);
      for (const item of group.items) this.text(`• ${item.text}${conferenceName ? ` (${conferenceName(item.conferenceId)})` : ''}`);
    }
  }
}

const genderTable = (overall: GenderBalance, heads: GenderBalance): string[][] =>
  (
    [
      ['Women', 'female'],
      ['Men', 'male'],
      ['Other', 'other'],
      ['Not given', 'notGiven'],
    ] as const
  ).map(([label, key]) => [label, String(overall[key]), String(heads[key])]);

const dates = (c: { startsOn: string | null; endsOn: string | null }) => (c.startsOn && c.endsOn ? (c.startsOn === c.endsOn ? c.startsOn : `${c.startsOn} to ${c.endsOn}`) : '');

/** The report as a PDF: a title page, the participation tables with a chart, feedback, outcomes and recommendations. */
export function conferenceReportPdf(report: ConferenceReportData): Promise<Buffer> {
  const layout = new ReportLayout(`Follow-up report: ${report.conference.title}`);
  const { funnel, feedback, outcomes } = report;
  layout.titlePage('Follow-up report', report.conference.title, [
    [report.conference.city, dates(report.conference)].filter(Boolean).join(' · '),
    `Attended: ${funnel.attended}`,
    `Generated ${report.generatedAt}`,
  ]);
  layout.heading('Participation');
  layout.table(
    [{ header: 'Stage', share: 4 }, { header: 'People', share: 1, align: 'end' }],
    [
      ['Invited', funnel.invited],
      ['Accepted', funnel.accepted],
      ['Declined', funnel.declined],
      ['No answer', funnel.noAnswer],
      ['Attended', funnel.attended],
    ].map(([a, b]) => [String(a), String(b)]),
  );
  layout.chart('Attended participants by stakeholder type', report.byStakeholderType);
  layout.breakdown('By stakeholder type', 'Stakeholder type', report.byStakeholderType);
  layout.breakdown('By UN regional group', 'Regional group', report.byRegionalGroup);
  layout.breakdown('By region (UN M49)', 'Region', report.byRegion);
  layout.breakdown('By country', 'Country', report.byCountry);
  layout.heading('Gender balance', 12);
  layout.table(
    [{ header: 'Gender', share: 3 }, { header: 'All attended', share: 1, align: 'end' }, { header: 'Heads of delegation', share: 1.4, align: 'end' }],
    genderTable(report.gender.overall, report.gender.headsOfDelegation),
  );
  layout.breakdown(`Organisations represented (${report.organisations.length})`, 'Organisation', report.organisations);
  layout.heading('Feedback');
  layout.text(`${feedback.responses} response(s); average rating ${feedback.averageRating ?? 'n/a'} out of 5.`);
  layout.table([{ header: 'Rating', share: 4 }, { header: 'Responses', share: 1, align: 'end' }], (['5', '4', '3', '2', '1'] as const).map((r) => [r, String(feedback.distribution[r])]));
  layout.heading('Outcomes');
  layout.text(outcomes ? outcomes.summary : 'No outcomes recorded.');
  if (outcomes?.keyOutcomes.length) {
    layout.heading('Key outcomes', 12);
    for (const k of outcomes.keyOutcomes) layout.text(`• ${k}`);
  }
  layout.heading('Recommendations by theme');
  layout.themes(report.recommendationsByTheme);
  return layout.doc.finish();
}

/** The summit's consolidated report as a PDF. */
export function summitReportPdf(report: SummitReportData): Promise<Buffer> {
  const layout = new ReportLayout(`Consolidated report: ${report.seriesName}`);
  const names = new Map(report.conferences.map((c) => [c.conferenceId, c.city ?? c.title]));
  const name = (id: string) => names.get(id) ?? id;
  const { totals } = report;
  layout.titlePage('Consolidated report of the regional conferences', report.seriesName, [`For ${report.summit.title}`, `Generated ${report.generatedAt}`]);
  layout.heading('Totals across the series');
  layout.table(
    [{ header: 'Measure', share: 4 }, { header: 'Value', share: 1, align: 'end' }],
    [
      ['Invited', totals.invited],
      ['Accepted', totals.accepted],
      ['Attended', totals.attended],
      ['Countries (distinct)', totals.countries],
      ['Organisations (distinct)', totals.organisations],
    ].map(([a, b]) => [String(a), String(b)]),
  );
  layout.heading('Regional conferences', 12);
  layout.table(
    [{ header: 'Conference', share: 4 }, { header: 'State', share: 1.4 }, { header: 'Report', share: 1.2 }, { header: 'Attended', share: 1, align: 'end' }],
    report.conferences.map((c) => [`${c.title}${c.city ? ` (${c.city})` : ''}`, c.state, c.report, c.attended === null ? '—' : String(c.attended)]),
  );
  layout.chart('Attended participants by region across the series', report.byRegion);
  layout.breakdown('By UN regional group', 'Regional group', report.byRegionalGroup);
  layout.breakdown('By stakeholder type', 'Stakeholder type', report.byStakeholderType);
  layout.heading('Recommendations by theme');
  layout.themes(report.recommendationsByTheme, name);
  layout.heading('Reports still missing');
  layout.text(report.missingReports.length ? report.missingReports.map(name).join(', ') : 'None.');
  layout.heading('Waivers');
  if (report.waivers.length === 0) layout.text('None.');
  for (const w of report.waivers) layout.text(`${name(w.conferenceId)}: ${w.reason} (${w.actor}, ${w.createdAt})`);
  return layout.doc.finish();
}
