/**
 * How long an accepted message may wait before its acceptance is written: what a process killed
 * mid-send resends is what the server had accepted within this window (plus the messages in hand-off).
 */
export const RECORD_WINDOW_MS = 20;
/** A window's acceptances beyond this are written at once rather than waiting for the window to end. */
export const RECORD_MAX_BATCH = 50;
/** After a failed write the acceptances are kept and written again this much later. */
export const RECORD_RETRY_MS = 250;

/**
 * Writes what the mail server accepted in small batches, soon after acceptance: a write starts when
 * the first acceptance of a batch is RECORD_WINDOW_MS old or the batch is full, one write at a time
 * (acceptances arriving meanwhile form the next batch). A failed write keeps its items for the next
 * one; drain() writes what is left and throws if that fails, so a caller never reports unrecorded
 * acceptances as recorded.
 */
export class DeliveryRecorder<T> {
  private pending: T[] = [];
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;
  private lastError?: unknown;
  private added = 0;
  private written = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly windowMs = RECORD_WINDOW_MS,
    private readonly maxBatch = RECORD_MAX_BATCH,
  ) {}

  /** Items written so far. */
  get recorded(): number {
    return this.written;
  }

  add(item: T): void {
    this.pending.push(item);
    this.added++;
    if (this.writing) return;
    if (this.pending.length >= this.maxBatch) this.startWrite();
    else this.timer ??= setTimeout(() => this.startWrite(), this.windowMs);
  }

  /**
   * Resolves once everything added before the call is written (items added meanwhile by other
   * callers do not hold it up); rejects with the write's error if a try at those items fails.
   */
  async drain(): Promise<void> {
    const target = this.added;
    while (this.written < target) {
      if (!this.writing) {
        this.lastError = undefined;
        this.startWrite();
      }
      await this.writing;
      if (this.written < target && this.lastError !== undefined) throw this.lastError;
    }
  }

  private startWrite(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing || this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.writing = this.write(items).then(
      () => {
        this.written += items.length;
        this.lastError = undefined;
      },
      (error: unknown) => {
        this.pending = [...items, ...this.pending];
        this.lastError = error;
      },
    );
    void this.writing.then(() => {
      this.writing = undefined;
      if (this.pending.length === 0) return;
      // What arrived during the write has waited already; after a failure the database gets a moment.
      if (this.lastError === undefined) this.startWrite();
      else this.timer ??= setTimeout(() => this.startWrite(), RECORD_RETRY_MS);
    });
  }
}
