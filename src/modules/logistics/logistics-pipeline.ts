import { Injectable, OnModuleInit } from '@nestjs/common';
import { PipelineContributions } from '../pipeline/pipeline-contributions';
import { AttendanceReader } from './attendance-reader';

/** What logistics tells the pipeline: who came. */
@Injectable()
export class LogisticsPipeline implements OnModuleInit {
  constructor(
    private readonly pipeline: PipelineContributions,
    private readonly attendance: AttendanceReader,
  ) {}

  onModuleInit(): void {
    this.pipeline.registerFunnel({
      name: 'logistics',
      countsFor: async (conferenceIds) => new Map([...(await this.attendance.attendedCounts(conferenceIds))].map(([id, attended]) => [id, { attended }])),
    });
  }
}
