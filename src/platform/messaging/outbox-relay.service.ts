import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Batcher } from '../database/call-batcher';
import { rowsOf } from '../database/rows';
import { OutboxService } from './outbox.service';
import { OutboxRow, OutboxStore, relayPending } from './outbox-relay';
import { QUEUES } from './queue-catalog';

const POLL_MS = 250;
/**
 * Least time between two passes when commits keep coming; an isolated commit is published at once.
 * Each pass costs a transaction and a queue pipeline whatever it carries: under a wave of answers a
 * pass every 100 ms carries several batches' events, and they reach the queues within that.
 */
const PASS_GAP_MS = 100;

/**
 * Moves committed outbox events to the queues. It runs in every role: publishing is not consuming,
 * and several relays share the table safely because each claims rows with SKIP LOCKED.
 */
@Injectable()
export class OutboxRelayService implements OutboxStore, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('outbox-relay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;
  private stopUnsubscribe?: () => void;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.domainEvents) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.outboxRelay) return;
    this.stopUnsubscribe = this.outbox.onCommitted(() => void this.flush());
    this.timer = setInterval(() => void this.flush(), POLL_MS);
    this.timer.unref();
  }

  /** Before, not on, shutdown: the database and the queues close on shutdown, and a pass must not run against them. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.stopUnsubscribe?.();
    await this.running?.catch(() => undefined);
  }

  /** Publishes everything pending; concurrent calls coalesce into one more pass. */
  async flush(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      do {
        this.again = false;
        total += await relayPending(this, (jobs) => this.queue.addBulk(jobs).then(() => undefined));
        // Commits arrived meanwhile: under a stream of them, one pass per gap carries many commits' events.
        if (this.again) await new Promise((resolve) => setTimeout(resolve, PASS_GAP_MS));
      } while (this.again);
      return total;
    })()
      .catch((error: Error) => {
        this.logger.warn({ err: error.message }, 'outbox relay pass failed; retrying at next poll');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Concurrent jobs' marks go in one statement: one per job was a third of a stream of webhook events' transactions. */
  private readonly handledMarks = new Batcher<string[], void>(async (groups) => {
    await this.dataSource.query(`UPDATE outbox_events SET handled_at = now() WHERE id = ANY($1::bigint[]) AND handled_at IS NULL`, [groups.flat()]);
    return groups.map(() => undefined);
  }, 100, 1);

  /** Notes that the consumer finished these events: until then a Redis that lost them gets them again. */
  async markHandled(eventIds: string[]): Promise<void> {
    await this.handledMarks.add(eventIds);
  }

  /**
   * Publishes again every event handed to the queue and not yet handled, under the same job ids, for
   * when Redis lost its data: a job Redis still holds is not added twice, and consumers are idempotent.
   */
  async republishUnhandled(): Promise<{ requeued: number }> {
    const rows = await rowsOf<{ id: string }>(
      this.dataSource,
      `WITH reopened AS (
         UPDATE outbox_events SET published_at = NULL WHERE published_at IS NOT NULL AND handled_at IS NULL RETURNING id
       ) SELECT id FROM reopened`,
      [],
    );
    if (rows.length) await this.flush();
    return { requeued: rows.length };
  }

  /**
   * Claims and marks the rows in one statement (each row is written once, not locked and then
   * updated); the mark stays invisible to other relays until the queue write succeeded and the
   * transaction commits, and a failed write rolls it back.
   */
  withClaimedBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await rowsOf<OutboxRow>(
        manager,
        `WITH claimed AS (
           SELECT id FROM outbox_events WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
         ),
         marked AS (
           UPDATE outbox_events o SET published_at = now() FROM claimed WHERE o.id = claimed.id
           RETURNING o.id, o.type, o.aggregate_id, o.payload, o.occurred_at, o.tx::text AS tx
         )
         SELECT * FROM marked ORDER BY id`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(rows);
      return rows.length;
    });
  }
}
