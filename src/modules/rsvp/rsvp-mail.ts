import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnLanguage } from '../../platform/http/validators';
import { ComposedMail, MailQueue } from '../../platform/mail/mail-queue';
import { MailTransport } from '../../platform/mail/mail-transport';
import { CATALOGUES, MailKind, MailVars, Recipient, SecretariatContact, renderTemplate, secretariatAddress } from '../../platform/mail/templates';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import type { ConferenceSummary } from '../conferences';
import { ConferencesService } from '../conferences';
import { ContactsService } from '../contacts';
import { SecretariatDirectory } from '../series';
import { InvitationTokens } from '../invitations';
import { conferenceCalendar, conferenceInfo } from '../conferences';
import { ParticipantsService } from '../participants';
import { Parties, PartyRow, WaitlistService } from '../places';

const COMPOSERS = {
  confirmation: 'rsvp.confirmation',
  delegate: 'rsvp.delegate-confirmation',
  waitlisted: 'rsvp.waitlisted',
  offer: 'rsvp.waitlist-offer',
  declined: 'rsvp.decline-acknowledgement',
} as const;

type PartyMail = { invitationId: string; version: number };

/**
 * The mails of an answer, in the party's language: confirmation with the calendar file (to the
 * invitee and to each delegate), waiting list position, place offered, decline acknowledged. Each is
 * queued from the domain event (after commit) under a Message-ID made of the invitation and the
 * answer's version, so a redelivered event sends nothing twice; a message whose answer has changed
 * since is dropped (the newer answer has its own).
 */
@Injectable()
export class ConfirmationMail implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly parties: Parties,
    private readonly participants: ParticipantsService,
    private readonly mail: MailQueue,
    private readonly transport: MailTransport,
    private readonly conferences: ConferencesService,
    private readonly contacts: ContactsService,
    private readonly tokens: InvitationTokens,
    private readonly waitlist: WaitlistService,
    private readonly secretariats: SecretariatDirectory,
  ) {}

  onModuleInit(): void {
    this.mail.register<PartyMail>(COMPOSERS.confirmation, async ({ invitationId, version }) => {
      const ctx = await this.party(invitationId, 'accepted', version);
      if (!ctx) return null;
      const delegates = (await this.participants.membersOf(invitationId)).filter((m) => !m.isInvitee);
      return this.compose(ctx, ctx.recipient, 'rsvp_confirmation', {
        rsvpUrl: this.tokens.rsvpUrl(invitationId),
        delegates: delegates.map((d) => ({ fullName: d.fullName ?? '', capacity: d.capacity })),
        deadline: ctx.conference.rsvpDeadline,
      }, true);
    });
    this.mail.register<{ participantId: string }>(COMPOSERS.delegate, async ({ participantId }) => {
      const member = await this.participants.member(participantId);
      if (!member || member.status !== 'confirmed' || !member.email || !member.fullName) return null;
      const ctx = await this.party(member.invitationId, 'accepted', null);
      if (!ctx) return null;
      // A delegate's own zone is not known: the conference's time alone.
      return this.compose({ ...ctx, readerTimeZone: null }, { fullName: member.fullName, address: member.email }, 'rsvp_confirmation', { rsvpUrl: null, deadline: null }, true);
    });
    this.mail.register<PartyMail>(COMPOSERS.waitlisted, async ({ invitationId, version }) => {
      const ctx = await this.party(invitationId, 'waitlisted', version);
      if (!ctx?.party.waitlist_rank) return null;
      const position = await this.waitlist.positionOf(this.dataSource, ctx.conference.id, ctx.party.waitlist_rank);
      return this.compose(ctx, ctx.recipient, 'waitlisted', { rsvpUrl: this.tokens.rsvpUrl(invitationId), position });
    });
    this.mail.register<{ invitationId: string; offerNo: number }>(COMPOSERS.offer, async ({ invitationId, offerNo }) => {
      const ctx = await this.party(invitationId, 'offered', null);
      if (!ctx || ctx.party.offers_made !== offerNo || !ctx.party.offer_expires_at) return null;
      return this.compose(ctx, ctx.recipient, 'waitlist_offer', { rsvpUrl: this.tokens.rsvpUrl(invitationId), offerExpiresAt: ctx.party.offer_expires_at });
    });
    this.mail.register<PartyMail>(COMPOSERS.declined, async ({ invitationId, version }) => {
      const ctx = await this.party(invitationId, 'declined', version);
      if (!ctx) return null;
      return this.compose(ctx, ctx.recipient, 'decline_acknowledgement', { rsvpUrl: this.tokens.rsvpUrl(invitationId), deadline: ctx.conference.rsvpDeadline });
    });
  }

  @OnDomainEvent('rsvp.accepted')
  async accepted(event: DomainEvent<'rsvp.accepted'>): Promise<void> {
    const { invitationId, version } = event.data;
    await this.mail.enqueue(COMPOSERS.confirmation, { invitationId, version }, this.transport.messageIdFor('rsvp_confirmation', `${invitationId}.${version}`));
  }

  @OnDomainEvent('participant.confirmed')
  async participantConfirmed(event: DomainEvent<'participant.confirmed'>): Promise<void> {
    if (event.data.isInvitee) return;
    const { participantId } = event.data;
    await this.mail.enqueue(COMPOSERS.delegate, { participantId }, this.transport.messageIdFor('rsvp_confirmation', `participant.${participantId}`));
  }

  @OnDomainEvent('rsvp.waitlisted')
  async waitlisted(event: DomainEvent<'rsvp.waitlisted'>): Promise<void> {
    const { invitationId, version } = event.data;
    await this.mail.enqueue(COMPOSERS.waitlisted, { invitationId, version }, this.transport.messageIdFor('waitlisted', `${invitationId}.${version}`));
  }

  @OnDomainEvent('waitlist.promoted')
  async promoted(event: DomainEvent<'waitlist.promoted'>): Promise<void> {
    const { invitationId, offerNo } = event.data;
    await this.mail.enqueue(COMPOSERS.offer, { invitationId, offerNo }, this.transport.messageIdFor('waitlist_offer', `${invitationId}.${offerNo}`));
  }

  @OnDomainEvent('rsvp.declined')
  async declined(event: DomainEvent<'rsvp.declined'>): Promise<void> {
    const { invitationId, version } = event.data;
    await this.mail.enqueue(COMPOSERS.declined, { invitationId, version }, this.transport.messageIdFor('decline_acknowledgement', `${invitationId}.${version}`));
  }

  /** The party in the state the message was about (and at that version, when given), with the invitee's details. */
  private async party(invitationId: string, status: PartyRow['status'], version: number | null) {
    const party = await this.parties.read(this.dataSource, invitationId);
    if (!party || party.status !== status || (version !== null && party.version !== version) || !party.contact_id) return null;
    const [contact] = await this.contacts.mailingDetails([party.contact_id]);
    if (!contact) return null;
    const conference = await this.conferences.find(party.conference_id);
    const secretariat = await this.secretariats.forSeries(conference.seriesId);
    const recipient = { fullName: contact.fullName, honorific: contact.honorific, address: contact.email };
    return { party, conference, recipient, language: party.language as UnLanguage, secretariat, readerTimeZone: contact.timezone };
  }

  private compose<K extends MailKind>(
    ctx: { conference: ConferenceSummary; language: UnLanguage; secretariat: SecretariatContact; readerTimeZone?: string | null },
    to: Recipient & { address: string },
    kind: K,
    vars: Omit<MailVars[K], 'recipient' | 'conference'>,
    withCalendar = false,
  ): ComposedMail {
    const content = renderTemplate(kind, ctx.language, {
      ...vars,
      recipient: to,
      readerTimeZone: ctx.readerTimeZone ?? null,
      conference: conferenceInfo(ctx.conference, ctx.language, ctx.secretariat),
    } as unknown as MailVars[K]);
    const rsvpUrl = (vars as { rsvpUrl?: string | null }).rsvpUrl ?? null;
    return {
      to: { name: to.fullName, address: to.address },
      language: ctx.language,
      content,
      replyTo: secretariatAddress(ctx.secretariat),
      attachments: withCalendar
        ? [conferenceCalendar(ctx.conference, ctx.language, this.transport, { secretariat: ctx.secretariat, rsvpUrl, linkLabel: CATALOGUES[ctx.language].kinds.rsvp_confirmation.action })]
        : [],
    };
  }
}
