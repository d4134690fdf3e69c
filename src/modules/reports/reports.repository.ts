import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ConferenceReportData, Outcomes, Recommendation, SummitReportData } from './report-data';

/** A stored report's generations: the last one asked for and the last one stored. */
export interface SnapshotState {
  requestedGeneration: number;
  generation: number;
  generatedAt: Date | null;
}

export interface StoredReport extends SnapshotState {
  conferenceId: string;
}

interface SnapshotTable {
  name: string;
  key: string;
}

/** The stored reports: a conference's, and the summit's of a series. */
const SNAPSHOTS = {
  conference: { name: 'conference_reports', key: 'conference_id' },
  summit: { name: 'summit_reports', key: 'series_id' },
} satisfies Record<string, SnapshotTable>;

/** Every statement on the reports module's own tables. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async themes(db: DataSource | EntityManager = this.dataSource): Promise<Array<{ code: string; label: string }>> {
    return db.query(`SELECT code, label FROM report_themes ORDER BY position`);
  }

  /** false when the code is taken. */
  async addTheme(code: string, label: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`INSERT INTO report_themes (code, label) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING code`, [code, label]);
    return rows.length > 0;
  }

  /** Answers the outcomes' new revision. */
  async saveOutcomes(manager: EntityManager, conferenceId: string, outcomes: { summary: string; keyOutcomes: string[]; recommendations: Recommendation[] }, actor: string, now: Date): Promise<number> {
    const [row]: Array<{ revision: number }> = await manager.query(
      `INSERT INTO conference_outcomes (conference_id, summary, key_outcomes, recommendations, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (conference_id) DO UPDATE SET summary = EXCLUDED.summary, key_outcomes = EXCLUDED.key_outcomes,
         recommendations = EXCLUDED.recommendations, revision = conference_outcomes.revision + 1, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING revision`,
      [conferenceId, outcomes.summary, JSON.stringify(outcomes.keyOutcomes), JSON.stringify(outcomes.recommendations), actor, now.toISOString()],
    );
    return row.revision;
  }

  async outcomes(conferenceId: string): Promise<Outcomes | null> {
    const [row]: Array<{ summary: string; key_outcomes: string[]; recommendations: Recommendation[]; revision: number; updated_at: Date }> = await this.dataSource.query(
      `SELECT summary, key_outcomes, recommendations, revision, updated_at FROM conference_outcomes WHERE conference_id = $1`,
      [conferenceId],
    );
    return row
      ? { summary: row.summary, keyOutcomes: row.key_outcomes, recommendations: row.recommendations, revision: row.revision, updatedAt: new Date(row.updated_at).toISOString() }
      : null;
  }

  /** The next generation number, counted under the row's lock so two requests get two numbers. */
  requestGeneration(conferenceId: string, now: Date): Promise<number> {
    return this.requestSnapshot(SNAPSHOTS.conference, conferenceId, now);
  }

  async report(conferenceId: string, db: DataSource | EntityManager = this.dataSource): Promise<StoredReport | null> {
    const state = await this.snapshotState(SNAPSHOTS.conference, conferenceId, db);
    return state && { conferenceId, ...state };
  }

  async reportStates(conferenceIds: string[]): Promise<Map<string, StoredReport>> {
    const rows: Array<{ conference_id: string; requested_generation: number; generation: number; generated_at: Date | null }> = await this.dataSource.query(
      `SELECT conference_id, requested_generation, generation, generated_at FROM conference_reports WHERE conference_id = ANY($1::uuid[])`,
      [conferenceIds],
    );
    return new Map(rows.map((r) => [r.conference_id, { conferenceId: r.conference_id, requestedGeneration: r.requested_generation, generation: r.generation, generatedAt: r.generated_at }]));
  }

  /** Stores a generation unless a newer one is stored already; false when it was not stored. */
  async storeReport(manager: EntityManager, data: ConferenceReportData, formats: { markdown: string; csv: string; pdf: Buffer }): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE conference_reports SET generation = $2, generated_at = $3, data = $4, markdown = $5, csv = $6, pdf = $7
       WHERE conference_id = $1 AND generation < $2 RETURNING conference_id`,
      [data.conference.id, data.generation, data.generatedAt, JSON.stringify(data), formats.markdown, formats.csv, formats.pdf],
    );
    return rows.length > 0;
  }

  reportFormat(conferenceId: string, format: 'json' | 'md' | 'pdf' | 'csv'): Promise<ConferenceReportData | string | Buffer | null> {
    return this.snapshotFormat(SNAPSHOTS.conference, conferenceId, format);
  }

  /** The summit report's next generation for a series (see requestGeneration). */
  requestSummitGeneration(seriesId: string, now: Date): Promise<number> {
    return this.requestSnapshot(SNAPSHOTS.summit, seriesId, now);
  }

  summitReport(seriesId: string): Promise<SnapshotState | null> {
    return this.snapshotState(SNAPSHOTS.summit, seriesId);
  }

  /** Stores a generation unless a newer one is stored already; false when it was not stored. */
  async storeSummitReport(data: SummitReportData, formats: { markdown: string; pdf: Buffer }): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE summit_reports SET generation = $2, generated_at = $3, data = $4, markdown = $5, pdf = $6
       WHERE series_id = $1 AND generation < $2 RETURNING series_id`,
      [data.seriesId, data.generation, data.generatedAt, JSON.stringify(data), formats.markdown, formats.pdf],
    );
    return rows.length > 0;
  }

  summitReportFormat(seriesId: string, format: 'json' | 'md' | 'pdf'): Promise<SummitReportData | string | Buffer | null> {
    return this.snapshotFormat(SNAPSHOTS.summit, seriesId, format);
  }

  private async requestSnapshot(table: SnapshotTable, key: string, now: Date): Promise<number> {
    const [row]: Array<{ requested_generation: number }> = await this.dataSource.query(
      `INSERT INTO ${table.name} (${table.key}, requested_generation, requested_at) VALUES ($1, 1, $2)
       ON CONFLICT (${table.key}) DO UPDATE SET requested_generation = ${table.name}.requested_generation + 1, requested_at = EXCLUDED.requested_at
       RETURNING requested_generation`,
      [key, now.toISOString()],
    );
    return row.requested_generation;
  }

  private async snapshotState(table: SnapshotTable, key: string, db: DataSource | EntityManager = this.dataSource): Promise<SnapshotState | null> {
    const [row]: Array<{ requested_generation: number; generation: number; generated_at: Date | null }> = await db.query(
      `SELECT requested_generation, generation, generated_at FROM ${table.name} WHERE ${table.key} = $1`,
      [key],
    );
    return row ? { requestedGeneration: row.requested_generation, generation: row.generation, generatedAt: row.generated_at } : null;
  }

  private async snapshotFormat<T>(table: SnapshotTable, key: string, format: 'json' | 'md' | 'pdf' | 'csv'): Promise<T | string | Buffer | null> {
    const column = { json: 'data', md: 'markdown', csv: 'csv', pdf: 'pdf' }[format];
    const [row]: Array<{ value: T | string | Buffer | null }> = await this.dataSource.query(
      `SELECT ${column} AS value FROM ${table.name} WHERE ${table.key} = $1 AND generation > 0`,
      [key],
    );
    return row?.value ?? null;
  }

  async reportData(conferenceIds: string[]): Promise<Map<string, ConferenceReportData>> {
    if (conferenceIds.length === 0) return new Map();
    const rows: Array<{ conference_id: string; data: ConferenceReportData }> = await this.dataSource.query(
      `SELECT conference_id, data FROM conference_reports WHERE conference_id = ANY($1::uuid[]) AND generation > 0`,
      [conferenceIds],
    );
    return new Map(rows.map((r) => [r.conference_id, r.data]));
  }
}
