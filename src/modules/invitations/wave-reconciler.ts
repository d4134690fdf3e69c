import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { requeueIfLost } from '../../platform/messaging/requeue';
import { INVITATION_JOBS, SEND_BATCH_JOB_OPTIONS, expandJobId, sendBatchJobId } from './invitations.jobs';
import { WavesService } from './waves.service';

/** Jobs younger than this may simply not have run yet. */
export const RECONCILE_AFTER_SECONDS = 60;

/**
 * PostgreSQL is the record, Redis only the transport. This finds wave work the database still
 * calls queued while the queue holds no live job for it (Redis restarted without its data, a job
 * removed or finished early) and queues it again under the same id. Sending re-reads which
 * invitations are still queued, so nothing already sent goes out twice.
 */
@Injectable()
export class WaveReconciler {
  private readonly logger = new Logger('wave-reconciler');

  constructor(
    private readonly waves: WavesService,
    @InjectQueue(QUEUES.invitations) private readonly queue: Queue,
  ) {}

  async reconcile(olderThanSeconds = RECONCILE_AFTER_SECONDS): Promise<{ requeued: number }> {
    const work = await this.waves.unfinishedWork(olderThanSeconds);
    let requeued = 0;
    for (const waveId of work.unexpanded) {
      if (await requeueIfLost(this.queue, INVITATION_JOBS.expand, { waveId }, expandJobId(waveId))) requeued++;
    }
    for (const { waveId, batchNo } of work.queuedBatches) {
      if (await requeueIfLost(this.queue, INVITATION_JOBS.sendBatch, { waveId, batchNo }, sendBatchJobId(waveId, batchNo), SEND_BATCH_JOB_OPTIONS)) requeued++;
    }
    if (requeued) this.logger.warn({ requeued }, 'requeued wave work the queue had lost');
    return { requeued };
  }
}
