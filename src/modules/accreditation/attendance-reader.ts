import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Who came: what other modules (reports, the pipeline) may read of the check-ins. */
@Injectable()
export class AttendanceReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async attendedParticipantIds(conferenceId: string): Promise<string[]> {
    const rows: Array<{ participant_id: string }> = await this.dataSource.query(
      `SELECT participant_id FROM logistics_check_ins WHERE conference_id = $1 ORDER BY checked_in_at, participant_id`,
      [conferenceId],
    );
    return rows.map((r) => r.participant_id);
  }

  /** Every conference asked for is in the answer, 0 when nobody came. */
  async attendedCounts(conferenceIds: string[]): Promise<Map<string, number>> {
    const counts = new Map(conferenceIds.map((id) => [id, 0]));
    if (conferenceIds.length === 0) return counts;
    const rows: Array<{ conference_id: string; n: number }> = await this.dataSource.query(
      `SELECT conference_id, count(*)::int AS n FROM logistics_check_ins WHERE conference_id = ANY($1::uuid[]) GROUP BY conference_id`,
      [conferenceIds],
    );
    for (const row of rows) counts.set(row.conference_id, row.n);
    return counts;
  }
}
