import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export const STAT_COLUMNS = ['invited', 'sent', 'failed', 'bounced', 'accepted', 'declined', 'waitlisted', 'offered', 'cancelled'] as const;
export type StatColumn = (typeof STAT_COLUMNS)[number];
/** The counters of invitations' responses ('none' has none). */
const RESPONSE_COLUMNS = ['accepted', 'declined', 'waitlisted', 'offered', 'cancelled'] as const satisfies readonly StatColumn[];
export type InvitationCounts = Record<StatColumn, number> & { noAnswer: number };

const SHARDS = 16;

/**
 * Funnel counters per conference, changed in the same transaction as the invitations they count, so
 * the pipeline reads a handful of rows instead of every invitation. Each change lands on a random
 * shard: hundreds of simultaneous answers to one conference do not wait on one row lock.
 */
@Injectable()
export class InvitationStats {
  private readonly inFlight = new Map<string, Promise<Map<string, InvitationCounts>>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async bump(manager: EntityManager, conferenceId: string, deltas: Partial<Record<StatColumn, number>>): Promise<void> {
    const entries = Object.entries(deltas).filter(([, n]) => n) as Array<[StatColumn, number]>;
    if (entries.length === 0) return;
    const columns = entries.map(([c]) => c);
    await manager.query(
      `INSERT INTO invitation_stats (conference_id, shard, ${columns.join(', ')})
       VALUES ($1, $2, ${columns.map((_, i) => `$${i + 3}`).join(', ')})
       ON CONFLICT (conference_id, shard) DO UPDATE SET ${columns.map((c) => `${c} = invitation_stats.${c} + EXCLUDED.${c}`).join(', ')}`,
      [conferenceId, this.shardValue(), ...entries.map(([, n]) => n)],
    );
  }

  /**
   * A data-modifying CTE body adding `counted` of `source` (columns conference_id and counted) to one
   * counter, for a statement that changes the invitations it counts; `shard` as in responseMovesSql.
   */
  addSql(column: StatColumn, source: string, counted: string, shard: string): string {
    return `INSERT INTO invitation_stats (conference_id, shard, ${column})
       SELECT conference_id, ${shard}::int, sum(${counted}) FROM ${source} GROUP BY conference_id ORDER BY conference_id
       ON CONFLICT (conference_id, shard) DO UPDATE SET ${column} = invitation_stats.${column} + EXCLUDED.${column}`;
  }

  /**
   * A data-modifying CTE body that moves the response counters for a set of changed invitations,
   * for a statement that changes them (InvitationsService.recordResponses): `source` names a CTE
   * with columns conference_id, previous and response; `shard` is the placeholder of shardValue().
   */
  responseMovesSql(source: string, shard: string): string {
    const moved = RESPONSE_COLUMNS.map(
      (c) => `sum(CASE WHEN response = '${c}' THEN 1 ELSE 0 END) - sum(CASE WHEN previous = '${c}' THEN 1 ELSE 0 END)`,
    );
    return `INSERT INTO invitation_stats (conference_id, shard, ${RESPONSE_COLUMNS.join(', ')})
       SELECT conference_id, ${shard}::int, ${moved.join(', ')}
       FROM ${source} WHERE previous IS DISTINCT FROM response GROUP BY conference_id
       ON CONFLICT (conference_id, shard) DO UPDATE SET ${RESPONSE_COLUMNS.map((c) => `${c} = invitation_stats.${c} + EXCLUDED.${c}`).join(', ')}`;
  }

  /** The shard a statement's counter changes land on, chosen at random; a parameter, so the statement text stays one. */
  shardValue(): number {
    return Math.floor(Math.random() * SHARDS);
  }

  /**
   * The funnel of each conference. Identical reads already under way are shared: the pipeline asks
   * for the funnel and for failed deliveries at the same moment, and they need the same rows.
   */
  countsFor(conferenceIds: string[]): Promise<Map<string, InvitationCounts>> {
    const key = conferenceIds.join(',');
    let read = this.inFlight.get(key);
    if (!read) {
      read = this.read(conferenceIds).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, read);
    }
    return read;
  }

  private async read(conferenceIds: string[]): Promise<Map<string, InvitationCounts>> {
    const rows: Array<Record<string, string>> = await this.dataSource.query(
      `SELECT conference_id, ${STAT_COLUMNS.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
       FROM invitation_stats WHERE conference_id = ANY($1::uuid[]) GROUP BY conference_id`,
      [conferenceIds],
    );
    const result = new Map<string, InvitationCounts>();
    for (const id of conferenceIds) result.set(id, toCounts({}));
    for (const row of rows) result.set(row.conference_id, toCounts(row));
    return result;
  }
}

function toCounts(row: Record<string, string | number>): InvitationCounts {
  const counts = Object.fromEntries(STAT_COLUMNS.map((c) => [c, Number(row[c] ?? 0)])) as Record<StatColumn, number>;
  const answered = counts.accepted + counts.declined + counts.waitlisted + counts.offered + counts.cancelled;
  return { ...counts, noAnswer: Math.max(0, counts.invited - answered) };
}
