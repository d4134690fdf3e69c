import { Injectable } from '@nestjs/common';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { ConferencesService } from '../conferences/conferences.service';
import { SeriesService } from '../series/series.service';
import { SummitConferenceLine, SummitReportData, groupByTheme, organisationKey, sumBreakdowns } from './report-data';
import { ReportsRepository } from './reports.repository';
import { SUBMITTED } from './reports.service';

/**
 * The summit's consolidated report: the submitted regional reports added up as they were submitted
 * (a report changes only until it is submitted, so each submission updates this at once), with the
 * conferences still missing and the waivers.
 */
@Injectable()
export class SummitReportService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly conferences: ConferencesService,
    private readonly series: SeriesService,
    private readonly clock: ClockService,
  ) {}

  async build(seriesId: string): Promise<SummitReportData> {
    const [series] = await this.series.summaries(seriesId);
    if (!series) throw DomainError.notFound('series', seriesId);
    const [conferences, readiness, themes, now] = await Promise.all([
      this.conferences.listBySeries(seriesId),
      this.conferences.summitReadiness(seriesId),
      this.repository.themes(),
      this.clock.now(),
    ]);
    const summit = conferences.find((c) => c.kind === 'summit')!;
    const regionals = conferences.filter((c) => c.kind === 'regional');
    const submitted = regionals.filter((c) => SUBMITTED.includes(c.state));
    const reports = await this.repository.reportData(submitted.map((c) => c.id));
    const waived = new Set(readiness.waivers.map((w) => w.conferenceId));
    const countries = new Set<string>();
    const organisations = new Set<string>();
    const totals = { invited: 0, accepted: 0, attended: 0, countries: 0, organisations: 0 };
    const included = submitted.map((c) => reports.get(c.id)).filter((r) => r !== undefined);
    for (const report of included) {
      totals.invited += report.funnel.invited;
      totals.accepted += report.funnel.accepted;
      totals.attended += report.funnel.attended;
      for (const row of report.byCountry) if (row.code !== 'none') countries.add(row.code);
      for (const row of report.organisations) organisations.add(organisationKey(row.name));
    }
    totals.countries = countries.size;
    totals.organisations = organisations.size;
    const lines: SummitConferenceLine[] = regionals.map((c) => ({
      conferenceId: c.id,
      title: c.title,
      city: c.city,
      state: c.state,
      report: reports.has(c.id) ? 'submitted' : waived.has(c.id) ? 'waived' : c.state === 'cancelled' ? 'cancelled' : 'missing',
      attended: reports.get(c.id)?.funnel.attended ?? null,
    }));
    return {
      seriesId,
      seriesName: series.name,
      summit: { id: summit.id, title: summit.title },
      generatedAt: now.toISOString(),
      totals,
      byRegion: sumBreakdowns(included.map((r) => r.byRegion)),
      byRegionalGroup: sumBreakdowns(included.map((r) => r.byRegionalGroup)),
      byStakeholderType: sumBreakdowns(included.map((r) => r.byStakeholderType)),
      conferences: lines,
      recommendationsByTheme: groupByTheme(
        included.map((r) => ({ conferenceId: r.conference.id, recommendations: r.outcomes?.recommendations ?? [] })),
        new Map(themes.map((t) => [t.code, t.label])),
      ),
      missingReports: readiness.missingReports,
      waivers: readiness.waivers,
    };
  }
}
