import { HttpStatus, Injectable } from '@nestjs/common';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { ConferencesService, REPORT_SUBMITTED } from '../conferences';
import { SeriesService } from '../series';
import { SummitConferenceLine, SummitReportData, groupByTheme, organisationKey, sumBreakdowns } from './report-data';
import { summitReportMarkdown } from './report-markdown';
import { summitReportPdf } from './report-pdf';
import { ReportsProducer } from './reports.jobs';
import { ReportsRepository } from './reports.repository';

/**
 * The summit's consolidated report: the submitted regional reports added up as they were submitted,
 * with the conferences still missing and the waivers. Stored like a conference's report: each change
 * in the series (a conference added or moved, a waiver) asks the reports worker for a new
 * generation, which replaces the older one in every format.
 */
@Injectable()
export class SummitReportService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly conferences: ConferencesService,
    private readonly series: SeriesService,
    private readonly clock: ClockService,
    private readonly jobs: ReportsProducer,
  ) {}

  @OnDomainEvent('conference.created', 'conference.transitioned', 'conference.waived')
  async onSeriesChanged(event: DomainEvent<'conference.created' | 'conference.transitioned' | 'conference.waived'>): Promise<void> {
    await this.request(event.data.seriesId);
  }

  /** 202: a new generation, built by the worker. */
  async request(seriesId: string): Promise<{ seriesId: string; generation: number; state: 'generating' }> {
    const generation = await this.repository.requestSummitGeneration(seriesId, await this.clock.now());
    await this.jobs.summit(seriesId, generation);
    return { seriesId, generation, state: 'generating' };
  }

  /** The asking side of POST: only for a series that exists. */
  async requestFor(seriesId: string) {
    const [series] = await this.series.summaries(seriesId);
    if (!series) throw DomainError.notFound('series', seriesId);
    return this.request(seriesId);
  }

  async read(seriesId: string, format: 'json' | 'md' | 'pdf'): Promise<SummitReportData | string | Buffer> {
    const [series] = await this.series.summaries(seriesId);
    if (!series) throw DomainError.notFound('series', seriesId);
    const value = await this.repository.summitReportFormat(seriesId, format);
    if (value === null) {
      const pending = await this.repository.summitReport(seriesId);
      throw new DomainError(
        HttpStatus.NOT_FOUND,
        'summit_report_not_generated',
        pending ? 'The summit report is being generated; try again in a moment.' : 'This series has no summit report yet; generate it with POST /api/series/:id/summit-report.',
      );
    }
    return value;
  }

  /** The worker's half: a generation older than the stored one, or than one asked for since, is skipped. */
  async generate(seriesId: string, generation: number): Promise<{ outcome: 'done' | 'skipped' }> {
    const stored = await this.repository.summitReport(seriesId);
    if (!stored || stored.generation >= generation || stored.requestedGeneration > generation) return { outcome: 'skipped' };
    const data = await this.build(seriesId, generation);
    const [markdown, pdf] = [summitReportMarkdown(data), await summitReportPdf(data)];
    return { outcome: (await this.repository.storeSummitReport(data, { markdown, pdf })) ? 'done' : 'skipped' };
  }

  async build(seriesId: string, generation: number): Promise<SummitReportData> {
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
    const submitted = regionals.filter((c) => REPORT_SUBMITTED.includes(c.state));
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
      generation,
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
