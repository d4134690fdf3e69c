import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ConferencesModule } from '../conferences';
import { ContactsModule } from '../contacts';
import { InvitationsModule } from '../invitations';
import { PlacesModule } from '../places';
import { SeriesModule } from '../series';
import { AttendeeProfiles } from './attendee-profiles';
import { CredentialRejectionMail } from './credential-rejection-mail';
import { CredentialsService } from './credentials.service';
import { ParticipantsController } from './participants.controller';
import { ParticipantBounces } from './participant-bounces';
import { ParticipantLogistics } from './participant-logistics';
import { ParticipantsDirectory } from './participants-directory';
import { ParticipantsService } from './participants.service';
import { ParticipantsTriggers } from './participants-triggers';
import { RosterService } from './roster.service';
import './participants.events';

/**
 * The participants of each conference (the roster of every accepted party), the secretariat's lists
 * of them, and the delegations' accreditation documents. Badges, visa letters and check-in are
 * logistics' own; ParticipantsDirectory and ParticipantLogistics are the seam it builds on. Exports
 * what the answer path and other modules need (see index.ts).
 */
@Module({})
export class ParticipantsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, ParticipantsModule, () => ({
      module: ParticipantsModule,
      imports: [ConferencesModule, ContactsModule, SeriesModule, InvitationsModule.forRoot(config), PlacesModule.forRoot(config)],
      controllers: [ParticipantsController],
      providers: [AttendeeProfiles, CredentialRejectionMail, CredentialsService, ParticipantBounces, ParticipantLogistics, ParticipantsDirectory, ParticipantsService, ParticipantsTriggers, RosterService],
      exports: [AttendeeProfiles, CredentialsService, ParticipantLogistics, ParticipantsDirectory, ParticipantsService, RosterService],
    }));
  }
}
