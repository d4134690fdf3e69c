import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { rowsOf } from '../../platform/database/rows';
import { DomainError } from '../../platform/http/domain-error';
import { Page, PageQuery, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { CreateWebhookDto, DeliveryListQuery } from './dto/webhook.dto';
import { WebhookAddressError, checkHost } from './webhook-address-guard';
import { PING } from './webhook-catalogue';
import { DeliveryView, DueAttempt, WebhookDeliveries } from './webhook-deliveries';
import { WebhookSecrets, generateSecret } from './webhook-secrets';
import { WebhooksProducer } from './webhooks.jobs';

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  /** Since when every attempt has failed; null after a success. */
  failingSince: string | null;
  createdBy: string;
  createdAt: string;
}

interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  created_by: string;
  created_at: Date;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

const COLUMNS = `id, url, events, description, created_by, created_at, failing_since, disabled_at, disabled_reason`;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const toView = (r: SubscriptionRow): WebhookView => ({
  id: r.id,
  url: r.url,
  events: r.events,
  description: r.description,
  enabled: r.disabled_at === null,
  disabledAt: iso(r.disabled_at),
  disabledReason: r.disabled_reason,
  failingSince: iso(r.failing_since),
  createdBy: r.created_by,
  createdAt: iso(r.created_at)!,
});

/** Webhook subscriptions, and what the secretariat does with their deliveries (list, test, replay). */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('webhooks');
  private readonly secrets: WebhookSecrets;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: WebhooksProducer,
    private readonly deliveries: WebhookDeliveries,
    private readonly clock: ClockService,
  ) {
    this.secrets = new WebhookSecrets(config.tokenSecret);
  }

  /** The answer is the only place the secret is ever shown. */
  async create(dto: CreateWebhookDto, actor: string): Promise<WebhookView & { secret: string }> {
    const url = await this.checkUrl(dto.url);
    const secret = dto.secret ?? generateSecret();
    const now = await this.clock.now();
    const [row] = await rowsOf<SubscriptionRow>(
      this.dataSource,
      `INSERT INTO webhook_subscriptions (url, events, description, secret_sealed, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [url, dto.events, dto.description ?? null, this.secrets.seal(secret), actor, now.toISOString()],
    );
    this.logger.log({ webhookId: row.id, events: dto.events }, 'webhook registered');
    return { ...toView(row), secret };
  }

  async list(query: PageQuery): Promise<Page<WebhookView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'time', id: 'uuid' });
    const rows = await rowsOf<SubscriptionRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM webhook_subscriptions
       WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)) ORDER BY created_at, id LIMIT $3`,
      [after?.key ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows.map(toView), limit, (w) => ({ key: w.createdAt, id: w.id }));
  }

  async get(id: string): Promise<WebhookView> {
    return toView(await this.row(id));
  }

  /** Removes the subscription and its deliveries; nothing more is sent to it. */
  async remove(id: string): Promise<void> {
    const removed = await rowsOf<{ id: string }>(this.dataSource, `WITH gone AS (DELETE FROM webhook_subscriptions WHERE id = $1 RETURNING id) SELECT id FROM gone`, [id]);
    if (removed.length === 0) throw DomainError.notFound('webhook', id);
    this.logger.log({ webhookId: id }, 'webhook removed');
  }

  /** Re-enables a disabled subscription: its waiting deliveries resume, its failing streak starts afresh. */
  async enable(id: string): Promise<WebhookView> {
    await this.row(id);
    const [row] = await rowsOf<SubscriptionRow>(
      this.dataSource,
      `WITH enabled AS (
         UPDATE webhook_subscriptions SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL WHERE id = $1 RETURNING ${COLUMNS}
       ) SELECT * FROM enabled`,
      [id],
    );
    // Deliveries that waited while it was disabled go now, not at the clock's next tick.
    await this.enqueue(await this.deliveries.claimDue(await this.clock.now()));
    this.logger.log({ webhookId: id }, 'webhook enabled');
    return toView(row);
  }

  async deliveriesOf(id: string, query: DeliveryListQuery): Promise<Page<DeliveryView>> {
    await this.row(id);
    return this.deliveries.list(id, query);
  }

  /** A `ping` delivery, signed and retried like any other. */
  async ping(id: string): Promise<DeliveryView> {
    const subscription = await this.row(id);
    if (subscription.disabled_at) throw this.disabledError(id);
    const now = await this.clock.now();
    const eventId = `ping_${randomUUID()}`;
    const body = JSON.stringify({ id: eventId, type: PING, occurredAt: now.toISOString(), data: { webhookId: id } });
    const delivery = await this.deliveries.createOne(id, { id: eventId, type: PING, body }, now);
    await this.enqueue([{ deliveryId: delivery.id, attempt: 1 }]);
    return delivery;
  }

  /** Sends a dead delivery again, the same body under the same event id, with a new retry window. */
  async replay(id: string, deliveryId: string): Promise<DeliveryView> {
    const subscription = await this.row(id);
    const delivery = await this.deliveries.find(id, deliveryId);
    if (!delivery) throw DomainError.notFound('delivery', deliveryId);
    if (subscription.disabled_at) throw this.disabledError(id);
    if (delivery.status !== 'dead') {
      throw DomainError.conflict('delivery_not_dead', `Only a dead delivery can be replayed; this one is ${delivery.status}${delivery.status === 'pending' ? ' and will be retried by itself' : ''}.`);
    }
    const revived = await this.deliveries.revive(id, deliveryId, await this.clock.now());
    if (revived) await this.enqueue([revived]);
    return (await this.deliveries.find(id, deliveryId))!;
  }

  /**
   * Queues attempts under ids of their own. A finished job is dropped at once: an attempt queued
   * again after it ran finds its number taken in the database and does nothing.
   */
  async enqueue(attempts: DueAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.jobs.deliver(attempts);
  }

  private async row(id: string): Promise<SubscriptionRow> {
    const [row] = await rowsOf<SubscriptionRow>(this.dataSource, `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('webhook', id);
    return row;
  }

  private disabledError(id: string): DomainError {
    return DomainError.conflict('webhook_disabled', `Webhook ${id} is disabled; enable it first (POST /api/webhooks/${id}/enable).`);
  }

  /** The URL as it will be called; refused when it is not http(s) or points at an address webhooks may not reach. */
  private async checkUrl(text: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalidUrl(`url "${text.slice(0, 200)}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidUrl(`url must start with http:// or https://, not ${url.protocol}//`);
    if (url.username || url.password) throw invalidUrl('url must not carry a user name or password; the signature authenticates each delivery');
    try {
      await checkHost(url.hostname, this.config.webhookAllowPrivate);
    } catch (error) {
      if (error instanceof WebhookAddressError) throw invalidUrl(`url refused: ${error.message}`);
      throw invalidUrl(`url refused: ${url.hostname} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'DNS error'})`);
    }
    return url.toString();
  }
}

const invalidUrl = (message: string) => new DomainError(HttpStatus.BAD_REQUEST, 'invalid_webhook_url', message, { fields: [{ field: 'url', problems: [message] }] });
