import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedRows } from '../../platform/database/prepared';
import { rowsOf } from '../../platform/database/rows';
import { Page, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { RETRY_WINDOW_MS } from './webhook-retry';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A delivery to attempt: its next attempt's number and everything the request needs. */
export interface DueAttempt {
  deliveryId: string;
  attempt: number;
}

export interface AttemptContext {
  deliveryId: string;
  subscriptionId: string;
  status: DeliveryStatus;
  attempts: number;
  body: string;
  givesUpAt: Date;
  url: string;
  secretSealed: Buffer;
  disabled: boolean;
}

export interface DeliveryView {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  givesUpAt: string;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  gives_up_at: Date;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const toView = (r: DeliveryRow): DeliveryView => ({
  id: r.id,
  webhookId: r.subscription_id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: iso(r.created_at)!,
  lastAttemptAt: iso(r.last_attempt_at),
  nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
  deliveredAt: iso(r.delivered_at),
  givesUpAt: iso(r.gives_up_at)!,
});

const VIEW_COLUMNS = `id, subscription_id, event_id, event_type, status, attempts, last_status_code, last_error, created_at, last_attempt_at, next_attempt_at, delivered_at, gives_up_at`;

/**
 * The webhooks module's SQL for deliveries: one row per (event, subscription), written before any
 * attempt so the record survives a lost queue; each attempt updates it conditionally on the
 * attempt number it was made as, so a job run twice records once. The statements every delivery
 * goes through (fan-out, read, success) are prepared: they run by key from arrays.
 */
@Injectable()
export class WebhookDeliveries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records each event for every enabled subscription that asked for its type and returns, per
   * event, the first attempts to queue: the new rows, and rows an earlier run for the same event
   * wrote but may not have queued (the conflict's update returns those, so the unique index is
   * probed once per row). One statement for all the events given.
   */
  async fanOut(events: Array<{ id: string; type: string; body: string }>, now: Date): Promise<DueAttempt[][]> {
    // An event given twice (two jobs carrying it at once) would have the conflict's update touch its rows twice, which PostgreSQL refuses.
    const unique = [...new Map(events.map((e) => [e.id, e])).values()];
    const rows = await preparedRows<{ id: string; event_id: string }>(
      this.dataSource,
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS e(event_id, event_type, body)
       ),
       subs AS (
         SELECT id, events FROM webhook_subscriptions WHERE disabled_at IS NULL AND events && $2::text[]
       ),
       written AS (
         INSERT INTO webhook_deliveries AS d (subscription_id, event_id, event_type, body, next_attempt_at, gives_up_at, queued_at, created_at)
         SELECT s.id, e.event_id, e.event_type, e.body, $4, $5, now(), $4 FROM input e JOIN subs s ON e.event_type = ANY (s.events)
         ON CONFLICT ON CONSTRAINT one_delivery_per_event DO UPDATE SET queued_at = EXCLUDED.queued_at
           WHERE d.status = 'pending' AND d.attempts = 0
         RETURNING d.id, d.event_id
       )
       SELECT id, event_id FROM written`,
      [unique.map((e) => e.id), unique.map((e) => e.type), unique.map((e) => e.body), now.toISOString(), new Date(now.getTime() + RETRY_WINDOW_MS).toISOString()],
    );
    const byEvent = new Map<string, DueAttempt[]>(events.map((e) => [e.id, []]));
    for (const r of rows) byEvent.get(r.event_id)?.push({ deliveryId: r.id, attempt: 1 });
    return events.map((e) => byEvent.get(e.id)!);
  }

  /** One delivery outside the event flow (a ping), queued at once. */
  async createOne(subscriptionId: string, event: { id: string; type: string; body: string }, now: Date): Promise<DeliveryView> {
    const [row] = await rowsOf<DeliveryRow>(
      this.dataSource,
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, body, next_attempt_at, gives_up_at, queued_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $5) RETURNING ${VIEW_COLUMNS}`,
      [subscriptionId, event.id, event.type, event.body, now.toISOString(), new Date(now.getTime() + RETRY_WINDOW_MS).toISOString()],
    );
    return toView(row);
  }

  /** When the earliest retry of an enabled subscription fell due, if one has and is not queued yet. */
  async earliestDue(now: Date): Promise<Date | null> {
    const [row] = await rowsOf<{ due: Date | null }>(
      this.dataSource,
      `SELECT min(d.next_attempt_at) AS due FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE d.status = 'pending' AND d.queued_at IS NULL AND d.next_attempt_at <= $1 AND s.disabled_at IS NULL`,
      [now.toISOString()],
    );
    return row?.due ? new Date(row.due) : null;
  }

  /** Marks due retries queued (a batch at a time) and returns them, for the caller to enqueue. */
  async claimDue(now: Date, limit = 1000): Promise<DueAttempt[]> {
    const rows = await rowsOf<{ id: string; attempts: number }>(
      this.dataSource,
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.status = 'pending' AND d.queued_at IS NULL AND d.next_attempt_at <= $1 AND s.disabled_at IS NULL
         ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED
       ),
       marked AS (UPDATE webhook_deliveries d SET queued_at = now() FROM due WHERE d.id = due.id RETURNING d.id, d.attempts)
       SELECT * FROM marked`,
      [now.toISOString(), limit],
    );
    return rows.map((r) => ({ deliveryId: r.id, attempt: r.attempts + 1 }));
  }

  /** Attempts queued longer ago than this (real time) that may have been lost with Redis. */
  async queuedBefore(olderThanSeconds: number): Promise<DueAttempt[]> {
    const rows = await rowsOf<{ id: string; attempts: number }>(
      this.dataSource,
      `SELECT id, attempts FROM webhook_deliveries WHERE status = 'pending' AND queued_at < now() - make_interval(secs => $1) LIMIT 5000`,
      [olderThanSeconds],
    );
    return rows.map((r) => ({ deliveryId: r.id, attempt: r.attempts + 1 }));
  }

  /** What attempts at these deliveries need, in the order given (null for a delivery that is gone). */
  async forAttempts(deliveryIds: string[]): Promise<Array<AttemptContext | null>> {
    const rows = await preparedRows<{ id: string; subscription_id: string; status: DeliveryStatus; attempts: number; body: string; gives_up_at: Date; url: string; secret_sealed: Buffer; disabled: boolean }>(
      this.dataSource,
      `SELECT d.id, d.subscription_id, d.status, d.attempts, d.body, d.gives_up_at, s.url, s.secret_sealed, s.disabled_at IS NOT NULL AS disabled
       FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = ANY ($1::uuid[])`,
      [deliveryIds],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return deliveryIds.map((id) => {
      const row = byId.get(id);
      if (!row) return null;
      return {
        deliveryId: row.id,
        subscriptionId: row.subscription_id,
        status: row.status,
        attempts: row.attempts,
        body: row.body,
        givesUpAt: new Date(row.gives_up_at),
        url: row.url,
        secretSealed: row.secret_sealed,
        disabled: row.disabled,
      };
    });
  }

  /** A delivery whose subscription is disabled waits, unqueued, until it is enabled again. */
  async park(deliveryId: string, attemptsMade: number): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_deliveries SET queued_at = NULL WHERE id = $1 AND status = 'pending' AND attempts = $2`, [deliveryId, attemptsMade]);
  }

  /**
   * Records successful attempts, each made as attempt `attempts + 1` of its delivery: false for one
   * recorded already (a job run twice). A success ends its subscription's failing streak. The
   * deliveries and the subscriptions change together, in one statement for all of them.
   */
  async recordSuccesses(items: Array<{ ctx: AttemptContext; at: Date; statusCode: number }>): Promise<boolean[]> {
    const updated = await preparedRows<{ id: string }>(
      this.dataSource,
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::int[]) AS i(id, attempts, at, code)
       ),
       done AS (
         UPDATE webhook_deliveries d SET status = 'delivered', attempts = d.attempts + 1, last_attempt_at = i.at, last_status_code = i.code,
           last_error = NULL, delivered_at = i.at, queued_at = NULL
         FROM input i WHERE d.id = i.id AND d.status = 'pending' AND d.attempts = i.attempts
         RETURNING d.id, d.subscription_id
       ),
       streak AS (
         UPDATE webhook_subscriptions s SET failing_since = NULL WHERE s.id IN (SELECT subscription_id FROM done) AND s.failing_since IS NOT NULL
       )
       SELECT id FROM done`,
      [items.map((i) => i.ctx.deliveryId), items.map((i) => i.ctx.attempts), items.map((i) => i.at.toISOString()), items.map((i) => i.statusCode)],
    );
    const done = new Set(updated.map((r) => r.id));
    return items.map((i) => done.has(i.ctx.deliveryId));
  }

  /**
   * Records a failed attempt: the delivery is retried at `retryAt`, or dead once its window has
   * passed; a subscription whose deliveries have all failed for the retry window is disabled.
   */
  async recordFailure(
    ctx: AttemptContext,
    now: Date,
    failure: { statusCode: number | null; error: string },
    retryAt: Date,
  ): Promise<{ recorded: boolean; dead: boolean; disabled: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await rowsOf<{ status: DeliveryStatus }>(
        manager,
        `WITH failed AS (
           UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $3, last_status_code = $4, last_error = $5, queued_at = NULL,
             status = CASE WHEN $3::timestamptz >= gives_up_at THEN 'dead' ELSE 'pending' END, next_attempt_at = $6
           WHERE id = $1 AND status = 'pending' AND attempts = $2 RETURNING status
         ) SELECT status FROM failed`,
        [ctx.deliveryId, ctx.attempts, now.toISOString(), failure.statusCode, failure.error, retryAt.toISOString()],
      );
      if (!row) return { recorded: false, dead: false, disabled: false };
      const [sub] = await rowsOf<{ disabled: boolean }>(
        manager,
        `WITH marked AS (
           UPDATE webhook_subscriptions SET
             failing_since = COALESCE(failing_since, $2),
             disabled_at = CASE WHEN COALESCE(failing_since, $2) <= $2::timestamptz - make_interval(secs => $3) THEN $2 END,
             disabled_reason = CASE WHEN COALESCE(failing_since, $2) <= $2::timestamptz - make_interval(secs => $3)
               THEN 'Every delivery failed from ' || to_char(COALESCE(failing_since, $2) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                 || ' for 24 hours; the last: ' || $4 END
           WHERE id = $1 AND disabled_at IS NULL
           RETURNING disabled_at IS NOT NULL AS disabled
         ) SELECT disabled FROM marked`,
        [ctx.subscriptionId, now.toISOString(), RETRY_WINDOW_MS / 1000, failure.error],
      );
      return { recorded: true, dead: row.status === 'dead', disabled: sub?.disabled ?? false };
    });
  }

  async list(subscriptionId: string, query: { limit?: number; cursor?: string; status?: string }): Promise<Page<DeliveryView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'time', id: 'uuid' });
    const params: unknown[] = [subscriptionId];
    const conditions = ['subscription_id = $1'];
    if (query.status) {
      params.push(query.status);
      conditions.push(`status = $${params.length}`);
    }
    if (after) {
      params.push(after.key, after.id);
      conditions.push(`(created_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await rowsOf<DeliveryRow>(
      this.dataSource,
      `SELECT ${VIEW_COLUMNS} FROM webhook_deliveries WHERE ${conditions.join(' AND ')} ORDER BY created_at, id LIMIT $${params.length}`,
      params,
    );
    const page = toPage(rows.map(toView), limit, (d) => ({ key: d.createdAt, id: d.id }));
    return page;
  }

  async find(subscriptionId: string, deliveryId: string): Promise<DeliveryView | null> {
    const [row] = await rowsOf<DeliveryRow>(this.dataSource, `SELECT ${VIEW_COLUMNS} FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2`, [deliveryId, subscriptionId]);
    return row ? toView(row) : null;
  }

  /** When the oldest delivered delivery was delivered, if one was before `before`. */
  async oldestDeliveredBefore(before: Date): Promise<Date | null> {
    const [row] = await rowsOf<{ at: Date | null }>(
      this.dataSource,
      `SELECT min(delivered_at) AS at FROM webhook_deliveries WHERE status = 'delivered' AND delivered_at < $1`,
      [before.toISOString()],
    );
    return row?.at ? new Date(row.at) : null;
  }

  /** Deletes up to `limit` deliveries delivered before `before`, oldest first; returns how many went. */
  async pruneDelivered(before: Date, limit: number): Promise<number> {
    const [row] = await rowsOf<{ pruned: number }>(
      this.dataSource,
      `WITH pruned AS (
         DELETE FROM webhook_deliveries WHERE id IN (
           SELECT id FROM webhook_deliveries WHERE status = 'delivered' AND delivered_at < $1 ORDER BY delivered_at LIMIT $2
         ) RETURNING 1
       ) SELECT count(*)::int AS pruned FROM pruned`,
      [before.toISOString(), limit],
    );
    return row.pruned;
  }

  /** A dead delivery gets a fresh retry window from now, its first new attempt queued at once. */
  async revive(subscriptionId: string, deliveryId: string, now: Date): Promise<DueAttempt | null> {
    const [row] = await rowsOf<{ id: string; attempts: number }>(
      this.dataSource,
      `WITH revived AS (
         UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $3, gives_up_at = $4, queued_at = now()
         WHERE id = $1 AND subscription_id = $2 AND status = 'dead' RETURNING id, attempts
       ) SELECT * FROM revived`,
      [deliveryId, subscriptionId, now.toISOString(), new Date(now.getTime() + RETRY_WINDOW_MS).toISOString()],
    );
    return row ? { deliveryId: row.id, attempt: row.attempts + 1 } : null;
  }
}
