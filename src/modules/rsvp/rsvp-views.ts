import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { countryName, formatDateRange, formatDeadline, formatInstant, formatReaderTimeZone, formatTimeZone } from '../../platform/mail/mail-formatting';
import { CATALOGUES } from '../../platform/mail/templates';
import { conferenceTexts } from '../conferences';
import { CredentialsService, ParticipantsService, credentialKind } from '../participants';
import { SecretariatDirectory } from '../series';
import { Parties, PartyStatus, WaitlistService } from '../places';
import { OpenedInvitation, RsvpLinks, closedReason, deadlineOf, inviteeCapacity, offerOpen, requestOf } from '../answers';
import { RsvpView } from './rsvp-page';

/** What GET /rsvp/:token shows: the invitation, the party's answer and where it stands. Reading never changes anything. */
@Injectable()
export class RsvpViews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: RsvpLinks,
    private readonly parties: Parties,
    private readonly participants: ParticipantsService,
    private readonly waitlist: WaitlistService,
    private readonly credentials: CredentialsService,
    private readonly clock: ClockService,
    private readonly secretariats: SecretariatDirectory,
  ) {}

  /** Why answers are not taken now, or null when they are. */
  async closedNow(opened: OpenedInvitation): Promise<DomainError | null> {
    return closedReason(opened.conference, await this.clock.now());
  }

  async view(token: string): Promise<RsvpView> {
    return this.viewOf(await this.links.open(token));
  }

  async viewOf({ invitation, conference, contact, language }: OpenedInvitation): Promise<RsvpView> {
    const now = await this.clock.now();
    const [party, members, documents] = await Promise.all([
      this.parties.read(this.dataSource, invitation.id),
      this.participants.membersOf(invitation.id),
      this.credentials.forInvitation(invitation.id),
    ]);
    const request = requestOf(party);
    const status: PartyStatus = party?.status ?? 'none';
    const position = status === 'waitlisted' && party?.waitlist_rank ? await this.waitlist.positionOf(this.dataSource, conference.id, party.waitlist_rank) : null;
    const tz = conference.timezone ?? 'UTC';
    const catalogue = CATALOGUES[language];
    const startsOn = conference.startsOn ?? '';
    const endsOn = conference.endsOn ?? startsOn;
    const country = conference.country ? countryName(language, conference.country) : '';
    const texts = conferenceTexts(conference, language);
    const reader = contact.timezone;
    const secretariat = await this.secretariats.forSeries(conference.seriesId);
    const delegates =
      status === 'accepted'
        ? members
            .filter((m) => !m.isInvitee)
            .map((m) => ({
              participantId: m.id,
              fullName: m.fullName ?? '',
              email: m.email ?? '',
              jobTitle: m.jobTitle,
              capacity: m.capacity,
              needsVisaLetter: m.needsVisaLetter,
              accessibilityNeeds: m.accessibilityNeeds,
            }))
        : request.delegates.map((d) => ({ participantId: null, fullName: d.fullName, email: d.email, jobTitle: d.jobTitle, capacity: d.capacity, needsVisaLetter: d.needsVisaLetter, accessibilityNeeds: d.accessibilityNeeds }));
    return {
      language,
      direction: catalogue.direction,
      invitee: { fullName: contact.fullName, organisation: contact.organisation },
      conference: {
        id: conference.id,
        title: texts.title,
        city: texts.city,
        venue: texts.venue,
        country: conference.country ?? '',
        countryName: country,
        startsOn,
        endsOn,
        timezone: tz,
        timeZoneText: startsOn ? formatTimeZone(language, tz, startsOn, texts.city) : '',
        readerTimeZoneText: startsOn ? formatReaderTimeZone(language, reader, tz, startsOn) : null,
        partners: conference.partners,
        dates: startsOn ? formatDateRange(language, startsOn, endsOn) : '',
        place: catalogue.place({ venue: texts.venue ?? undefined, city: texts.city, country }),
      },
      secretariat,
      deadline: deadlineOf(conference),
      deadlineDate: conference.rsvpDeadlineDate ?? null,
      deadlineText: conference.rsvpDeadline ? formatDeadline(language, conference.rsvpDeadline, tz, conference.rsvpDeadlineDate, reader) : null,
      open: !closedReason(conference, now) || offerOpen(conference, party, now),
      response: status,
      waitlistPosition: position,
      offerExpiresAt: status === 'offered' && party?.offer_expires_at ? new Date(party.offer_expires_at).toISOString() : null,
      offerExpiresText: status === 'offered' && party?.offer_expires_at ? formatInstant(language, party.offer_expires_at, tz, reader) : null,
      delegationQuota: conference.delegationQuota,
      answer: {
        capacity: party && status === 'accepted' ? (members.find((m) => m.isInvitee)?.capacity ?? null) : request.capacity ?? (party ? null : inviteeCapacity(request, contact.stakeholderType)),
        needsVisaLetter: request.needsVisaLetter,
        accessibilityNeeds: request.accessibilityNeeds,
        arrivalOn: request.arrivalOn,
        departureOn: request.departureOn,
        delegates,
      },
      credentials: {
        kind: credentialKind(contact.stakeholderType),
        documents: documents.map((d) => ({ id: d.id, filename: d.filename, status: d.status, uploadedAt: d.uploadedAt })),
      },
    };
  }
}
