import type { DirectoryParticipant, ParticipantsDirectory } from '../participants';

/** A confirmed participant as the participants reminder needs them, read when the message goes out. */
export type ReminderParticipant = DirectoryParticipant;

/**
 * Where the participants reminder reads confirmed participants: pages in participant-id order after
 * `afterId`. The participants module's ParticipantsDirectory answers it (wired in RemindersModule);
 * the sender depends on this one method only.
 */
export type ParticipantsSource = Pick<ParticipantsDirectory, 'forReminders'>;

export const PARTICIPANTS_SOURCE = Symbol('PARTICIPANTS_SOURCE');
