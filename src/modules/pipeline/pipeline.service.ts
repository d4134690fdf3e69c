import { Injectable } from '@nestjs/common';
import { ClockService } from '../../platform/clock/clock.service';
import { QueueDepth, QueueStatsService } from '../../platform/messaging/queue-stats.service';
import { ConferenceState, allowedTargets } from '../conferences';
import type { ConferenceSummary } from '../conferences';
import type { ConferenceView } from '../conferences';
import { ConferencesService, SummitReadiness } from '../conferences';
import { FailedGuard, LifecycleGuards } from '../conferences';
import { SeriesService } from '../series';
import { FunnelCounts, OverdueItem, PipelineContributions, ReportStatus, emptyFunnel } from './pipeline-contributions';
import { Milestone, NEXT_TRANSITION, missedMilestones, nextMilestone, zonedDates } from './pipeline-milestones';

/** The conference as the API shows it everywhere (dates in its own zone), plus where it stands. */
export interface PipelineConference
  extends Pick<
    ConferenceView,
    'id' | 'seriesId' | 'kind' | 'title' | 'city' | 'country' | 'startsOn' | 'endsOn' | 'timezone' | 'rsvpDeadline' | 'capacity' | 'state' | 'stateChangedAt'
  > {
  counts: FunnelCounts;
  nextMilestone: Milestone | null;
  overdue: OverdueItem[];
  /** The forward transition, and every guard that refuses it right now. */
  nextTransition: ConferenceState | null;
  blockers: FailedGuard[];
  /** Transitions the secretariat may command from the current state. */
  transitions: ConferenceState[];
  /** Its follow-up report, where a reports module is there to say. */
  report?: ReportStatus;
  /** On the summit only. */
  summitReadiness?: SummitReadiness;
  /** On the summit only: the consolidated report of its series. */
  summitReport?: string;
}

export interface PipelineSeries {
  id: string;
  name: string;
  summitId: string | null;
  summitReadiness: SummitReadiness;
  /** The missing reports' conferences by title, in calendar order. */
  missingReportTitles: string[];
  /** Where the summit's consolidated report is read. */
  summitReport: string | null;
  /** Regional conferences in calendar order, then the summit. */
  conferenceIds: string[];
}

export interface PipelineView {
  generatedAt: string;
  series: PipelineSeries[];
  conferences: PipelineConference[];
  queues: QueueDepth[];
  /** Contributions that could not be read this time; their numbers are missing from the view. */
  unavailable: string[];
}

interface Lane {
  running: Promise<PipelineView> | null;
  /** Shared by every request that arrived during `running`; starts when it ends. */
  waiting: Promise<PipelineView> | null;
}

/**
 * Where every conference stands and what blocks the summit. Each part is a bounded number of
 * reads whatever the number of invitations: funnel counts come from the owning modules' aggregates.
 */
@Injectable()
export class PipelineService {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly clock: ClockService,
    private readonly series: SeriesService,
    private readonly conferences: ConferencesService,
    private readonly guards: LifecycleGuards,
    private readonly queueStats: QueueStatsService,
    private readonly contributions: PipelineContributions,
  ) {}

  /**
   * Many desks poll the same view. A request that arrives while it is being computed does not start
   * another computation, nor take the one in progress (it began before the request, and may predate
   * a change the caller just made): it shares the next one, which starts as soon as this one ends.
   */
  view(seriesId?: string): Promise<PipelineView> {
    const key = seriesId ?? '*';
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: null, waiting: null };
      this.lanes.set(key, lane);
    }
    if (!lane.running) return this.run(lane, key, seriesId);
    if (!lane.waiting) {
      const queued = lane;
      const settle = () => undefined;
      queued.waiting = queued.running!.then(settle, settle).then(() => {
        queued.waiting = null;
        return this.run(queued, key, seriesId);
      });
    }
    return lane.waiting!;
  }

  private run(lane: Lane, key: string, seriesId?: string): Promise<PipelineView> {
    const running: Promise<PipelineView> = this.compute(seriesId).finally(() => {
      if (lane.running === running) lane.running = null;
      if (!lane.running && !lane.waiting) this.lanes.delete(key);
    });
    lane.running = running;
    return running;
  }

  /** Two rounds of reads whatever the number of conferences or invitations. */
  private async compute(seriesId?: string): Promise<PipelineView> {
    const [now, series, listed, queues] = await Promise.all([
      this.clock.now(),
      this.series.summaries(seriesId),
      this.conferences.listBySeriesIds(seriesId ? [seriesId] : undefined),
      this.queueStats.depths(),
    ]);
    // Every series has its summit from the start, so a series without conferences here was created
    // between the two reads: it shows, whole, at the next poll.
    const bySeries = new Map<string, ConferenceSummary[]>();
    for (const c of listed) bySeries.set(c.seriesId, [...(bySeries.get(c.seriesId) ?? []), c]);
    const shown = series.filter((s) => bySeries.has(s.id));
    const seriesIds = shown.map((s) => s.id);
    const conferences = seriesIds.flatMap((id) => bySeries.get(id)!);
    const conferenceIds = conferences.map((c) => c.id);
    const [readinessBySeries, funnel, overdue, blockers, reports] = await Promise.all([
      this.conferences.summitReadinessOf(seriesIds),
      this.contributions.countsFor(conferenceIds),
      this.contributions.overdueFor(conferenceIds, now),
      Promise.all(conferences.map((c) => this.blockersOf(c))),
      this.contributions.reportsFor(conferences),
    ]);

    const views = conferences.map((c, index): PipelineConference => ({
      id: c.id,
      seriesId: c.seriesId,
      kind: c.kind,
      title: c.title,
      city: c.city,
      country: c.country,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      timezone: c.timezone,
      rsvpDeadline: zonedDates(c).rsvpDeadline,
      capacity: c.capacity,
      state: c.state,
      stateChangedAt: new Date(c.stateChangedAt).toISOString(),
      counts: funnel.byConference.get(c.id) ?? emptyFunnel(),
      nextMilestone: nextMilestone(c),
      overdue: [...missedMilestones(c, now), ...(overdue.byConference.get(c.id) ?? [])],
      nextTransition: NEXT_TRANSITION[c.state],
      blockers: blockers[index],
      transitions: allowedTargets(c.state, 'command'),
      ...(reports.byConference.has(c.id) ? { report: reports.byConference.get(c.id) } : {}),
      ...(c.kind === 'summit' ? { summitReadiness: readinessBySeries.get(c.seriesId), ...this.summitReportOf(c.seriesId) } : {}),
    }));
    const titles = new Map(conferences.map((c) => [c.id, c.title]));

    return {
      generatedAt: now.toISOString(),
      series: shown.map((s) => {
        const own = views.filter((c) => c.seriesId === s.id);
        return {
          id: s.id,
          name: s.name,
          summitId: own.find((c) => c.kind === 'summit')?.id ?? null,
          summitReadiness: readinessBySeries.get(s.id)!,
          missingReportTitles: readinessBySeries.get(s.id)!.missingReports.map((id) => titles.get(id) ?? id),
          summitReport: this.contributions.summitReportPath(s.id),
          conferenceIds: own.map((c) => c.id),
        };
      }),
      conferences: views,
      queues,
      unavailable: [...new Set([...funnel.unavailable, ...overdue.unavailable, ...reports.unavailable])],
    };
  }

  private summitReportOf(seriesId: string): { summitReport?: string } {
    const path = this.contributions.summitReportPath(seriesId);
    return path ? { summitReport: path } : {};
  }

  private async blockersOf(conference: ConferenceSummary): Promise<FailedGuard[]> {
    const to = NEXT_TRANSITION[conference.state];
    return to ? this.guards.failures(conference, to) : [];
  }
}
