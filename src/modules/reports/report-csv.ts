import { csvCell } from '../participants';
import type { ConferenceReportData, GenderBalance } from './report-data';

const GENDER_NAMES: Record<keyof GenderBalance, string> = { female: 'Women', male: 'Men', other: 'Other', notGiven: 'Not given' };

/** The participation table: one line per (dimension, value) counted among the people who attended. */
export function participationCsv(report: ConferenceReportData): string {
  const lines: Array<Array<string | number>> = [['dimension', 'code', 'name', 'attended']];
  const { funnel } = report;
  for (const [code, name, count] of [
    ['invited', 'Invited', funnel.invited],
    ['accepted', 'Accepted', funnel.accepted],
    ['declined', 'Declined', funnel.declined],
    ['no_answer', 'No answer', funnel.noAnswer],
    ['attended', 'Attended', funnel.attended],
  ] as const) lines.push(['funnel', code, name, count]);
  for (const [dimension, rows] of [
    ['stakeholder_type', report.byStakeholderType],
    ['country', report.byCountry],
    ['region', report.byRegion],
    ['regional_group', report.byRegionalGroup],
    ['organisation', report.organisations],
  ] as const) {
    for (const row of rows) lines.push([dimension, row.code, row.name, row.count]);
  }
  for (const [dimension, balance] of [['gender', report.gender.overall], ['gender_heads_of_delegation', report.gender.headsOfDelegation]] as const) {
    for (const key of Object.keys(GENDER_NAMES) as Array<keyof GenderBalance>) lines.push([dimension, key, GENDER_NAMES[key], balance[key]]);
  }
  return `${lines.map((l) => l.map((v) => csvCell(String(v))).join(',')).join('\r\n')}\r\n`;
}
