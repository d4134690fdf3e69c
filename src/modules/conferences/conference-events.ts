import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQuery, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';

export interface ConferenceEventView {
  id: string;
  type: string;
  from: string | null;
  to: string | null;
  actor: string;
  reason: string | null;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface ConferenceEventRecord {
  conferenceId: string;
  type: string;
  from?: string | null;
  to?: string | null;
  actor: string;
  reason?: string | null;
  data?: Record<string, unknown>;
  occurredAt: Date;
}

/** The history of a conference: every transition and waiver, who did it, when and why. */
@Injectable()
export class ConferenceEvents {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, event: ConferenceEventRecord): Promise<void> {
    await manager.query(
      `INSERT INTO conference_events (conference_id, type, from_state, to_state, actor, reason, data, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [event.conferenceId, event.type, event.from ?? null, event.to ?? null, event.actor, event.reason ?? null, JSON.stringify(event.data ?? {}), event.occurredAt.toISOString()],
    );
  }

  async list(conferenceId: string, query: PageQuery): Promise<Page<ConferenceEventView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'none', id: 'integer' });
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, type, from_state, to_state, actor, reason, data, occurred_at FROM conference_events
       WHERE conference_id = $1 AND ($2::bigint IS NULL OR id > $2::bigint) ORDER BY id LIMIT $3`,
      [conferenceId, after?.id ?? null, limit + 1],
    );
    const items = rows.map((r) => ({
      id: String(r.id),
      type: r.type as string,
      from: r.from_state as string | null,
      to: r.to_state as string | null,
      actor: r.actor as string,
      reason: r.reason as string | null,
      data: r.data as Record<string, unknown>,
      occurredAt: new Date(r.occurred_at as string).toISOString(),
    }));
    return toPage(items, limit, (e) => ({ key: e.occurredAt, id: e.id }));
  }
}
