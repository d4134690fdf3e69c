import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { SharedRateLimitStorage } from '../../platform/http/shared-rate-limit';
import { tooManyRequestsMessage } from '../../platform/http/too-many-requests';

/**
 * The feedback link's own per-address limit, counted in Redis under `rate-limit:feedback:` so
 * that answering feedback and answering invitations never use up each other's allowance.
 */
@Injectable()
export class FeedbackRateLimit extends ThrottlerGuard implements OnModuleDestroy {
  private readonly counters: SharedRateLimitStorage;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(Reflector) reflector: Reflector) {
    const counters = SharedRateLimitStorage.forConfig(config, 'feedback');
    super(
      {
        // The throttler named `default` answers with a plain Retry-After header.
        throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(1, config.feedbackRateLimit) }],
        skipIf: () => config.feedbackRateLimit === 0,
        // One count per client address for all of /feedback (the page and the answer).
        generateKey: (_context, tracker) => tracker,
        errorMessage: tooManyRequestsMessage,
      },
      counters,
      reflector,
    );
    this.counters = counters;
  }

  onModuleDestroy(): void {
    this.counters.onModuleDestroy();
  }
}
