import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { Page, PageQuery, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { ConferencesService } from '../conferences';
import { InvitationsService } from '../invitations';
import { PARTICIPANTS_SOURCE, ParticipantsSource } from './participants-source';
import type { StepKind, StepState } from './reminder-plan';
import { ReminderPlanner } from './reminder-planner';
import { REMINDER_BATCH_SIZE, REMINDER_JOBS, RemindersProducer, reminderBatchJobId } from './reminders.jobs';

export interface StepRow {
  id: string;
  conference_id: string;
  kind: StepKind;
  step_key: string;
  offset_days: number | null;
  due_at: Date;
  state: StepState;
  targeted: number;
  batches: number;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface StepCounts {
  /** Everyone the step covered when it started: for non-responders, every invitee reached by then, answered or not. */
  targeted: number;
  sent: number;
  /** Not sent because they had answered by then. */
  skipped: number;
  /** Held until their quiet hours end. */
  waitingQuietHours: number;
  failed: number;
  /** Queued, not yet handled. */
  pending: number;
  /** Not sent for another reason (deadline passed, contact erased, nothing to report…); see withheldReasons. */
  withheld: number;
}

export interface StepView {
  id: string;
  conferenceId: string;
  kind: StepKind;
  /** Days before the RSVP deadline (non_responders) or the start (participants); null for the digest. */
  offsetDays: number | null;
  dueAt: string;
  state: StepState;
  startedAt: string | null;
  finishedAt: string | null;
  counts: StepCounts;
  withheldReasons: Record<string, number>;
  /** When the next people held by quiet hours are due. */
  nextRelease: string | null;
}

export interface BatchToQueue {
  batchNo: number;
  generation: number;
}

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/**
 * The life of a reminder step once it is due: the tick starts it (its recipients are fixed in one
 * set-based statement and numbered into batches, whose jobs are queued under deterministic ids), the
 * batches send, quiet hours hold some recipients for a later tick, and the step finishes when nobody
 * is left to send to or to wait for.
 */
@Injectable()
export class ReminderSteps {
  private readonly logger = new Logger('reminder-steps');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: RemindersProducer,
    @Inject(PARTICIPANTS_SOURCE) private readonly participants: ParticipantsSource,
    private readonly invitations: InvitationsService,
    private readonly conferences: ConferencesService,
    private readonly planner: ReminderPlanner,
    private readonly clock: ClockService,
  ) {}

  async find(stepId: string): Promise<StepRow | null> {
    const rows: StepRow[] = await this.dataSource.query(`SELECT * FROM reminder_steps WHERE id = $1`, [stepId]);
    return rows[0] ?? null;
  }

  /** For the tick: planned steps whose time has come, and steps with people whose quiet hours are over. */
  async dueWork(now: Date): Promise<{ steps: Array<{ id: string; conferenceId: string; key: string; dueAt: Date }>; releases: Array<{ stepId: string; dueAt: Date }> }> {
    const [steps, releases]: [Array<{ id: string; conference_id: string; step_key: string; due_at: Date }>, Array<{ step_id: string; due_at: Date }>] = await Promise.all([
      this.dataSource.query(`SELECT id, conference_id, step_key, due_at FROM reminder_steps WHERE state = 'planned' AND due_at <= $1 ORDER BY due_at LIMIT 100`, [now.toISOString()]),
      this.dataSource.query(
        `SELECT step_id, min(not_before) AS due_at FROM reminder_deliveries
         WHERE status = 'waiting_quiet_hours' AND not_before <= $1 GROUP BY step_id ORDER BY 2 LIMIT 100`,
        [now.toISOString()],
      ),
    ]);
    return {
      steps: steps.map((s) => ({ id: s.id, conferenceId: s.conference_id, key: s.step_key, dueAt: new Date(s.due_at) })),
      releases: releases.map((r) => ({ stepId: r.step_id, dueAt: new Date(r.due_at) })),
    };
  }

  /**
   * The tick's half of a step. The conference is planned again first, so a deadline changed a moment
   * ago counts; then, if the step is still due, its recipients are fixed and its batches queued.
   */
  async start(stepId: string): Promise<void> {
    const planned = await this.find(stepId);
    if (!planned || planned.state !== 'planned') return;
    await this.planner.plan(planned.conference_id);
    const now = await this.clock.now();
    const started = await this.dataSource.transaction(async (manager) => {
      // Statements that change rows and return some are wrapped in a SELECT throughout this module:
      // TypeORM answers a bare UPDATE … RETURNING with [rows, count] instead of the rows.
      const rows: StepRow[] = await manager.query(
        `WITH started AS (
           UPDATE reminder_steps SET state = 'started', started_at = $2 WHERE id = $1 AND state = 'planned' AND due_at <= $2 RETURNING *
         ) SELECT * FROM started`,
        [stepId, now.toISOString()],
      );
      const step = rows[0];
      if (!step) return null;
      const { targeted, batches } = await this.fixRecipients(manager, step);
      await manager.query(
        `UPDATE reminder_steps SET targeted = $2, batches = $3,
           state = CASE WHEN $3 = 0 THEN 'finished' ELSE state END, finished_at = CASE WHEN $3 = 0 THEN $4::timestamptz END
         WHERE id = $1`,
        [stepId, targeted, batches, now.toISOString()],
      );
      return { step, targeted, batches };
    });
    if (!started) return;
    await this.queueBatches(stepId, Array.from({ length: started.batches }, (_, batchNo) => ({ batchNo, generation: 0 })));
    // The digest is planned a day at a time: the next one now that this one is under way.
    if (started.step.kind === 'digest') await this.planner.plan(started.step.conference_id);
    this.logger.log({ stepId, conferenceId: started.step.conference_id, step: started.step.step_key, targeted: started.targeted, batches: started.batches }, 'reminder step started');
  }

  /** People whose quiet hours are over go back to their batches, and those batches are queued again. */
  async release(stepId: string): Promise<void> {
    const now = await this.clock.now();
    const batches: BatchToQueue[] = await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ batch_no: number; generation: number }> = await manager.query(
        `WITH released AS (
           UPDATE reminder_deliveries SET status = 'pending', not_before = NULL
           WHERE step_id = $1 AND status = 'waiting_quiet_hours' AND not_before <= $2
           RETURNING batch_no
         ),
         bumped AS (
           UPDATE reminder_batches b SET generation = b.generation + 1, queued_at = now()
           WHERE b.step_id = $1 AND b.batch_no IN (SELECT batch_no FROM released)
           RETURNING b.batch_no, b.generation
         )
         SELECT * FROM bumped`,
        [stepId, now.toISOString()],
      );
      return rows.map((r) => ({ batchNo: r.batch_no, generation: r.generation }));
    });
    await this.queueBatches(stepId, batches);
    this.logger.log({ stepId, batches: batches.length }, 'quiet hours over: reminder batches queued again');
  }

  async queueBatches(stepId: string, batches: BatchToQueue[]): Promise<void> {
    for (let i = 0; i < batches.length; i += 500) {
      await this.queue.addBulk(
        batches.slice(i, i + 500).map(({ batchNo, generation }) => ({
          name: REMINDER_JOBS.sendBatch,
          data: { stepId, batchNo, generation },
          opts: { jobId: reminderBatchJobId(stepId, batchNo, generation) },
        })),
      );
    }
  }

  /** A step is over when nobody is left to send to, or to wait for. */
  async completeIfDone(stepId: string): Promise<boolean> {
    const now = await this.clock.now();
    const rows: unknown[] = await this.dataSource.query(
      `WITH finished AS (
         UPDATE reminder_steps SET state = 'finished', finished_at = $2
         WHERE id = $1 AND state = 'started'
           AND NOT EXISTS (SELECT 1 FROM reminder_deliveries WHERE step_id = $1 AND status IN ('pending', 'sending', 'waiting_quiet_hours'))
         RETURNING id
       ) SELECT * FROM finished`,
      [stepId, now.toISOString()],
    );
    return rows.length > 0;
  }

  async list(conferenceId: string, query: PageQuery): Promise<Page<StepView>> {
    await this.conferences.find(conferenceId);
    await this.planner.ensurePlanned(conferenceId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'time', id: 'uuid' });
    const rows: StepRow[] = await this.dataSource.query(
      `SELECT * FROM reminder_steps WHERE conference_id = $1
         AND ($2::timestamptz IS NULL OR (due_at, id) > ($2::timestamptz, $3::uuid))
       ORDER BY due_at, id LIMIT $4`,
      [conferenceId, after?.key ?? null, after?.id ?? null, limit + 1],
    );
    const counts = await this.countsOf(rows.slice(0, limit).map((r) => r.id));
    const views = rows.map((row) => toView(row, counts.get(row.id)));
    return toPage(views, limit, (v) => ({ key: v.dueAt, id: v.id }));
  }

  /** Unfinished work of started steps, for the reconciler: batches with someone still to send to. */
  async openBatches(olderThanSeconds: number, leaseSeconds: number): Promise<Array<{ stepId: string; batchNo: number; generation: number }>> {
    const rows: Array<{ step_id: string; batch_no: number; generation: number }> = await this.dataSource.query(
      `SELECT b.step_id, b.batch_no, b.generation FROM reminder_batches b JOIN reminder_steps s ON s.id = b.step_id
       WHERE s.state = 'started' AND b.queued_at < now() - make_interval(secs => $1)
         AND EXISTS (
           SELECT 1 FROM reminder_deliveries d WHERE d.step_id = b.step_id AND d.batch_no = b.batch_no
             AND (d.status = 'pending' OR (d.status = 'sending' AND d.claimed_at < now() - make_interval(secs => $2))))`,
      [olderThanSeconds, leaseSeconds],
    );
    return rows.map((r) => ({ stepId: r.step_id, batchNo: r.batch_no, generation: r.generation }));
  }

  private async countsOf(stepIds: string[]): Promise<Map<string, { counts: StepCounts; withheldReasons: Record<string, number>; nextRelease: string | null }>> {
    const result = new Map<string, { counts: StepCounts; withheldReasons: Record<string, number>; nextRelease: string | null }>();
    if (stepIds.length === 0) return result;
    const rows: Array<{ step_id: string; status: string; reason: string | null; n: number; next_release: Date | null }> = await this.dataSource.query(
      `SELECT step_id, status, CASE WHEN status = 'skipped' THEN reason END AS reason, count(*)::int AS n, min(not_before) AS next_release
       FROM reminder_deliveries WHERE step_id = ANY($1::uuid[]) GROUP BY 1, 2, 3`,
      [stepIds],
    );
    for (const row of rows) {
      let entry = result.get(row.step_id);
      if (!entry) {
        entry = { counts: emptyCounts(), withheldReasons: {}, nextRelease: null };
        result.set(row.step_id, entry);
      }
      const c = entry.counts;
      switch (row.status) {
        case 'sent':
          c.sent += row.n;
          break;
        case 'failed':
          c.failed += row.n;
          break;
        case 'waiting_quiet_hours':
          c.waitingQuietHours += row.n;
          entry.nextRelease = iso(row.next_release);
          break;
        case 'pending':
        case 'sending':
          c.pending += row.n;
          break;
        case 'skipped':
          if (row.reason === 'answered') c.skipped += row.n;
          else {
            c.withheld += row.n;
            const reason = row.reason ?? 'unknown';
            entry.withheldReasons[reason] = (entry.withheldReasons[reason] ?? 0) + row.n;
          }
          break;
      }
    }
    return result;
  }

  /** Writes one delivery row per recipient of the step, numbered into batches; their ids are the batch keys. */
  private async fixRecipients(manager: EntityManager, step: StepRow): Promise<{ targeted: number; batches: number }> {
    if (step.kind === 'non_responders') {
      const recipients = this.invitations.recipientsQuery(step.conference_id, 4);
      // Everyone invited by the time the step was due (a later invitation is itself recent news):
      // those who answered are counted as skipped at once, the others numbered into batches.
      const [result]: Array<{ n: number; batches: number }> = await manager.query(
        `WITH recipients AS (${recipients.sql}),
         inserted AS (
           INSERT INTO reminder_deliveries (step_id, recipient_id, contact_id, batch_no, status, reason)
           SELECT $1, r.id, r.contact_id, (row_number() OVER (PARTITION BY r.response = 'none' ORDER BY r.id) - 1) / $3,
                  CASE WHEN r.response = 'none' THEN 'pending' ELSE 'skipped' END,
                  CASE WHEN r.response = 'none' THEN NULL ELSE 'answered' END
           FROM recipients r WHERE r.delivery = 'sent' AND r.sent_at <= $2
           ON CONFLICT DO NOTHING
           RETURNING batch_no, status
         )
         SELECT count(*)::int AS n, coalesce(max(batch_no) FILTER (WHERE status = 'pending') + 1, 0)::int AS batches FROM inserted`,
        [step.id, new Date(step.due_at).toISOString(), REMINDER_BATCH_SIZE, ...recipients.params],
      );
      await manager.query(`INSERT INTO reminder_batches (step_id, batch_no) SELECT $1, n FROM generate_series(0, $2 - 1) AS n`, [step.id, result.batches]);
      return { targeted: result.n, batches: result.batches };
    }
    if (step.kind === 'digest') {
      await manager.query(`INSERT INTO reminder_deliveries (step_id, recipient_id, batch_no) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [step.id, step.conference_id]);
      await manager.query(`INSERT INTO reminder_batches (step_id, batch_no) VALUES ($1, 0) ON CONFLICT DO NOTHING`, [step.id]);
      return { targeted: 1, batches: 1 };
    }
    // Participants live in another module: read them page by page, in id order, as batches.
    let after: string | null = null;
    let batchNo = 0;
    let targeted = 0;
    for (;;) {
      const page = await this.participants.forReminders(step.conference_id, after, REMINDER_BATCH_SIZE);
      if (page.length === 0) break;
      const ids = page.map((p) => p.participantId);
      await manager.query(
        `INSERT INTO reminder_deliveries (step_id, recipient_id, batch_no) SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id ON CONFLICT DO NOTHING`,
        [step.id, ids, batchNo],
      );
      await manager.query(`INSERT INTO reminder_batches (step_id, batch_no, range_after) VALUES ($1, $2, $3)`, [step.id, batchNo, after]);
      targeted += ids.length;
      batchNo++;
      after = ids[ids.length - 1];
      if (page.length < REMINDER_BATCH_SIZE) break;
    }
    return { targeted, batches: batchNo };
  }
}

const emptyCounts = (): StepCounts => ({ targeted: 0, sent: 0, skipped: 0, waitingQuietHours: 0, failed: 0, pending: 0, withheld: 0 });

function toView(row: StepRow, tally?: { counts: StepCounts; withheldReasons: Record<string, number>; nextRelease: string | null }): StepView {
  return {
    id: row.id,
    conferenceId: row.conference_id,
    kind: row.kind,
    offsetDays: row.offset_days,
    dueAt: new Date(row.due_at).toISOString(),
    state: row.state,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    counts: { ...(tally?.counts ?? emptyCounts()), targeted: row.targeted },
    withheldReasons: tally?.withheldReasons ?? {},
    nextRelease: tally?.nextRelease ?? null,
  };
}
