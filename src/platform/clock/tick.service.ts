import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from './clock.service';

/** Something that became due: when it was due, and how to perform it. */
export interface DueItem {
  dueAt: Date;
  /** For log lines: e.g. "conference 3f… inviting -> registration_closed". */
  label: string;
  perform: (now: Date) => Promise<void>;
}

/** A kind of time-driven work a module contributes: lists what is due at `now`. */
export interface DueWorkSource {
  name: string;
  dueItems(now: Date): Promise<DueItem[]>;
}

const TICK_LOCK = 0x636f6e76; // one tick at a time across every process of the deployment

/**
 * Runs everything that became due, oldest first, across all modules' sources, until nothing is
 * due: after downtime (or a manual clock jump) the work of the whole gap is caught up in order.
 */
@Injectable()
export class TickService {
  private readonly logger = new Logger('tick');
  private readonly sources: DueWorkSource[] = [];

  constructor(
    private readonly clock: ClockService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  register(source: DueWorkSource): void {
    if (this.sources.some((s) => s.name === source.name)) throw new Error(`Due-work source ${source.name} is registered twice.`);
    this.sources.push(source);
  }

  async run(): Promise<{ performed: number; at: Date }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [TICK_LOCK]);
      try {
        return await this.runLocked();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [TICK_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async runLocked(): Promise<{ performed: number; at: Date }> {
    const now = await this.clock.now();
    let performed = 0;
    for (let pass = 0; pass < 10_000; pass++) {
      const due = (await Promise.all(this.sources.map((s) => s.dueItems(now)))).flat();
      if (due.length === 0) break;
      // Only the earliest item runs per pass: performing it may change what else is due.
      const next = due.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
      this.logger.log({ dueAt: next.dueAt.toISOString(), item: next.label }, 'performing due work');
      await next.perform(now);
      performed++;
    }
    return { performed, at: now };
  }
}
