import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { CredentialView, CredentialsService, credentialKind } from '../participants';
import { Parties } from '../places';
import { OpenedInvitation, closedReason, offerOpen } from '../answers';

/** A delegation's accreditation document sent through its link, taken while answers are (or an offer is) open. */
@Injectable()
export class CredentialUpload {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly parties: Parties,
    private readonly credentials: CredentialsService,
    private readonly clock: ClockService,
  ) {}

  async store(opened: OpenedInvitation, file: { filename: string; content: Buffer }): Promise<CredentialView> {
    const now = await this.clock.now();
    const closed = closedReason(opened.conference, now);
    if (closed && !offerOpen(opened.conference, await this.parties.read(this.dataSource, opened.invitation.id), now)) throw closed;
    return this.credentials.store({
      conferenceId: opened.conference.id,
      invitationId: opened.invitation.id,
      kind: credentialKind(opened.contact.stakeholderType),
      filename: file.filename,
      content: file.content,
    });
  }
}
