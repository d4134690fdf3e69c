import { Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobOf, checkedPayload } from '../../platform/messaging/job-contract';
import { JobSchedulers } from '../../platform/messaging/job-schedulers';
import { RECONCILE_EVERY_MS, reconciled } from '../../platform/messaging/lost-jobs';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { InvitationSender } from './invitation-sender';
import { EXPAND_WAVE_SHAPE, INVITATION_JOBS, InvitationsProducer, SEND_BATCH_SHAPE } from './invitations.jobs';
import { WaveReconciler } from './wave-reconciler';
import { WavesService } from './waves.service';

/** Wave work: expand an audience, send a batch, reconcile with the database. */
@Processor(QUEUES.invitations, { concurrency: 4 })
export class InvitationsProcessor extends ObservedWorkerHost implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly waves: WavesService,
    private readonly sender: InvitationSender,
    private readonly reconciler: WaveReconciler,
    private readonly producer: InvitationsProducer,
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  onModuleInit(): void {
    // After Redis lost its data nothing is young enough to be merely not yet queued: everything open is taken.
    this.schedulers.onLost('waves', () => this.reconciler.reconcile(0));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.keepRepeating(this.schedulers, INVITATION_JOBS.reconcile, RECONCILE_EVERY_MS);
  }

  protected async handle(job: JobOf<typeof QUEUES.invitations>): Promise<JobOutcome> {
    switch (job.name) {
      case INVITATION_JOBS.expand: {
        const result = await this.waves.expand(checkedPayload(job, EXPAND_WAVE_SHAPE).waveId);
        return result ? { outcome: 'done', detail: `${result.inserted} invitations in ${result.batches} batches` } : { outcome: 'skipped', detail: 'wave not dispatching' };
      }
      case INVITATION_JOBS.sendBatch: {
        const { waveId, batchNo } = checkedPayload(job, SEND_BATCH_SHAPE);
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const outcome = await this.sender.sendBatch(waveId, batchNo, finalAttempt);
        if (outcome?.deferred) {
          // Sent ones are recorded; the rest waits for BullMQ's next attempt, with backoff.
          throw new Error(`${outcome.deferred} invitation(s) deferred by the mail server: ${outcome.deferredReason ?? 'temporary failure'}`);
        }
        await this.waves.completeIfDone(waveId);
        return outcome ? { outcome: 'done', detail: `sent ${outcome.sent}, failed ${outcome.failed}` } : { outcome: 'skipped', detail: 'nothing left queued in this batch' };
      }
      case INVITATION_JOBS.reconcile:
        return reconciled(await this.reconciler.reconcile());
      default:
        throw new UnrecoverableError(`Unknown invitations job ${(job as { name: string }).name}`);
    }
  }
}
