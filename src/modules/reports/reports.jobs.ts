import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobProducer, PayloadShape } from '../../platform/messaging/job-contract';
import { QUEUES, jobId } from '../../platform/messaging/queue-catalog';

export const REPORT_JOBS = {
  /** Builds one generation of a conference report and stores every format. */
  generate: 'generate',
  /** Builds one generation of a series' summit report and stores every format. */
  summit: 'summit',
} as const;

export interface GenerateReportJob {
  conferenceId: string;
  generation: number;
}

export interface GenerateSummitReportJob {
  seriesId: string;
  generation: number;
}

export const GENERATE_REPORT_SHAPE: PayloadShape<GenerateReportJob> = { conferenceId: 'uuid', generation: 'integer' };
export const GENERATE_SUMMIT_REPORT_SHAPE: PayloadShape<GenerateSummitReportJob> = { seriesId: 'uuid', generation: 'integer' };

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.reports]: { [REPORT_JOBS.generate]: GenerateReportJob; [REPORT_JOBS.summit]: GenerateSummitReportJob };
  }
}

export const generateJobId = (conferenceId: string, generation: number) => jobId('report', conferenceId, generation);
export const summitJobId = (seriesId: string, generation: number) => jobId('summit-report', seriesId, generation);

/** The only way onto the reports queue: one job per generation, so a generation is built once. */
@Injectable()
export class ReportsProducer extends JobProducer<typeof QUEUES.reports> {
  constructor(@InjectQueue(QUEUES.reports) queue: Queue) {
    super(queue);
  }

  generate(conferenceId: string, generation: number): Promise<unknown> {
    return this.add(REPORT_JOBS.generate, { conferenceId, generation }, { jobId: generateJobId(conferenceId, generation) });
  }

  summit(seriesId: string, generation: number): Promise<unknown> {
    return this.add(REPORT_JOBS.summit, { seriesId, generation }, { jobId: summitJobId(seriesId, generation) });
  }
}
