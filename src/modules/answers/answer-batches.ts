import { BeforeApplicationShutdown } from '@nestjs/common';
import type { BatchOrder } from './answer-recorder';

/** The most answers recorded in one transaction. */
export const MAX_BATCH = 250;
/** Batches under way at once: while one writes and commits, the next reads its links and takes its places. */
const IN_FLIGHT = 2;

/** Something to record in a batch: its key (two with one key are never in two batches under way), and whether it was answered. */
export interface Batchable {
  readonly key: string;
  readonly settled: boolean;
}

/** What a batch does; the scheduler only decides when. */
export interface BatchWork<T extends Batchable> {
  /**
   * Records what it can of the batch together, in `order`, and hands what it cannot to `leave`, to
   * be recorded one by one after it. `busy`: keys the batch before is still recording. Throwing
   * means nothing was committed: every item not yet answered is then recorded one by one.
   */
  together(batch: T[], order: BatchOrder, leave: (item: T) => void, busy: ReadonlySet<string> | undefined): Promise<void>;
  alone(item: T): Promise<void>;
  failed(batch: T[], error: unknown): void;
}

/** Where a batch stands, for the batch after it: places, writes and commits stay in arrival order. */
class Turn {
  /** Every item of the batch is answered, the one-by-one ones included. */
  finished = false;
  readonly placed: Promise<void>;
  readonly written: Promise<void>;
  readonly committed: Promise<boolean>;
  readonly done: Promise<void>;
  private settle!: { placed(): void; written(): void; committed(ok: boolean): void; done(): void };

  constructor(readonly keys: Set<string>) {
    let placed!: () => void;
    let written!: () => void;
    let committed!: (ok: boolean) => void;
    let done!: () => void;
    this.placed = new Promise<void>((resolve) => (placed = resolve));
    this.written = new Promise<void>((resolve) => (written = resolve));
    this.committed = new Promise<boolean>((resolve) => (committed = resolve));
    this.done = new Promise<void>((resolve) => (done = resolve));
    this.settle = { placed, written, committed, done };
  }

  markPlaced(): void {
    this.settle.placed();
  }

  markWritten(): void {
    this.settle.written();
  }

  markCommitted(ok: boolean): void {
    this.settle.written();
    this.settle.committed(ok);
  }

  markFinished(): void {
    this.finished = true;
    this.settle.placed();
    this.settle.written();
    this.settle.done();
  }
}

/**
 * Group commit, batches in turn. Items that arrive while a batch is under way are recorded together
 * in the next one, and each is only acknowledged once committed. Two batches are under way at once,
 * and these rules keep them in arrival order:
 *
 * 1. A batch takes its places only after the batch before took its own (and, if that one has items
 *    to record one by one, after those too).
 * 2. It runs its write only after the batch before ran its write (while that one commits).
 * 3. It commits only after the batch before committed; if that one rolled back after this one took
 *    places, this one rolls back too.
 * 4. Items it leaves to record one by one (or all of them, if it rolled back) are recorded after
 *    everything of the batch before, in arrival order.
 * 5. An item whose key the batch before is still recording is left to record one by one.
 */
export class AnswerBatches<T extends Batchable> implements BeforeApplicationShutdown {
  private readonly waiting: T[] = [];
  private readonly recording = new Set<Promise<void>>();
  private scheduled = false;
  private last: Turn | null = null;

  constructor(private readonly work: BatchWork<T>) {}

  submit(item: T): void {
    this.waiting.push(item);
    this.schedule();
  }

  /** Items already received are recorded before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.recording.size || this.scheduled || this.waiting.length) {
      await (this.recording.size ? Promise.all(this.recording) : new Promise((resolve) => setImmediate(resolve)));
    }
  }

  /**
   * A batch starts once fewer than IN_FLIGHT are under way, after the requests already read from
   * the network have joined it (setImmediate runs after the event loop's I/O phase): an item
   * arriving alone waits for nothing, a burst is recorded together.
   */
  private schedule(): void {
    if (this.scheduled || this.recording.size >= IN_FLIGHT || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.waiting.splice(0, MAX_BATCH);
      const previous = this.last;
      const turn = new Turn(new Set(batch.map((b) => b.key)));
      this.last = turn;
      const recording: Promise<void> = this.record(batch, turn, previous).finally(() => {
        if (this.last === turn) this.last = null;
        this.recording.delete(recording);
        this.schedule();
      });
      this.recording.add(recording);
      this.schedule();
    });
  }

  private async record(batch: T[], turn: Turn, previous: Turn | null): Promise<void> {
    let alone: T[] = [];
    let committed = false;
    let afterUnfinished = false;
    const order: BatchOrder = {
      mayClaim: async () => {
        await previous?.placed;
        afterUnfinished = previous !== null && !previous.finished;
      },
      claimed: () => {
        if (alone.length === 0) turn.markPlaced();
      },
      mayWrite: async () => {
        if (afterUnfinished) await previous!.written;
      },
      wrote: () => turn.markWritten(),
      mayCommit: async () => {
        if (afterUnfinished && !(await previous!.committed)) throw new Error('the batch before rolled back after this one took places; both are recorded one by one, in order');
      },
    };
    try {
      await this.work.together(batch, order, (item) => alone.push(item), previous?.keys);
      committed = true;
    } catch (error) {
      alone = batch.filter((item) => !item.settled);
      this.work.failed(batch, error);
    }
    turn.markCommitted(committed);
    try {
      await previous?.done;
      for (const item of alone) await this.work.alone(item);
    } finally {
      turn.markFinished();
    }
  }
}
