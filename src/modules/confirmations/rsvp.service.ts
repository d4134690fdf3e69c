import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { preparedRows } from '../../platform/database/prepared';
import { composeStatement } from '../../platform/database/statement-parts';
import { DomainError } from '../../platform/http/domain-error';
import { UnLanguage } from '../../platform/http/validators';
import { countryName, formatDateRange, formatDeadline, formatInstant, formatReaderTimeZone, formatTimeZone } from '../../platform/mail/mail-formatting';
import { CATALOGUES, chooseLanguage } from '../../platform/mail/templates';
import { OutboxService, PendingEvent } from '../../platform/messaging/outbox.service';
import type { Conference } from '../conferences/conference.entity';
import { conferenceTexts } from '../conferences/conference-mail';
import { ConferencesService } from '../conferences/conferences.service';
import { SecretariatDirectory } from '../series/secretariat-directory';
import { ContactsService, MailingDetails } from '../contacts/contacts.service';
import { InvitationTokens } from '../invitations/invitation-tokens';
import { InvitationView, InvitationsService } from '../invitations/invitations.service';
import { CredentialsService, credentialKind } from './credentials.service';
import { Capacity, RsvpAnswerDto } from './dto/rsvp.dto';
import { acceptedEvents, answerChange, answeredMembers, canonical, deadlineOf, cancelledEvents, declinedEvent, stored, waitlistedEvent } from './answer-records';
import { PARTY_COLUMNS, PartyRow, invitationResponse, readParty, requestOf, withRetry } from './party';
import { ParticipantsService, RosterChange, RosterMember, inviteeFrom } from './participants.service';
import { PlaceLedger } from './place-ledger';
import { PartyStatus, RsvpView } from './rsvp-page';
import { PartyRequest, checkRequest, inviteeCapacity, mergeRequest } from './rsvp-request';
import { WaitlistService } from './waitlist.service';

export interface OpenedInvitation {
  invitation: InvitationView;
  conference: Conference;
  contact: MailingDetails;
  language: UnLanguage;
}

/** POST /rsvp/:token answers: accepted, declined or waitlisted, with where the party stands. */
export interface AnswerOutcome {
  response: 'accepted' | 'declined' | 'waitlisted';
  /** False when the answer repeated the current one: nothing was recorded. */
  changed: boolean;
  version: number;
  partySize: number;
  waitlistPosition: number | null;
  participants: Array<Pick<RosterMember, 'id' | 'fullName' | 'capacity' | 'isInvitee'>>;
  deadline: string | null;
}

const ANSWERING_STATES = ['inviting', 'registration_closed'];
const CONFERENCE_CACHE_MS = 1000;

/** Every unknown link gets this, whatever it looked like. */
export const unknownLink = () =>
  new DomainError(HttpStatus.NOT_FOUND, 'rsvp_link_unknown', 'This invitation link is not valid. Check that the whole address was copied from the e-mail, or contact the secretariat.');

/**
 * Answers to invitations. One answer is one transaction: the party row is locked first (two answers
 * of one invitation queue), places are taken or given back (PlaceLedger), participants follow, and
 * the invitation's response, the change record and the domain events commit together.
 */
@Injectable()
export class RsvpService {
  private readonly recentConferences = new Map<string, { conference: Conference; readAt: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
    private readonly tokens: InvitationTokens,
    private readonly conferences: ConferencesService,
    private readonly contacts: ContactsService,
    private readonly places: PlaceLedger,
    private readonly participants: ParticipantsService,
    private readonly waitlist: WaitlistService,
    private readonly credentials: CredentialsService,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
    private readonly secretariats: SecretariatDirectory,
  ) {}

  /**
   * The invitation a token opens. A malformed token is looked up as the hash of itself, so every
   * unknown token costs the same lookup and gets the same 404.
   */
  async open(token: string): Promise<OpenedInvitation> {
    const [opened] = await this.openMany([token]);
    if (!opened) throw unknownLink();
    return opened;
  }

  /**
   * open() for several tokens at once, in one read (the invitations and their contacts, each
   * module's part of one statement); null where the link opens nothing.
   */
  async openMany(tokens: string[]): Promise<Array<OpenedInvitation | null>> {
    const lookups = tokens.map((token) => (this.tokens.isWellFormed(token) ? token : createHash('sha256').update(token).digest('base64url')));
    const opening = this.invitations.openedPart(lookups);
    if (!opening.part) return tokens.map(() => null);
    const { text, values } = composeStatement(
      [opening.part, this.contacts.mailingDetailsPart('SELECT contact_id FROM invitations_opened')],
      'SELECT o.*, to_jsonb(c) AS contact FROM invitations_opened o LEFT JOIN contacts_mailing c ON c.id = o.contact_id',
    );
    const rows = await preparedRows<Record<string, unknown> & { contact: MailingDetails | null }>(this.dataSource, text, values);
    const invitations = opening.viewsOf(rows);
    const found = invitations.filter((i) => i !== null);
    if (found.length === 0) return tokens.map(() => null);
    const conferenceIds = [...new Set(found.map((i) => i.conferenceId))];
    const conferences = await Promise.all(conferenceIds.map((id) => this.conference(id)));
    const contacts = rows.flatMap((row) => (row.contact ? [row.contact] : []));
    const conferenceById = new Map(conferences.map((c) => [c.id, c]));
    const contactById = new Map(contacts.map((c) => [c.id, c]));
    return invitations.map((invitation) => {
      const conference = invitation && conferenceById.get(invitation.conferenceId);
      const contact = invitation && contactById.get(invitation.contactId);
      // An erased contact's link opens nothing any more.
      if (!invitation || !conference || !contact) return null;
      const language = (invitation.language as UnLanguage | null) ?? chooseLanguage(contact.language, conference.languages);
      return { invitation, conference, contact, language };
    });
  }

  /**
   * The conference an answer is about, read at most once a second per process: under a wave of
   * answers it is the same row every time. A change (PATCH, a transition) shows within a second;
   * the deadline itself is compared with the clock on every answer.
   */
  private async conference(id: string): Promise<Conference> {
    const cached = this.recentConferences.get(id);
    if (cached && Date.now() - cached.readAt < CONFERENCE_CACHE_MS) return cached.conference;
    const conference = await this.conferences.find(id);
    if (this.recentConferences.size > 100) this.recentConferences.clear();
    this.recentConferences.set(id, { conference, readAt: Date.now() });
    return conference;
  }

  /** Why answers are not taken now, or null when they are. */
  closedReason(conference: Conference, now: Date): DomainError | null {
    const state = conference.state;
    if (state === 'cancelled') return new DomainError(HttpStatus.GONE, 'conference_cancelled', 'This conference has been cancelled; answers are no longer taken.');
    if (state === 'postponed' || state === 'planning') {
      return DomainError.conflict('answers_paused', 'This conference has been postponed; answers will be taken again once its new dates are set.');
    }
    if (!ANSWERING_STATES.includes(state)) return new DomainError(HttpStatus.GONE, 'answers_closed', 'Registration for this conference is closed; contact the secretariat for any change.');
    if (conference.rsvpDeadline && now.getTime() >= new Date(conference.rsvpDeadline).getTime()) {
      const at = formatDeadline('en', conference.rsvpDeadline, conference.timezone ?? 'UTC', conference.rsvpDeadlineDate);
      return new DomainError(HttpStatus.GONE, 'rsvp_deadline_passed', `Replies closed on ${at}; contact the secretariat for any change.`, { deadline: new Date(conference.rsvpDeadline).toISOString() });
    }
    if (state === 'registration_closed') return new DomainError(HttpStatus.GONE, 'answers_closed', 'Registration for this conference is closed; contact the secretariat for any change.');
    return null;
  }

  /** An open offer may still be taken up (or turned down) after replies closed: the offer window is the promise made. */
  private offerOpen(conference: Conference, party: Pick<PartyRow, 'status' | 'offer_expires_at'> | null, now: Date): boolean {
    return party?.status === 'offered' && !!party.offer_expires_at && new Date(party.offer_expires_at) > now && ANSWERING_STATES.includes(conference.state);
  }

  async answer(token: string, dto: RsvpAnswerDto, actor = 'invitee'): Promise<AnswerOutcome> {
    const opened = await this.open(token);
    const { invitation, conference } = opened;
    const now = await this.clock.now();
    const closed = this.closedReason(conference, now);
    if (closed && !this.offerOpen(conference, await readParty(this.dataSource, invitation.id), now)) throw closed;
    const capacity = conference.capacity ?? 0;
    await this.places.layOut(conference.id, capacity, new Date(conference.updatedAt));
    const outcome = await withRetry(() => this.dataSource.transaction((manager) => this.answerLocked(manager, opened, dto, now, actor, capacity)));
    if (outcome.changed) this.outbox.committed();
    return outcome;
  }

  private async answerLocked(manager: EntityManager, opened: OpenedInvitation, dto: RsvpAnswerDto, now: Date, actor: string, capacity: number): Promise<AnswerOutcome> {
    const { invitation, conference, contact, language } = opened;
    const [locked]: PartyRow[] = await manager.query(
      `INSERT INTO rsvp_parties (invitation_id, conference_id, contact_id, language, timezone, stakeholder_type, country, organisation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (invitation_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, language = EXCLUDED.language, timezone = EXCLUDED.timezone,
         stakeholder_type = EXCLUDED.stakeholder_type, country = EXCLUDED.country, organisation = EXCLUDED.organisation
       RETURNING ${PARTY_COLUMNS}`,
      [invitation.id, conference.id, contact.id, language, contact.timezone, contact.stakeholderType, contact.country, contact.organisation],
    );
    let party = locked;
    const events: PendingEvent[] = [];
    const deadline = deadlineOf(conference);
    if (party.status === 'offered' && party.offer_expires_at && new Date(party.offer_expires_at) <= now) {
      const lapsed = await this.waitlist.lapseLocked(manager, party, now);
      events.push(...lapsed.events);
      party = { ...party, status: 'lapsed', places: 0, version: party.version + 1 };
      // Replies closed meanwhile: roll back, the tick lapses the offer.
      const closed = this.closedReason(conference, now);
      if (closed) throw closed;
    }
    const from = party.status;
    const previous = requestOf(party);
    const base = { conferenceId: conference.id, invitationId: invitation.id };

    if (dto.response === 'decline') {
      if (from === 'declined') return { response: 'declined', changed: false, version: party.version, partySize: 0, waitlistPosition: null, participants: [], deadline };
      const freed = party.places > 0 ? await this.places.release(manager, conference.id, invitation.id, null) : 0;
      const cancelled = from === 'accepted' ? await this.participants.cancelAll(manager, invitation.id, now) : [];
      const version = await this.saveParty(
        manager,
        party,
        { status: 'declined', size: party.size, places: 0, request: previous, rank: null, now },
        { actor, from, change: { placesFreed: freed, removed: cancelled.map((c) => c.id) } },
      );
      events.push(declinedEvent(base, { version, freed, now }), ...cancelledEvents(base, cancelled, now));
      await this.outbox.record(manager, ...events);
      await this.invitations.recordResponse(manager, invitation.id, 'declined', now);
      return { response: 'declined', changed: true, version, partySize: 0, waitlistPosition: null, participants: [], deadline };
    }

    const request = mergeRequest(dto, previous);
    checkRequest(request, conference.delegationQuota, contact.email, contact.stakeholderType);
    const size = 1 + request.delegates.length;
    let status: 'accepted' | 'waitlisted';
    let rank: string | null = party.waitlist_rank;
    let freed = 0;
    if (from === 'accepted' || from === 'offered') {
      const more = size - party.places;
      if (more > 0 && !(await this.places.claim(manager, conference.id, capacity, invitation.id, more))) {
        throw DomainError.conflict(
          'no_places_left',
          from === 'offered'
            ? `The place offered is for ${party.places} participant(s) and no other place is free for ${more} more; name fewer delegates.`
            : `No place is free for ${more} more participant(s); the registration stands as it was (${party.places} participant(s)).`,
          { places: party.places, requested: size },
        );
      }
      if (more < 0) freed = await this.places.release(manager, conference.id, invitation.id, -more);
      status = 'accepted';
    } else if (from === 'waitlisted') {
      status = 'waitlisted';
    } else if (await this.places.claim(manager, conference.id, capacity, invitation.id, size)) {
      status = 'accepted';
    } else {
      status = 'waitlisted';
      rank = await this.waitlist.nextRank(manager, conference.id);
    }

    let roster: RosterChange | null = null;
    if (status === 'accepted') {
      roster = await this.participants.sync(manager, {
        ...base,
        invitee: inviteeFrom(contact),
        request,
        now,
        fresh: from !== 'accepted',
      });
    }
    const unchanged =
      from === status && canonical(stored(request)) === canonical(stored(previous)) && (!roster || (roster.confirmed.length === 0 && roster.cancelled.length === 0 && roster.updated.length === 0));
    if (unchanged) {
      const position = status === 'waitlisted' && rank ? await this.waitlist.positionOf(manager, conference.id, rank) : null;
      return { response: status, changed: false, version: party.version, partySize: size, waitlistPosition: position, participants: roster?.members ?? [], deadline };
    }
    const position = status === 'waitlisted' ? await this.waitlist.positionOf(manager, conference.id, rank!) : null;
    const version = await this.saveParty(
      manager,
      party,
      { status, size, places: status === 'accepted' ? size : 0, request: stored(request), rank: status === 'waitlisted' ? rank : null, now },
      { actor, from, change: answerChange({ size, freed, position, roster, previous, request }) },
    );
    if (status === 'accepted' && roster) {
      events.push(...acceptedEvents(base, { version, size, roster, viaOffer: from === 'offered', now }));
    } else {
      events.push(waitlistedEvent(base, { version, size, position: position!, now }));
    }
    await this.outbox.record(manager, ...events);
    // Last: the funnel counters are shared rows, locked from here until the commit.
    if (from !== status) await this.invitations.recordResponse(manager, invitation.id, invitationResponse(status), now);
    return {
      response: status,
      changed: true,
      version,
      partySize: size,
      waitlistPosition: position,
      participants: answeredMembers(roster?.members ?? []),
      deadline,
    };
  }

  /** The party's new state and the record of the change, in one statement. Returns the new version. */
  private async saveParty(
    manager: EntityManager,
    party: PartyRow,
    next: { status: PartyStatus; size: number; places: number; request: PartyRequest; rank: string | null; now: Date },
    record: { actor: string; from: PartyStatus; reason?: string | null; change: Record<string, unknown> },
  ): Promise<number> {
    const [row]: Array<{ version: number }> = await manager.query(
      `WITH saved AS (
         UPDATE rsvp_parties SET status = $2, size = $3, places = $4, request = $5, waitlist_rank = $6::numeric,
           waitlisted_at = CASE WHEN $2 = 'waitlisted' THEN coalesce(CASE WHEN status = 'waitlisted' THEN waitlisted_at END, $7) END,
           offered_at = CASE WHEN $2 = 'accepted' THEN offered_at END, offer_expires_at = CASE WHEN $2 = 'accepted' THEN offer_expires_at END,
           version = version + 1, updated_at = $7
         WHERE invitation_id = $1 RETURNING conference_id, version
       )
       INSERT INTO rsvp_changes (invitation_id, conference_id, version, actor, occurred_at, from_status, to_status, reason, change)
       SELECT $1, saved.conference_id, saved.version, $8, $7, $9, $2, $10, $11 FROM saved RETURNING version`,
      [
        party.invitation_id,
        next.status,
        next.size,
        next.places,
        JSON.stringify(next.request),
        next.rank,
        next.now.toISOString(),
        record.actor,
        record.from,
        record.reason ?? null,
        JSON.stringify(record.change),
      ],
    );
    return row.version;
  }

  /** What GET /rsvp/:token shows. Reading never changes anything. */
  async view(token: string): Promise<RsvpView> {
    const opened = await this.open(token);
    return this.viewOf(opened);
  }

  async viewOf({ invitation, conference, contact, language }: OpenedInvitation): Promise<RsvpView> {
    const now = await this.clock.now();
    const [party, members, documents] = await Promise.all([
      readParty(this.dataSource, invitation.id),
      this.dataSource.query(
        `SELECT id, is_invitee, full_name, email, job_title, capacity, needs_visa_letter, accessibility_needs FROM participants
         WHERE invitation_id = $1 AND status = 'confirmed' ORDER BY is_invitee DESC, confirmed_at, id`,
        [invitation.id],
      ) as Promise<Array<Record<string, any>>>,
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
            .filter((m) => !m.is_invitee)
            .map((m) => ({
              participantId: m.id as string,
              fullName: m.full_name ?? '',
              email: m.email ?? '',
              jobTitle: m.job_title,
              capacity: m.capacity as Capacity,
              needsVisaLetter: m.needs_visa_letter,
              accessibilityNeeds: m.accessibility_needs,
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
      open: !this.closedReason(conference, now) || this.offerOpen(conference, party, now),
      response: status,
      waitlistPosition: position,
      offerExpiresAt: status === 'offered' && party?.offer_expires_at ? new Date(party.offer_expires_at).toISOString() : null,
      offerExpiresText: status === 'offered' && party?.offer_expires_at ? formatInstant(language, party.offer_expires_at, tz, reader) : null,
      delegationQuota: conference.delegationQuota,
      answer: {
        capacity: party && status === 'accepted' ? ((members.find((m) => m.is_invitee)?.capacity as Capacity | undefined) ?? null) : request.capacity ?? (party ? null : inviteeCapacity(request, contact.stakeholderType)),
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

  async closedNow(conference: Conference): Promise<DomainError | null> {
    return this.closedReason(conference, await this.clock.now());
  }

  /** A delegation's accreditation document, taken while answers are (or an offer is) open. */
  async storeCredential(opened: OpenedInvitation, file: { filename: string; content: Buffer }) {
    const now = await this.clock.now();
    const closed = this.closedReason(opened.conference, now);
    if (closed && !this.offerOpen(opened.conference, await readParty(this.dataSource, opened.invitation.id), now)) throw closed;
    return this.credentials.store({
      conferenceId: opened.conference.id,
      invitationId: opened.invitation.id,
      kind: credentialKind(opened.contact.stakeholderType),
      filename: file.filename,
      content: file.content,
    });
  }

  /** Who changed an invitation's answer, when and what (oldest first). */
  async history(invitationId: string) {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT id, version, actor, occurred_at, from_status, to_status, reason, change FROM rsvp_changes WHERE invitation_id = $1 ORDER BY id`,
      [invitationId],
    );
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        version: r.version,
        actor: r.actor,
        occurredAt: new Date(r.occurred_at).toISOString(),
        from: r.from_status,
        to: r.to_status,
        reason: r.reason,
        change: r.change,
      })),
      nextCursor: null,
    };
  }
}
