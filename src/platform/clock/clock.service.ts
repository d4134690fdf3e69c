import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Duration } from 'luxon';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../http/domain-error';

/**
 * The one clock all time-driven behaviour reads. `manual` time lives in the database so every API
 * and worker process of a deployment sees the same instant, and it moves only when told to.
 */
@Injectable()
export class ClockService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  get mode(): 'system' | 'manual' {
    return this.config.clock;
  }

  async now(): Promise<Date> {
    if (this.config.clock === 'system') return new Date();
    // A plain read; the row is created (at the real time) only the first time. A separate statement
    // reads it back, so a process that lost the race to create it still sees the winner's row.
    const read = () => this.dataSource.query(`SELECT now FROM clock_state WHERE id = 1`) as Promise<Array<{ now: Date }>>;
    let rows = await read();
    if (rows.length === 0) {
      await this.dataSource.query(`INSERT INTO clock_state (id, now) VALUES (1, now()) ON CONFLICT (id) DO NOTHING`);
      rows = await read();
    }
    return new Date(rows[0].now);
  }

  /** Moves the manual clock to `to`, or forward by an ISO-8601 duration; never backwards. */
  async move(request: { to?: string; advance?: string }): Promise<{ from: Date; to: Date }> {
    if (this.config.clock !== 'manual') {
      throw DomainError.badRequest('clock_not_manual', 'The clock can only be moved when the service runs with CONVENE_CLOCK=manual.');
    }
    const from = await this.now();
    let to: Date;
    if (request.to !== undefined) {
      to = new Date(request.to);
    } else {
      const duration = Duration.fromISO(request.advance ?? '');
      if (!duration.isValid) throw DomainError.badRequest('invalid_duration', `advance must be an ISO-8601 duration such as P3D or PT12H; got "${request.advance}".`);
      to = new Date(from.getTime() + duration.toMillis());
    }
    // A Date past the year 9999 (or none at all) cannot be written as ISO-8601 nor stored.
    if (Number.isNaN(to.getTime()) || to.getUTCFullYear() > 9999) {
      const field = request.to !== undefined ? 'to' : 'advance';
      throw DomainError.badRequest('clock_out_of_range', `${field} would move the clock past the year 9999; give a nearer time.`);
    }
    if (to.getTime() < from.getTime()) {
      throw DomainError.badRequest('clock_backwards', `The clock never moves backwards: it is ${from.toISOString()}, you asked for ${to.toISOString()}.`);
    }
    await this.dataSource.query(`UPDATE clock_state SET now = $1 WHERE id = 1 AND now <= $1`, [to.toISOString()]);
    return { from, to };
  }
}
