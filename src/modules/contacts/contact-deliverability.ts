import { Injectable } from '@nestjs/common';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import '../invitations/invitations.events';
import { ContactsService } from './contacts.service';

/** Marks a contact undeliverable when an invitation to it bounced for good. */
@Injectable()
export class ContactDeliverability {
  constructor(private readonly contacts: ContactsService) {}

  @OnDomainEvent('invitation.bounced')
  async onInvitationBounced(event: DomainEvent<'invitation.bounced'>): Promise<void> {
    const { contactId, permanent, status, diagnostic } = event.data;
    if (!permanent) return;
    await this.contacts.markUndeliverable(contactId, `Invitation bounced: ${status}${diagnostic ? ` ${diagnostic}` : ''}`, new Date(event.occurredAt));
  }
}
