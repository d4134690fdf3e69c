/** A confirmed participant as the participants reminder needs them, read when the message goes out. */
export interface ReminderParticipant {
  participantId: string;
  invitationId: string;
  email: string | null;
  fullName: string;
  language: string;
  timezone: string | null;
  visaLetter: string;
  badge: string;
}

/**
 * Where the participants reminder reads confirmed participants: pages in participant-id order after
 * `afterId`. The participants module's ParticipantsDirectory answers it (wired in RemindersModule);
 * the sender depends on this contract only.
 */
export interface ParticipantsSource {
  forReminders(conferenceId: string, afterId: string | null, limit: number): Promise<ReminderParticipant[]>;
}

export const PARTICIPANTS_SOURCE = Symbol('PARTICIPANTS_SOURCE');
