import { Injectable } from '@nestjs/common';
import { AttemptContext } from './webhook-deliveries';

/** How long a handed-over delivery waits for its first attempt before the attempt reads it again. */
export const HANDOFF_TTL_MS = 10_000;
/** Deliveries held at most; past this the oldest are dropped (their attempts read them instead). */
const HANDOFF_KEPT = 50_000;

/**
 * The fan-out's new rows, handed in process to the first attempt at each, which then skips
 * reading what the fan-out has just written. The queue job still exists for every delivery: an
 * attempt that finds nothing here (another process fanned out, this one restarted, a retry, or the
 * entry grew old) reads the row as before.
 */
@Injectable()
export class WebhookHandoff {
  private readonly held = new Map<string, { ctx: AttemptContext; at: number }>();

  keep(contexts: AttemptContext[]): void {
    const at = performance.now();
    for (const ctx of contexts) this.held.set(ctx.deliveryId, { ctx, at });
    if (this.held.size > HANDOFF_KEPT) {
      for (const id of this.held.keys()) {
        if (this.held.size <= HANDOFF_KEPT) break;
        this.held.delete(id);
      }
    }
  }

  /** The delivery as the fan-out wrote it, once, for its first attempt only; a stale one is dropped. */
  take(deliveryId: string, attempt: number): AttemptContext | null {
    const entry = this.held.get(deliveryId);
    if (!entry) return null;
    this.held.delete(deliveryId);
    // A subscription deleted or disabled since the fan-out shows up in the row, so only a fresh entry stands for it.
    if (attempt !== 1 || entry.ctx.attempts !== 0 || performance.now() - entry.at > HANDOFF_TTL_MS) return null;
    return entry.ctx;
  }

  get size(): number {
    return this.held.size;
  }
}
