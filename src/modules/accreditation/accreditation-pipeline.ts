import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ParticipantLogistics, ParticipantLogisticsState } from '../participants';
import { PipelineContributions } from '../pipeline';
import { AttendanceReader } from './attendance-reader';

/** What accreditation tells the rest: who came (the pipeline's attended), and the badge, visa-letter and check-in state the participant lists show. */
@Injectable()
export class AccreditationPipeline implements OnModuleInit {
  constructor(
    private readonly pipeline: PipelineContributions,
    private readonly attendance: AttendanceReader,
    private readonly participantStates: ParticipantLogistics,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.participantStates.register({ statesOf: (ids) => this.statesOf(ids) });
    this.pipeline.registerFunnel({
      name: 'accreditation',
      countsFor: async (conferenceIds) => new Map([...(await this.attendance.attendedCounts(conferenceIds))].map(([id, attended]) => [id, { attended }])),
    });
  }

  async statesOf(participantIds: string[]): Promise<Map<string, Partial<ParticipantLogisticsState>>> {
    const rows: Array<{ id: string; badge: string | null; visa: string | null; checked_in_at: Date | null }> = await this.dataSource.query(
      `SELECT p.id, b.status AS badge, v.status AS visa, c.checked_in_at
       FROM unnest($1::uuid[]) AS p(id)
       LEFT JOIN logistics_badges b ON b.participant_id = p.id
       LEFT JOIN logistics_visa_letters v ON v.participant_id = p.id
       LEFT JOIN logistics_check_ins c ON c.participant_id = p.id`,
      [participantIds],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          badge: r.badge === null ? undefined : r.badge === 'pending' ? 'none' : (r.badge as 'issued' | 'revoked'),
          visaLetter: r.visa === null ? undefined : r.visa === 'revoked' ? 'none' : (r.visa as 'requested' | 'issued'),
          checkedInAt: r.checked_in_at ? new Date(r.checked_in_at).toISOString() : undefined,
        },
      ]),
    );
  }
}
