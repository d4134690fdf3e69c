import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OverdueItem, PipelineContributions } from '../pipeline';

/** How long after its time a step may still be under way before the secretariat is told. */
const LATE_AFTER_MINUTES = 60;

const describe = (kind: string, offset: number | null) =>
  kind === 'non_responders' ? `reminder to non-responders ${offset} day(s) before the deadline` : kind === 'participants' ? `reminder to participants ${offset} day(s) before the start` : 'daily digest';

/** What the reminders module tells the pipeline: steps that should have gone out, and reminders that failed. */
@Injectable()
export class ReminderPipeline implements OnModuleInit {
  constructor(
    private readonly pipeline: PipelineContributions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.pipeline.registerOverdue({ name: 'reminders', overdueFor: (ids, now) => this.overdueFor(ids, now) });
  }

  async overdueFor(conferenceIds: string[], now: Date): Promise<Map<string, OverdueItem[]>> {
    const late: Array<{ conference_id: string; kind: string; offset_days: number | null; due_at: Date; state: string; unsent: number }> = await this.dataSource.query(
      `SELECT s.conference_id, s.kind, s.offset_days, s.due_at, s.state,
         (SELECT count(*)::int FROM reminder_deliveries d WHERE d.step_id = s.id
            AND (d.status IN ('pending', 'sending') OR (d.status = 'waiting_quiet_hours' AND d.not_before < $2::timestamptz - make_interval(mins => $3)))) AS unsent
       FROM reminder_steps s
       WHERE s.conference_id = ANY($1::uuid[]) AND s.state IN ('planned', 'started') AND s.due_at < $2::timestamptz - make_interval(mins => $3)
       ORDER BY s.due_at`,
      [conferenceIds, now.toISOString(), LATE_AFTER_MINUTES],
    );
    const failed: Array<{ conference_id: string; n: number }> = await this.dataSource.query(
      `SELECT s.conference_id, count(*)::int AS n FROM reminder_deliveries d JOIN reminder_steps s ON s.id = d.step_id
       WHERE s.conference_id = ANY($1::uuid[]) AND d.status = 'failed' AND s.kind <> 'digest' GROUP BY 1`,
      [conferenceIds],
    );
    const result = new Map<string, OverdueItem[]>();
    const add = (id: string, item: OverdueItem) => result.set(id, [...(result.get(id) ?? []), item]);
    for (const step of late) {
      const since = new Date(step.due_at).toISOString();
      const what = describe(step.kind, step.offset_days);
      if (step.state === 'planned') add(step.conference_id, { kind: 'reminder_step', since, message: `The ${what} has not started; check that the clock tick is running.` });
      else if (step.unsent > 0) add(step.conference_id, { kind: 'reminder_step', since, count: step.unsent, message: `The ${what} has ${step.unsent} message(s) still unsent; check that workers are running.` });
    }
    for (const row of failed) {
      add(row.conference_id, { kind: 'failed_delivery', count: row.n, message: `${row.n} reminder(s) could not be delivered; check the addresses.` });
    }
    return result;
  }
}
