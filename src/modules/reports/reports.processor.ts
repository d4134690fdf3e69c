import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError } from 'bullmq';
import { JobOf, checkedPayload } from '../../platform/messaging/job-contract';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { GENERATE_REPORT_SHAPE, GENERATE_SUMMIT_REPORT_SHAPE, REPORT_JOBS } from './reports.jobs';
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

  protected async handle(job: JobOf<typeof QUEUES.reports>): Promise<JobOutcome> {
    switch (job.name) {
      case REPORT_JOBS.generate: {
        const { conferenceId, generation } = checkedPayload(job, GENERATE_REPORT_SHAPE);
        const result = await this.reports.generate(conferenceId, generation);
        return { ...result, detail: `conference ${conferenceId} generation ${generation}`, conferenceId };
      }
      case REPORT_JOBS.summit: {
        const { seriesId, generation } = checkedPayload(job, GENERATE_SUMMIT_REPORT_SHAPE);
        const result = await this.summit.generate(seriesId, generation);
        return { ...result, detail: `series ${seriesId} generation ${generation}` };
      }
      default:
        throw new UnrecoverableError(`Unknown reports job ${(job as { name: string }).name}`);
    }
  }
}
