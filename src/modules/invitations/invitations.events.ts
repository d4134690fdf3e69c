/** What the invitations module announces. Sends are announced per batch: one event, many invitations. */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'invitation.sent': { conferenceId: string; waveId: string; invitationIds: string[] };
    /** `refused`: the mail server refused the invitation for good (5xx) as it was sent, so its address does not work. */
    'invitation.failed': { conferenceId: string; waveId: string; failures: Array<{ invitationId: string; reason: string; contactId?: string; refused?: boolean }> };
    'wave.completed': {
      waveId: string;
      conferenceId: string;
      state: 'completed' | 'completed_with_failures';
      counts: { targeted: number; alreadyInvited: number; sent: number; failed: number };
    };
    /** A delivery status notification said the invitation did not reach its recipient. */
    'invitation.bounced': { invitationId: string; conferenceId: string; contactId: string; waveId: string; status: string; diagnostic: string | null; permanent: boolean };
  }
}

export {};
