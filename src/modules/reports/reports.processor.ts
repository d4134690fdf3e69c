import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { GenerateReportJob, REPORT_JOBS } from './reports.jobs';
import { ReportsService } from './reports.service';

/** Report generation, one at a time: each reads every attended participant and lays out a PDF. */
@Processor(QUEUES.reports, { concurrency: 1 })
export class ReportsProcessor extends ObservedWorkerHost {
  constructor(private readonly reports: ReportsService) {
    super();
  }

  protected async handle(job: Job): Promise<JobOutcome> {
    switch (job.name) {
      case REPORT_JOBS.generate: {
        const { conferenceId, generation } = job.data as GenerateReportJob;
        if (typeof conferenceId !== 'string' || !Number.isInteger(generation)) return { outcome: 'skipped', detail: 'malformed report job' };
        const result = await this.reports.generate(conferenceId, generation);
        return { ...result, detail: `conference ${conferenceId} generation ${generation}`, conferenceId };
      }
      default:
        throw new Error(`Unknown reports job ${job.name}`);
    }
  }
}
