/** What the accreditation module announces; each commits with the change it describes. */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'participant.checked_in': { conferenceId: string; participantId: string; invitationId: string; checkedInAt: string; actor: string };
    'badge.issued': { conferenceId: string; participantId: string; invitationId: string; issuedAt: string };
    /** reason: why the participant left (declined, removed, substituted), or reissued when a new badge replaces it. */
    'badge.revoked': { conferenceId: string; participantId: string; invitationId: string; reason: string; revokedAt: string };
    'visa_letter.issued': { conferenceId: string; participantId: string; invitationId: string; language: string; issuedAt: string };
    'participant_list.requested': { conferenceId: string; kind: 'provisional' | 'final'; requestedAt: string };
  }
}

export {};
