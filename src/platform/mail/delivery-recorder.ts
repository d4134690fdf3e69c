/**
 * How long an accepted message may wait before its acceptance is sent to the database: what a
 * process killed mid-send resends is what the server had accepted within this window (plus the
 * messages in hand-off), since a write already sent as one statement commits without its sender.
 */
export const RECORD_WINDOW_MS = 10;
/** A window's acceptances beyond this are written at once rather than waiting for the window to end. */
export const RECORD_MAX_BATCH = 50;
/** Writes under way at once: a window's acceptances never wait for the previous window's write, within the pool. */
export const RECORD_MAX_WRITES = 4;
/** After a failed write the acceptances are kept and written again this much later. */
export const RECORD_RETRY_MS = 250;

interface Entry<T> {
  seq: number;
  item: T;
}

/**
 * Writes what the mail server accepted in small batches, soon after acceptance: a write starts when
 * the first acceptance of a batch is RECORD_WINDOW_MS old or the batch is full, without waiting for
 * writes under way (up to RECORD_MAX_WRITES at once; beyond that the batch starts when one ends). A
 * failed write keeps its items for the next one; drain() writes what is left and throws if that
 * fails, so a caller never reports unrecorded acceptances as recorded.
 */
export class DeliveryRecorder<T> {
  private pending: Array<Entry<T>> = [];
  /** Sequence numbers of the items added and not written yet, pending or in a write under way. */
  private readonly unwritten = new Set<number>();
  private readonly writes = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private lastError?: unknown;
  private added = 0;
  private written = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly windowMs = RECORD_WINDOW_MS,
    private readonly maxBatch = RECORD_MAX_BATCH,
    private readonly maxWrites = RECORD_MAX_WRITES,
  ) {}

  /** Items written so far. */
  get recorded(): number {
    return this.written;
  }

  add(item: T): void {
    const seq = ++this.added;
    this.pending.push({ seq, item });
    this.unwritten.add(seq);
    if (this.pending.length >= this.maxBatch) this.startWrite();
    else this.timer ??= setTimeout(() => this.startWrite(), this.windowMs);
  }

  /**
   * Resolves once everything added before the call is written (items added meanwhile by other
   * callers do not hold it up); rejects with the write's error if a try at those items fails.
   */
  async drain(): Promise<void> {
    const target = this.added;
    while (this.oldestUnwritten() <= target) {
      if (this.writes.size === 0) {
        this.lastError = undefined;
        this.startWrite();
      }
      await Promise.race(this.writes);
      if (this.lastError !== undefined && this.oldestUnwritten() <= target) throw this.lastError;
    }
  }

  private oldestUnwritten(): number {
    let oldest = Infinity;
    for (const seq of this.unwritten) if (seq < oldest) oldest = seq;
    return oldest;
  }

  private startWrite(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writes.size >= this.maxWrites || this.pending.length === 0) return;
    const entries = this.pending;
    this.pending = [];
    const writing: Promise<void> = this.write(entries.map((e) => e.item)).then(
      () => {
        this.written += entries.length;
        for (const { seq } of entries) this.unwritten.delete(seq);
        this.lastError = undefined;
      },
      (error: unknown) => {
        this.pending = [...entries, ...this.pending];
        this.lastError = error;
      },
    );
    this.writes.add(writing);
    void writing.then(() => {
      this.writes.delete(writing);
      if (this.pending.length === 0) return;
      // What waited for a free write has waited already; after a failure the database gets a moment.
      if (this.lastError === undefined) this.startWrite();
      else this.timer ??= setTimeout(() => this.startWrite(), RECORD_RETRY_MS);
    });
  }
}
