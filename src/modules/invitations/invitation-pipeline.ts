import { Injectable, OnModuleInit } from '@nestjs/common';
import { OverdueItem, PipelineContributions } from '../pipeline';
import { InvitationStats } from './invitation-stats';

/** What the invitations module tells the pipeline: its funnel counters, and deliveries that failed. */
@Injectable()
export class InvitationPipeline implements OnModuleInit {
  constructor(
    private readonly pipeline: PipelineContributions,
    private readonly stats: InvitationStats,
  ) {}

  onModuleInit(): void {
    this.pipeline.registerFunnel({
      name: 'invitations',
      countsFor: async (conferenceIds) => {
        const counts = await this.stats.countsFor(conferenceIds);
        return new Map(
          [...counts].map(([id, c]) => [
            id,
            { invited: c.invited, sent: c.sent, failed: c.failed + c.bounced, accepted: c.accepted, declined: c.declined, waitlisted: c.waitlisted + c.offered, noAnswer: c.noAnswer },
          ]),
        );
      },
    });
    this.pipeline.registerOverdue({
      name: 'invitation-deliveries',
      overdueFor: async (conferenceIds) => {
        const counts = await this.stats.countsFor(conferenceIds);
        const overdue = new Map<string, OverdueItem[]>();
        for (const [id, c] of counts) {
          const undelivered = c.failed + c.bounced;
          if (undelivered) {
            overdue.set(id, [{ kind: 'failed_delivery', count: undelivered, message: `${undelivered} invitation(s) could not be delivered; check the addresses and send again.` }]);
          }
        }
        return overdue;
      },
    });
  }
}
