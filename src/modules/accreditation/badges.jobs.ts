import { QUEUES, jobId } from '../../platform/messaging/queue-catalog';

export const BADGE_JOBS = {
  /** Prints the pending badges of a conference, this participant's among them. */
  print: 'print',
} as const;

export interface PrintBadgesJob {
  conferenceId: string;
  participantId: string;
}

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.badges]: { [BADGE_JOBS.print]: PrintBadgesJob };
  }
}

/** One job per badge id: a redelivered confirmation queues nothing new, a reissued badge (a new id) is printed again. */
export const printJobId = (badgeId: string) => jobId('badge', badgeId);
