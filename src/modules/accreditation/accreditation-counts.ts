import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface DocumentCounts {
  badgesIssued: number;
  visaRequested: number;
  visaIssued: number;
}

/** What logistics' readiness reads of a conference's badges and visa letters, so that no other module reads their tables. */
@Injectable()
export class AccreditationCounts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async documentCounts(conferenceId: string): Promise<DocumentCounts> {
    const [row]: Array<{ badges: number; requested: number; issued: number }> = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM logistics_badges WHERE conference_id = $1 AND status = 'issued') AS badges,
         (SELECT count(*)::int FROM logistics_visa_letters WHERE conference_id = $1 AND status = 'requested') AS requested,
         (SELECT count(*)::int FROM logistics_visa_letters WHERE conference_id = $1 AND status = 'issued') AS issued`,
      [conferenceId],
    );
    return { badgesIssued: row.badges, visaRequested: row.requested, visaIssued: row.issued };
  }
}
