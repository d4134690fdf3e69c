/** What other modules may use of invitations; everything else in this folder is internal. */
export { InvitationStats } from './invitation-stats';
export { InvitationTokens, MAX_TOKEN_LENGTH } from './invitation-tokens';
export { InvitationsModule } from './invitations.module';
export { InvitationsService } from './invitations.service';
export type { InvitationResponse, InvitationView } from './invitations.service';
/** The events the module announces: importing the module's surface makes their payload types known to DomainEvents. */
export type {} from './invitations.events';
