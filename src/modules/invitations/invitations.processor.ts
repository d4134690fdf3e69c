import { InjectQueue, Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { JobSchedulers } from '../../platform/messaging/job-schedulers.service';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { InvitationSender } from './invitation-sender';
import { ExpandWaveJob, INVITATION_JOBS, SendBatchJob } from './invitations.jobs';
import { WaveReconciler } from './wave-reconciler';
import { WavesService } from './waves.service';

const RECONCILE_EVERY_MS = 30_000;

/** Wave work: expand an audience, send a batch, reconcile with the database. */
@Processor(QUEUES.invitations, { concurrency: 4 })
export class InvitationsProcessor extends ObservedWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly waves: WavesService,
    private readonly sender: InvitationSender,
    private readonly reconciler: WaveReconciler,
    @InjectQueue(QUEUES.invitations) private readonly queue: Queue,
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // After Redis lost its data nothing is young enough to be merely not yet queued: everything open is taken.
    this.schedulers.onLost('waves', () => this.reconciler.reconcile(0));
    await this.schedulers.keep(this.queue, INVITATION_JOBS.reconcile, RECONCILE_EVERY_MS);
  }

  protected async handle(job: Job): Promise<JobOutcome> {
    switch (job.name) {
      case INVITATION_JOBS.expand: {
        const result = await this.waves.expand((job.data as ExpandWaveJob).waveId);
        return result ? { outcome: 'done', detail: `${result.inserted} invitations in ${result.batches} batches` } : { outcome: 'skipped', detail: 'wave not dispatching' };
      }
      case INVITATION_JOBS.sendBatch: {
        const { waveId, batchNo } = job.data as SendBatchJob;
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const outcome = await this.sender.sendBatch(waveId, batchNo, finalAttempt);
        if (outcome?.deferred) {
          // Sent ones are recorded; the rest waits for BullMQ's next attempt, with backoff.
          throw new Error(`${outcome.deferred} invitation(s) deferred by the mail server: ${outcome.deferredReason ?? 'temporary failure'}`);
        }
        await this.waves.completeIfDone(waveId);
        return outcome ? { outcome: 'done', detail: `sent ${outcome.sent}, failed ${outcome.failed}` } : { outcome: 'skipped', detail: 'nothing left queued in this batch' };
      }
      case INVITATION_JOBS.reconcile: {
        const { requeued } = await this.reconciler.reconcile();
        return { outcome: requeued ? 'done' : 'skipped', detail: `${requeued} requeued` };
      }
      default:
        throw new Error(`Unknown invitations job ${job.name}`);
    }
  }
}
