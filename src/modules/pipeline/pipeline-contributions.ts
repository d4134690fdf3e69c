import { Injectable, Logger } from '@nestjs/common';

/** How far each conference's invitations have come; every number counts people, missing = 0. */
export interface FunnelCounts {
  invited: number;
  sent: number;
  failed: number;
  accepted: number;
  declined: number;
  waitlisted: number;
  noAnswer: number;
  attended: number;
}

export const FUNNEL_STAGES = ['invited', 'sent', 'failed', 'accepted', 'declined', 'waitlisted', 'noAnswer', 'attended'] as const satisfies ReadonlyArray<keyof FunnelCounts>;

/** Something late, said in plain words for the secretariat. */
export interface OverdueItem {
  kind: 'reminder_step' | 'logistics_task' | 'failed_delivery' | 'milestone_missed' | (string & {});
  message: string;
  /** ISO-8601: since when it is late. */
  since?: string;
  count?: number;
}

/**
 * Counts for many conferences in one call, read from aggregates the owning module maintains: the
 * pipeline is polled every few seconds and must never load every invitation.
 */
export interface FunnelSource {
  name: string;
  countsFor(conferenceIds: string[]): Promise<Map<string, Partial<FunnelCounts>>>;
}

export interface OverdueSource {
  name: string;
  overdueFor(conferenceIds: string[], now: Date): Promise<Map<string, OverdueItem[]>>;
}

/** Where a conference's follow-up report stands, with where to download it. */
export interface ReportStatus {
  state: 'none' | 'generating' | 'generated' | 'submitted';
  generation: number;
  generatedAt: string | null;
  /** The formats by name (json, md, pdf, csv): API paths, present once a generation is stored. */
  downloads: Record<string, string>;
}

export interface ReportSource {
  name: string;
  reportsFor(conferences: Array<{ id: string; state: string }>): Promise<Map<string, ReportStatus>>;
  /** Where the summit's consolidated report of a series is read. */
  summitReportPath(seriesId: string): string;
}

export interface Contributed<T> {
  byConference: Map<string, T>;
  /** Sources that failed this time: the view still answers, saying what it lacks. */
  unavailable: string[];
}

export const emptyFunnel = (): FunnelCounts => ({ invited: 0, sent: 0, failed: 0, accepted: 0, declined: 0, waitlisted: 0, noAnswer: 0, attended: 0 });

/**
 * What feature modules tell the pipeline about their conferences. Modules register on init (the
 * invitations module its funnel, reminders and logistics what is overdue), so the pipeline depends
 * on none of them and a module that is absent contributes nothing.
 */
@Injectable()
export class PipelineContributions {
  private readonly logger = new Logger('pipeline');
  private readonly funnels: FunnelSource[] = [];
  private readonly overdue: OverdueSource[] = [];
  private reports: ReportSource | null = null;

  registerFunnel(source: FunnelSource): void {
    this.refuseDuplicate(this.funnels, source.name);
    this.funnels.push(source);
  }

  registerOverdue(source: OverdueSource): void {
    this.refuseDuplicate(this.overdue, source.name);
    this.overdue.push(source);
  }

  /** One module owns reports: the last to register would silently win, so a second is refused. */
  registerReports(source: ReportSource): void {
    if (this.reports) throw new Error(`Pipeline report source ${source.name} is registered after ${this.reports.name}.`);
    this.reports = source;
  }

  async reportsFor(conferences: Array<{ id: string; state: string }>): Promise<Contributed<ReportStatus>> {
    const byConference = new Map<string, ReportStatus>();
    const unavailable = this.reports ? await this.collect([this.reports], (source) => source.reportsFor(conferences), (answer) => answer.forEach((v, k) => byConference.set(k, v))) : [];
    return { byConference, unavailable };
  }

  summitReportPath(seriesId: string): string | null {
    return this.reports?.summitReportPath(seriesId) ?? null;
  }

  /** Every source asked at once; counts of the same stage from several sources add up. */
  async countsFor(conferenceIds: string[]): Promise<Contributed<FunnelCounts>> {
    const byConference = new Map(conferenceIds.map((id) => [id, emptyFunnel()]));
    const unavailable = await this.collect(this.funnels, (source) => source.countsFor(conferenceIds), (answer) => {
      for (const [id, partial] of answer) {
        const counts = byConference.get(id);
        if (!counts) continue;
        for (const stage of FUNNEL_STAGES) {
          const value = partial[stage];
          if (typeof value === 'number' && Number.isFinite(value)) counts[stage] += value;
        }
      }
    });
    return { byConference, unavailable };
  }

  async overdueFor(conferenceIds: string[], now: Date): Promise<Contributed<OverdueItem[]>> {
    const byConference = new Map(conferenceIds.map((id): [string, OverdueItem[]] => [id, []]));
    const unavailable = await this.collect(this.overdue, (source) => source.overdueFor(conferenceIds, now), (answer) => {
      for (const [id, items] of answer) byConference.get(id)?.push(...items);
    });
    return { byConference, unavailable };
  }

  private async collect<S extends { name: string }, A>(sources: S[], ask: (source: S) => Promise<A>, merge: (answer: A) => void): Promise<string[]> {
    const answers = await Promise.allSettled(sources.map(ask));
    const unavailable: string[] = [];
    answers.forEach((answer, index) => {
      if (answer.status === 'fulfilled') return merge(answer.value);
      unavailable.push(sources[index].name);
      const error = answer.reason as Error;
      this.logger.warn({ source: sources[index].name, err: { name: error?.name, message: error?.message } }, 'pipeline contribution failed');
    });
    return unavailable;
  }

  private refuseDuplicate(sources: Array<{ name: string }>, name: string): void {
    if (sources.some((s) => s.name === name)) throw new Error(`Pipeline contribution ${name} is registered twice.`);
  }
}
