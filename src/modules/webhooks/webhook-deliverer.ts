import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { KeyObject, createSecretKey } from 'node:crypto';
import { ClockService } from '../../platform/clock/clock.service';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { WebhookClient } from './webhook-client';
import { Batcher } from '../../platform/database/call-batcher';
import { AttemptContext, WebhookDeliveries } from './webhook-deliveries';
import { nextAttemptAt } from './webhook-retry';
import { WebhookSecrets } from './webhook-secrets';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

export type AttemptOutcome = 'delivered' | 'retrying' | 'dead' | 'skipped' | 'parked';

/** Characters of a receiver's answer kept with a failed attempt. */
const EXCERPT_CHARS = 200;
/** Subscriptions whose opened signing keys are kept; past this the cache starts over. */
const SIGNING_KEYS_KEPT = 10_000;

/** Makes one attempt at one delivery and records what came of it. */
@Injectable()
export class WebhookDeliverer implements OnApplicationShutdown {
  private readonly logger = new Logger('webhook-deliverer');
  private readonly secrets: WebhookSecrets;
  private readonly client: WebhookClient;
  /** Each subscription's secret opened once, not per attempt; a rotated secret has other sealed bytes and is opened again. */
  private readonly signingKeys = new Map<string, { sealed: Buffer; key: KeyObject }>();
  /** Concurrent attempts read their deliveries, and record their successes, a statement for many. */
  private readonly reads = new Batcher<string, AttemptContext | null>((ids) => this.deliveries.forAttempts(ids), 500, 1);
  private readonly successes = new Batcher<{ ctx: AttemptContext; at: Date; statusCode: number }, boolean>((items) => this.deliveries.recordSuccesses(items), 500, 1);

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly deliveries: WebhookDeliveries,
    private readonly clock: ClockService,
  ) {
    this.secrets = new WebhookSecrets(config.tokenSecret);
    this.client = new WebhookClient(config.webhookAllowPrivate);
  }

  onApplicationShutdown(): void {
    this.client.close();
  }

  async attempt(deliveryId: string, attempt: number): Promise<{ outcome: AttemptOutcome; detail: string }> {
    const ctx = await this.reads.add(deliveryId);
    if (!ctx || ctx.status !== 'pending' || ctx.attempts + 1 !== attempt) return { outcome: 'skipped', detail: ctx ? `delivery ${ctx.status}, attempt ${ctx.attempts + 1} next` : 'delivery gone' };
    if (ctx.disabled) {
      await this.deliveries.park(deliveryId, ctx.attempts);
      return { outcome: 'parked', detail: 'subscription disabled' };
    }
    // The signature's time is the wall clock's: receivers compare it with theirs to refuse replays.
    const signature = signatureHeader(this.signingKey(ctx), ctx.body, Math.floor(Date.now() / 1000));
    const response = await this.client.post({ url: ctx.url, body: ctx.body, headers: { [SIGNATURE_HEADER]: signature, 'user-agent': 'Convene-Webhooks/1' } });
    const now = await this.clock.now();
    if (response.ok) {
      await this.successes.add({ ctx, at: now, statusCode: response.statusCode! });
      return { outcome: 'delivered', detail: `HTTP ${response.statusCode}` };
    }
    const excerpt = response.excerpt.trim().slice(0, EXCERPT_CHARS);
    const error = excerpt ? `${response.error}: ${excerpt}` : response.error!;
    const recorded = await this.deliveries.recordFailure(ctx, now, { statusCode: response.statusCode, error }, nextAttemptAt(now, ctx.attempts + 1, ctx.givesUpAt));
    if (recorded.disabled) this.logger.log({ webhookId: ctx.subscriptionId }, 'webhook disabled: every delivery failed for 24 hours');
    if (recorded.dead) this.logger.log({ webhookId: ctx.subscriptionId, deliveryId }, 'webhook delivery dead after 24 hours of retries');
    return { outcome: recorded.dead ? 'dead' : 'retrying', detail: response.error! };
  }

  private signingKey(ctx: AttemptContext): KeyObject {
    const kept = this.signingKeys.get(ctx.subscriptionId);
    if (kept && kept.sealed.equals(ctx.secretSealed)) return kept.key;
    const key = createSecretKey(Buffer.from(this.secrets.open(ctx.secretSealed), 'utf8'));
    if (this.signingKeys.size >= SIGNING_KEYS_KEPT) this.signingKeys.clear();
    this.signingKeys.set(ctx.subscriptionId, { sealed: ctx.secretSealed, key });
    return key;
  }
}
