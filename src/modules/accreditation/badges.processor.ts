import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { BADGE_JOBS, PrintBadgesJob } from './badges.jobs';
import { BadgesService } from './badges.service';

/**
 * Badge printing, off the shared domain-events queue: rendering is CPU work, so one job at a time
 * per worker, each printing a batch of the conference's pending badges; the jobs of badges another
 * batch already printed end at once.
 */
@Processor(QUEUES.badges, { concurrency: 1 })
export class BadgesProcessor extends ObservedWorkerHost {
  constructor(private readonly badges: BadgesService) {
    super();
  }

  protected async handle(job: Job): Promise<JobOutcome> {
    switch (job.name) {
      case BADGE_JOBS.print: {
        const { conferenceId, participantId } = job.data as PrintBadgesJob;
        if (typeof conferenceId !== 'string' || typeof participantId !== 'string') return { outcome: 'skipped', detail: 'malformed badge job' };
        const printed = await this.badges.printPending(conferenceId, participantId);
        if (printed === 0) return { outcome: 'skipped', detail: `badge of ${participantId} already printed or withdrawn` };
        return { outcome: 'done', detail: `${printed} badge(s) of conference ${conferenceId}`, conferenceId };
      }
      default:
        throw new Error(`Unknown badges job ${job.name}`);
    }
  }
}
