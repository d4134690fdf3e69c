/** The most scans recorded in one statement. */
export const MAX_SCANS = 250;
/** Batches under way at once: while one writes and commits, the next reads its badges. */
const IN_FLIGHT = 2;

/** Something to record in a batch; two with one key are never in batches under way at the same time. */
export interface Keyed {
  readonly key: string;
}

/**
 * Group commit for the door. Scans that arrive while batches are under way are recorded together in
 * the next one. A batch never holds a key twice, nor a key a batch under way holds: a second scan of
 * one badge waits until the first is recorded, so it is answered "already checked in", and two
 * batches never wait on each other's rows.
 */
export class ScanBatches<T extends Keyed> {
  private waiting: T[] = [];
  private readonly recording = new Map<Promise<void>, Set<string>>();
  private scheduled = false;

  /** `record` answers every item of its batch itself, failures included. */
  constructor(private readonly record: (batch: T[]) => Promise<void>) {}

  submit(item: T): void {
    this.waiting.push(item);
    this.schedule();
  }

  /** Scans already received are recorded before the database closes. */
  async drain(): Promise<void> {
    while (this.recording.size || this.scheduled || this.waiting.length) {
      await (this.recording.size ? Promise.all(this.recording.keys()) : new Promise((resolve) => setImmediate(resolve)));
    }
  }

  /**
   * A batch starts once fewer than IN_FLIGHT are under way, after the requests already read from the
   * network have joined it (setImmediate runs after the event loop's I/O phase): a scan arriving alone
   * waits for nothing, a burst is recorded together.
   */
  private schedule(): void {
    if (this.scheduled || this.recording.size >= IN_FLIGHT || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const busy = new Set<string>();
      for (const keys of this.recording.values()) for (const key of keys) busy.add(key);
      const batch: T[] = [];
      const keys = new Set<string>();
      const left: T[] = [];
      for (const item of this.waiting) {
        if (batch.length >= MAX_SCANS || busy.has(item.key) || keys.has(item.key)) {
          left.push(item);
          continue;
        }
        keys.add(item.key);
        batch.push(item);
      }
      this.waiting = left;
      // Everything waiting is held by a batch under way: its end schedules the next.
      if (batch.length === 0) return;
      const recording: Promise<void> = this.record(batch)
        .catch(() => undefined)
        .finally(() => {
          this.recording.delete(recording);
          this.schedule();
        });
      this.recording.set(recording, keys);
      this.schedule();
    });
  }
}
