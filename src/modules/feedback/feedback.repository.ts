import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface FeedbackRow {
  participantId: string;
  conferenceId: string;
  language: string;
  rating: number | null;
  comment: string | null;
  answeredAt: Date | null;
}

/** Every statement on the feedback module's own table. */
@Injectable()
export class FeedbackRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async ratings(conferenceId: string): Promise<Array<{ rating: number; count: number }>> {
    return this.dataSource.query(
      `SELECT rating, count(*)::int AS count FROM participant_feedback WHERE conference_id = $1 AND rating IS NOT NULL GROUP BY rating ORDER BY rating`,
      [conferenceId],
    );
  }

  /** Feedback invitations for participants not invited yet; answers the ids newly invited. */
  async inviteFeedback(rows: Array<{ participantId: string; conferenceId: string; tokenHash: Buffer; language: string }>, now: Date): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted: Array<{ participant_id: string }> = await this.dataSource.query(
      `INSERT INTO participant_feedback (participant_id, conference_id, token_hash, language, invited_at)
       SELECT * , $5::timestamptz FROM unnest($1::uuid[], $2::uuid[], $3::bytea[], $4::text[])
       ON CONFLICT (participant_id) DO NOTHING RETURNING participant_id`,
      [rows.map((r) => r.participantId), rows.map((r) => r.conferenceId), rows.map((r) => r.tokenHash), rows.map((r) => r.language), now.toISOString()],
    );
    return inserted.map((r) => r.participant_id);
  }

  async feedbackByToken(db: DataSource | EntityManager, tokenHash: Buffer, lock = false): Promise<FeedbackRow | null> {
    const [row]: Array<Record<string, any>> = await db.query(
      `SELECT participant_id, conference_id, language, rating, comment, answered_at FROM participant_feedback WHERE token_hash = $1${lock ? ' FOR UPDATE' : ''}`,
      [tokenHash],
    );
    return row ? toFeedback(row) : null;
  }

  async feedbackOf(participantId: string): Promise<FeedbackRow | null> {
    const [row]: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT participant_id, conference_id, language, rating, comment, answered_at FROM participant_feedback WHERE participant_id = $1`,
      [participantId],
    );
    return row ? toFeedback(row) : null;
  }

  async answerFeedback(manager: EntityManager, participantId: string, rating: number, comment: string | null, now: Date): Promise<void> {
    await manager.query(`UPDATE participant_feedback SET rating = $2, comment = $3, answered_at = $4 WHERE participant_id = $1`, [participantId, rating, comment, now.toISOString()]);
  }
}

function toFeedback(row: Record<string, any>): FeedbackRow {
  return {
    participantId: row.participant_id,
    conferenceId: row.conference_id,
    language: row.language,
    rating: row.rating,
    comment: row.comment,
    answeredAt: row.answered_at,
  };
}
