import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LifecycleGuard, LifecycleGuards } from '../conferences';
import { ParticipantLogistics, ParticipantLogisticsState } from '../participants';
import { OverdueItem, PipelineContributions } from '../pipeline';
import { AttendanceReader } from '../accreditation/attendance-reader';
import { Blocker, LogisticsService } from './logistics.service';

/**
 * What logistics tells the rest: who came (the pipeline's attended), overdue tasks (the pipeline
 * and the reminder digest), and the `registration_closed -> ready` guards (which the pipeline and
 * dashboard show as blockers), and the badge, visa-letter and check-in state the participant
 * lists show. The capacity guard is the participants module's own.
 */
@Injectable()
export class LogisticsPipeline implements OnModuleInit {
  constructor(
    private readonly pipeline: PipelineContributions,
    private readonly guards: LifecycleGuards,
    private readonly attendance: AttendanceReader,
    private readonly logistics: LogisticsService,
    private readonly participantStates: ParticipantLogistics,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.participantStates.register({ statesOf: (ids) => this.statesOf(ids) });
    this.pipeline.registerFunnel({
      name: 'logistics',
      countsFor: async (conferenceIds) => new Map([...(await this.attendance.attendedCounts(conferenceIds))].map(([id, attended]) => [id, { attended }])),
    });
    this.pipeline.registerOverdue({ name: 'logistics-tasks', overdueFor: (ids, now) => this.overdueTasks(ids, now) });
    const guard = (name: Blocker['guard'], check: (c: Parameters<LifecycleGuard['check']>[0]) => Promise<Blocker | null>): LifecycleGuard => ({
      name,
      from: 'registration_closed',
      to: 'ready',
      check: async (conference) => (await check(conference))?.message,
    });
    this.guards.register(
      guard('tasks_done', (c) => this.logistics.taskBlocker(c)),
      guard('badges_issued', (c) => this.logistics.badgeBlocker(c)),
      guard('visa_letters_issued', (c) => this.logistics.visaBlocker(c)),
      guard('credentials_verified', (c) => this.logistics.credentialsBlocker(c)),
    );
  }

  async statesOf(participantIds: string[]): Promise<Map<string, Partial<ParticipantLogisticsState>>> {
    const rows: Array<{ id: string; badge: string | null; visa: string | null; checked_in_at: Date | null }> = await this.dataSource.query(
      `SELECT p.id, b.status AS badge, v.status AS visa, c.checked_in_at
       FROM unnest($1::uuid[]) AS p(id)
       LEFT JOIN logistics_badges b ON b.participant_id = p.id
       LEFT JOIN logistics_visa_letters v ON v.participant_id = p.id
       LEFT JOIN logistics_check_ins c ON c.participant_id = p.id`,
      [participantIds],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          badge: r.badge === null ? undefined : r.badge === 'pending' ? 'none' : (r.badge as 'issued' | 'revoked'),
          visaLetter: r.visa === null ? undefined : r.visa === 'revoked' ? 'none' : (r.visa as 'requested' | 'issued'),
          checkedInAt: r.checked_in_at ? new Date(r.checked_in_at).toISOString() : undefined,
        },
      ]),
    );
  }

  async overdueTasks(conferenceIds: string[], now: Date): Promise<Map<string, OverdueItem[]>> {
    const rows: Array<{ conference_id: string; title: string; due_on: string }> = await this.dataSource.query(
      `SELECT conference_id, title, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM logistics_tasks
       WHERE conference_id = ANY($1::uuid[]) AND NOT done AND due_on < $2::date ORDER BY due_on, title`,
      [conferenceIds, now.toISOString().slice(0, 10)],
    );
    const overdue = new Map<string, OverdueItem[]>();
    for (const r of rows) {
      overdue.set(r.conference_id, [...(overdue.get(r.conference_id) ?? []), { kind: 'logistics_task', since: r.due_on, message: `task '${r.title}' due ${r.due_on} not done` }]);
    }
    return overdue;
  }
}
