import { Injectable } from '@nestjs/common';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import type {} from '../invitations';
import { ContactsService } from './contacts.service';

/** Marks a contact undeliverable when an invitation to it bounced, or was refused as it was sent, for good. */
@Injectable()
export class ContactDeliverability {
  constructor(private readonly contacts: ContactsService) {}

  @OnDomainEvent('invitation.bounced')
  async onInvitationBounced(event: DomainEvent<'invitation.bounced'>): Promise<void> {
    const { contactId, permanent, status, diagnostic } = event.data;
    if (!permanent) return;
    await this.contacts.markUndeliverable(contactId, `Invitation bounced: ${status}${diagnostic ? ` ${diagnostic}` : ''}`, new Date(event.occurredAt));
  }

  @OnDomainEvent('invitation.failed')
  async onInvitationFailed(event: DomainEvent<'invitation.failed'>): Promise<void> {
    for (const failure of event.data.failures) {
      if (failure.refused && failure.contactId) await this.contacts.markUndeliverable(failure.contactId, `Invitation refused: ${failure.reason}`, new Date(event.occurredAt));
    }
  }
}
