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

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.reports]: { [REPORT_JOBS.generate]: GenerateReportJob; [REPORT_JOBS.summit]: GenerateSummitReportJob };
  }
}

export const generateJobId = (conferenceId: string, generation: number) => jobId('report', conferenceId, generation);
export const summitJobId = (seriesId: string, generation: number) => jobId('summit-report', seriesId, generation);
