import { QUEUES, jobId } from '../../platform/messaging/queue-catalog';

export const REPORT_JOBS = {
  /** Builds one generation of a conference report and stores every format. */
  generate: 'generate',
} as const;

export interface GenerateReportJob {
  conferenceId: string;
  generation: number;
}

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.reports]: { [REPORT_JOBS.generate]: GenerateReportJob };
  }
}

export const generateJobId = (conferenceId: string, generation: number) => jobId('report', conferenceId, generation);
