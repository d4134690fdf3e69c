import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { ConferencesService } from '../conferences';
import { ReminderPolicy, planSteps } from './reminder-plan';
import { ReminderPolicyRecord, policyOf } from './reminder-policy.entity';

/**
 * Keeps a conference's planned steps in line with its policy, dates and state. Steps already started
 * are never touched: a step that went out does not go out again because the deadline moved.
 */
@Injectable()
export class ReminderPlanner {
  private readonly logger = new Logger('reminder-planner');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly conferences: ConferencesService,
    private readonly clock: ClockService,
  ) {}

  /** A changed deadline or start, a new state: the steps not yet out are planned again. */
  @OnDomainEvent('conference.updated', 'conference.transitioned')
  async onConferenceChanged(event: DomainEvent<'conference.updated'> | DomainEvent<'conference.transitioned'>): Promise<void> {
    await this.plan(event.data.conferenceId);
  }

  async plan(conferenceId: string): Promise<void> {
    const now = await this.clock.now();
    await this.dataSource.transaction((manager) => this.planLocked(manager, conferenceId, null, now));
  }

  /** Inside the caller's transaction; `policy` null reads the conference's current one. */
  async planLocked(manager: EntityManager, conferenceId: string, policy: ReminderPolicy | null, now: Date): Promise<void> {
    // One planner per conference at a time: the policy's PUT, an event and the tick may meet here.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('reminder-plan'), hashtext($1))`, [conferenceId]);
    const conference = await this.conferences.find(conferenceId);
    policy ??= policyOf(await manager.findOne(ReminderPolicyRecord, { where: { conferenceId } }));
    const existing: Array<{ step_key: string; kind: string; state: string; due_at: Date }> = await manager.query(
      `SELECT step_key, kind, state, due_at FROM reminder_steps WHERE conference_id = $1`,
      [conferenceId],
    );
    // A digest whose time has come stays for the tick, even if it has not run yet.
    const dueDigests = policy.digest ? existing.filter((s) => s.kind === 'digest' && s.state === 'planned' && new Date(s.due_at) <= now).map((s) => s.step_key) : [];
    const taken = new Set([...existing.filter((s) => s.state !== 'planned').map((s) => s.step_key), ...dueDigests]);
    const desired = planSteps(conference, policy, now, taken).filter((s) => !taken.has(s.key));

    await manager.query(
      `DELETE FROM reminder_steps WHERE conference_id = $1 AND state = 'planned' AND NOT (step_key = ANY($2::text[]))`,
      [conferenceId, [...desired.map((s) => s.key), ...dueDigests]],
    );
    if (desired.length) {
      await manager.query(
        `INSERT INTO reminder_steps (conference_id, kind, step_key, offset_days, due_at, created_at)
         SELECT $1, u.kind, u.step_key, u.offset_days, u.due_at, $6::timestamptz FROM unnest($2::text[], $3::text[], $4::int[], $5::timestamptz[]) AS u(kind, step_key, offset_days, due_at)
         ON CONFLICT ON CONSTRAINT one_step_per_key DO UPDATE SET due_at = EXCLUDED.due_at WHERE reminder_steps.state = 'planned'`,
        [conferenceId, desired.map((s) => s.kind), desired.map((s) => s.key), desired.map((s) => s.offsetDays), desired.map((s) => s.dueAt.toISOString()), now.toISOString()],
      );
    }
    this.logger.debug({ conferenceId, planned: desired.length }, 'reminder steps planned');
  }

  /** Plans a conference that has never been planned (its first read, before any event). */
  async ensurePlanned(conferenceId: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM reminder_steps WHERE conference_id = $1 LIMIT 1`, [conferenceId]);
    if (rows.length === 0) await this.plan(conferenceId);
  }
}
