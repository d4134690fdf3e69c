import { Foundation1764288000000 } from './1764288000000-foundation';
import { Contacts1764300000000 } from './1764300000000-contacts';
import { Invitations1764310000000 } from './1764310000000-invitations';
import { Confirmations1764320000000 } from './1764320000000-confirmations';
import { Reminders1764330000000 } from './1764330000000-reminders';
import { OutboxTransactions1764340000000 } from './1764340000000-outbox-transactions';
import { InvitationFillfactor1764350000000 } from './1764350000000-invitation-fillfactor';
import { Webhooks1765100000000 } from './1765100000000-webhooks';
import { MailBounces1765100001000 } from './1765100001000-mail-bounces';
import { ConferenceTexts1765300000000 } from './1765300000000-conference-texts';
import { CalendarSequence1765300000001 } from './1765300000001-calendar-sequence';
import { Sessions1765500000000 } from './1765500000000-sessions';
import { LogisticsCheckIns1765600000000 } from './1765600000000-logistics-check-ins';
import { Logistics1765600000001 } from './1765600000001-logistics';
import { ListsOfParticipants1765600000002 } from './1765600000002-lists-of-participants';
import { LogisticsReadiness1765600000003 } from './1765600000003-logistics-readiness';
import { Reports1765700000000 } from './1765700000000-reports';
import { SummitReports1766200000000 } from './1766200000000-summit-reports';
import { WebhookRetention1766300000000 } from './1766300000000-webhook-retention';
import { ParticipantBounces1766300000001 } from './1766300000001-participant-bounces';
import { DeliveryLedgers1766400000000 } from './1766400000000-delivery-ledgers';
import { CreatedAtFromClock1766500000000 } from './1766500000000-created-at-from-clock';
import { DeadlineToTheSecond1766600000000 } from './1766600000000-deadline-to-the-second';
import { ParticipantsWithoutLogistics1766700000000 } from './1766700000000-participants-without-logistics';
import { BadgeReprints1766700000001 } from './1766700000001-badge-reprints';
import { RecordedTimesFromClock1766800000000 } from './1766800000000-recorded-times-from-clock';
import { MailFailures1766900000000 } from './1766900000000-mail-failures';
import { ParticipantContactUpdates1767100000000 } from './1767100000000-participant-contact-updates';
import { VisaLetterReissues1767220000000 } from './1767220000000-visa-letter-reissues';
import { InviteeJobTitles1767220000001 } from './1767220000001-invitee-job-titles';

/** Every migration, oldest first; listed explicitly so the service, the CLI and tests load the same set. */
export const MIGRATIONS = [
  Foundation1764288000000,
  Contacts1764300000000,
  Invitations1764310000000,
  Confirmations1764320000000,
  Reminders1764330000000,
  OutboxTransactions1764340000000,
  InvitationFillfactor1764350000000,
  Webhooks1765100000000,
  MailBounces1765100001000,
  ConferenceTexts1765300000000,
  CalendarSequence1765300000001,
  Sessions1765500000000,
  LogisticsCheckIns1765600000000,
  Logistics1765600000001,
  ListsOfParticipants1765600000002,
  LogisticsReadiness1765600000003,
  Reports1765700000000,
  SummitReports1766200000000,
  WebhookRetention1766300000000,
  ParticipantBounces1766300000001,
  DeliveryLedgers1766400000000,
  CreatedAtFromClock1766500000000,
  DeadlineToTheSecond1766600000000,
  ParticipantsWithoutLogistics1766700000000,
  BadgeReprints1766700000001,
  RecordedTimesFromClock1766800000000,
  MailFailures1766900000000,
  ParticipantContactUpdates1767100000000,
  VisaLetterReissues1767220000000,
  InviteeJobTitles1767220000001,
];
