import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { GenerateReportJob, GenerateSummitReportJob, REPORT_JOBS } from './reports.jobs';
import { ReportsService } from './reports.service';
import { SummitReportService } from './summit-report.service';

/** Report generation, one at a time: a conference's reads every attended participant, and each lays out a PDF. */
@Processor(QUEUES.reports, { concurrency: 1 })
export class ReportsProcessor extends ObservedWorkerHost {
  constructor(
    private readonly reports: ReportsService,
    private readonly summit: SummitReportService,
  ) {
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
      case REPORT_JOBS.summit: {
        const { seriesId, generation } = job.data as GenerateSummitReportJob;
        if (typeof seriesId !== 'string' || !Number.isInteger(generation)) return { outcome: 'skipped', detail: 'malformed summit report job' };
        const result = await this.summit.generate(seriesId, generation);
        return { ...result, detail: `series ${seriesId} generation ${generation}` };
      }
      default:
        throw new Error(`Unknown reports job ${job.name}`);
    }
  }
}
