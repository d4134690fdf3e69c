import { Injectable, Logger } from '@nestjs/common';
import { OpenJob, RECONCILE_AFTER_SECONDS, requeueLost } from '../../platform/messaging/lost-jobs';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { INVITATION_JOBS, InvitationsProducer, SEND_BATCH_JOB_OPTIONS, expandJobId, sendBatchJobId } from './invitations.jobs';
import { WavesService } from './waves.service';

/**
 * Wave work the database still calls queued (an audience not expanded, a batch not sent), queued
 * again when Redis lost its job. Sending re-reads which invitations are still queued, so nothing
 * already sent goes out twice.
 */
@Injectable()
export class WaveReconciler {
  private readonly logger = new Logger('wave-reconciler');

  constructor(
    private readonly waves: WavesService,
    private readonly producer: InvitationsProducer,
  ) {}

  async reconcile(olderThanSeconds = RECONCILE_AFTER_SECONDS): Promise<{ requeued: number }> {
    const work = await this.waves.unfinishedWork(olderThanSeconds);
    const open: Array<OpenJob<typeof QUEUES.invitations>> = [
      ...work.unexpanded.map((waveId) => ({ name: INVITATION_JOBS.expand, data: { waveId }, jobId: expandJobId(waveId) })),
      ...work.queuedBatches.map(({ waveId, batchNo }) => ({
        name: INVITATION_JOBS.sendBatch,
        data: { waveId, batchNo },
        jobId: sendBatchJobId(waveId, batchNo),
        opts: SEND_BATCH_JOB_OPTIONS,
      })),
    ];
    return requeueLost(this.producer, open, this.logger, 'wave work');
  }
}
