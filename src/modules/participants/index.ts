/** What other modules may use of participants; everything else in this folder is internal. */
export { ParticipantsModule } from './participants.module';
export { CredentialsService, credentialKind, safeFilename } from './credentials.service';
export type { CredentialKind, CredentialView } from './credentials.service';
export { AttendeeProfiles } from './attendee-profiles';
export type { AttendeeProfile } from './attendee-profiles';
export { ParticipantLogistics } from './participant-logistics';
export type { ParticipantLogisticsSource, ParticipantLogisticsState } from './participant-logistics';
export { ParticipantsDirectory } from './participants-directory';
export type { DirectoryCard, DirectoryParticipant, PlainCard } from './participants-directory';
export { ParticipantsService, csvCell } from './participants.service';
export type { PartyMember } from './participants.service';
export { RosterService } from './roster.service';
export { planDeparture, planRoster } from './roster';
export type { BadgeField, Capacity, CancelReason, DesiredMember, ExistingMember, InviteeDetails, RosterChange, RosterMember, RosterPlan, RosterWish } from './roster';
