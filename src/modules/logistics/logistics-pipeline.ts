import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LifecycleGuard, LifecycleGuards } from '../conferences';
import { OverdueItem, PipelineContributions } from '../pipeline';
import { Blocker, LogisticsService } from './logistics.service';

/**
 * What logistics tells the rest: overdue tasks (the pipeline and the reminder digest), and the
 * `registration_closed -> ready` guards (which the pipeline and dashboard show as blockers), the
 * badge and visa-letter ones counted from accreditation's figures. The capacity guard is the
 * participants module's own.
 */
@Injectable()
export class LogisticsPipeline implements OnModuleInit {
  constructor(
    private readonly pipeline: PipelineContributions,
    private readonly guards: LifecycleGuards,
    private readonly logistics: LogisticsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
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
