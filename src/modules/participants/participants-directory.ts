import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StatementPart, composeStatement } from '../../platform/database/statement-parts';
import { ContactsService } from '../contacts';
import { Parties } from '../places';
import { ParticipantLogistics } from './participant-logistics';
import { ParticipantsService } from './participants.service';
import { Capacity } from './roster';

/** A confirmed participant as reminders address them. */
export interface DirectoryParticipant {
  participantId: string;
  invitationId: string;
  email: string | null;
  fullName: string;
  language: string;
  timezone: string | null;
  visaLetter: 'none' | 'requested' | 'issued';
  badge: 'none' | 'issued' | 'revoked';
}

/**
 * What other modules may read about participants (reminders, accreditation, logistics): confirmed
 * participants with their language and time zone (the party's, read through the places module:
 * delegates of a mission share its invitee's), and what badges, letters and the door show of each.
 */
@Injectable()
export class ParticipantsDirectory {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly participants: ParticipantsService,
    private readonly parties: Parties,
    private readonly contacts: ContactsService,
    private readonly logistics: ParticipantLogistics,
  ) {}

  /** Confirmed participants with an e-mail address, keyset-paged by participant id, with their badge and visa letter as accreditation knows them. */
  async forReminders(conferenceId: string, afterId: string | null, limit: number): Promise<DirectoryParticipant[]> {
    const page: StatementPart = {
      with: [
        [
          'participants_page',
          `SELECT id, invitation_id, email, full_name, needs_visa_letter FROM participants
           WHERE conference_id = $1 AND status = 'confirmed' AND email IS NOT NULL AND ($2::uuid IS NULL OR id > $2::uuid)
           ORDER BY id LIMIT $3`,
        ],
      ],
      values: [conferenceId, afterId, Math.max(1, Math.min(limit, 5000))],
      yields: 'participants_page',
    };
    const locales = this.parties.localePart(page, 'invitation_id');
    const { text, values } = composeStatement(
      [page, locales],
      `SELECT p.*, l.language, l.timezone FROM ${page.yields} p JOIN ${locales.yields} l ON l.invitation_id = p.invitation_id ORDER BY p.id`,
    );
    const rows: Array<Record<string, any>> = await this.dataSource.query(text, values);
    const states = await this.logistics.overlay(
      rows.map((r) => ({ id: r.id as string, status: 'confirmed', badge: 'none' as const, visaLetter: r.needs_visa_letter ? ('requested' as const) : ('none' as const), checkedInAt: null })),
    );
    return rows.map((r, i) => ({
      participantId: r.id,
      invitationId: r.invitation_id,
      email: r.email,
      fullName: r.full_name ?? '',
      language: r.language,
      timezone: r.timezone,
      visaLetter: states[i].visaLetter,
      badge: states[i].badge,
    }));
  }

  /** The accepted delegations (invitations) that have at least one confirmed participant. */
  async confirmedInvitationIds(conferenceId: string): Promise<string[]> {
    const rows: Array<{ invitation_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT invitation_id FROM participants WHERE conference_id = $1 AND status = 'confirmed'`,
      [conferenceId],
    );
    return rows.map((r) => r.invitation_id);
  }

  countConfirmed(conferenceId: string): Promise<number> {
    return this.participants.countConfirmed(conferenceId);
  }

  /** One participant as badges, letters and the door read them, whatever their status. */
  async card(participantId: string): Promise<DirectoryCard | null> {
    return this.cardWhere('id = $1', participantId);
  }

  /** Every confirmed participant of a conference, for the list of participants. */
  async confirmedCards(conferenceId: string): Promise<DirectoryCard[]> {
    const cards = this.located({
      with: [['participant_card', `SELECT ${CARD_COLUMNS} FROM participants WHERE conference_id = $1 AND status = 'confirmed'`]],
      values: [conferenceId],
      yields: 'participant_card',
    });
    const { text, values } = composeStatement([cards], `SELECT * FROM ${cards.yields} ORDER BY id`);
    const rows: Array<Record<string, any>> = await this.dataSource.query(text, values);
    return rows.map(toCard);
  }

  /** Several participants at once (a batch of badges), whatever their status. */
  async cards(participantIds: string[]): Promise<DirectoryCard[]> {
    return this.cardsWhere('id = ANY($1::uuid[])', participantIds);
  }

  /** The cards of the participants whose ids the column `idColumn` of the caller's part `ids` yields, read with it in one statement. */
  async cardsFor(ids: StatementPart, idColumn: string): Promise<DirectoryCard[]> {
    return this.cardsOf(this.cardsPart(ids, idColumn));
  }

  /**
   * cardsFor as a part of the caller's statement, for a caller with more to read in the same round
   * trip: it yields the card columns (read a row with cardOf) of each participant found.
   */
  cardsPart(ids: StatementPart, idColumn: string): StatementPart {
    return this.located({
      with: [...ids.with, ['participant_card', `SELECT ${CARD_COLUMNS} FROM participants WHERE id IN (SELECT ${idColumn} FROM ${ids.yields})`]],
      values: ids.values,
      yields: 'participant_card',
    });
  }

  /** A row of cardsPart's, as a card. */
  cardOf(row: Record<string, any>): DirectoryCard {
    return toCard(row);
  }

  /**
   * The participants whose ids `ids` yields, as a part, without the party's language and the
   * invitee's honorific (read a row with plainCardOf): for a caller that shows neither, such as the
   * door. Looked up by key in the ids read once, so the plan stays the same however many
   * participants the conference has and however stale the table's statistics are.
   */
  plainCardsPart(ids: StatementPart, idColumn: string): StatementPart {
    return {
      with: [...ids.with, ['participant_plain_card', `SELECT ${CARD_COLUMNS} FROM participants WHERE id = ANY (ARRAY(SELECT ${idColumn} FROM ${ids.yields}))`]],
      values: ids.values,
      yields: 'participant_plain_card',
    };
  }

  /** A row of plainCardsPart's, as a card. */
  plainCardOf(row: Record<string, any>): PlainCard {
    return toPlainCard(row);
  }

  private async cardWhere(condition: string, value: unknown): Promise<DirectoryCard | null> {
    const [card] = await this.cardsWhere(condition, value);
    return card ?? null;
  }

  private async cardsWhere(condition: string, value: unknown): Promise<DirectoryCard[]> {
    return this.cardsOf(this.located({ with: [['participant_card', `SELECT ${CARD_COLUMNS} FROM participants WHERE ${condition}`]], values: [value], yields: 'participant_card' }));
  }

  private async cardsOf(cards: StatementPart): Promise<DirectoryCard[]> {
    const { text, values } = composeStatement([cards], `SELECT * FROM ${cards.yields}`);
    const rows: Array<Record<string, any>> = await this.dataSource.query(text, values);
    return rows.map(toCard);
  }

  /**
   * The participant rows `found` yields with the party's language and, for the invitee, the
   * honorific of the contact invited (delegates are not asked for one), as one part.
   */
  private located(found: StatementPart): StatementPart {
    const locales = this.parties.localePart(found, 'invitation_id');
    const contacts = this.parties.contactPart(found, 'invitation_id');
    const honorifics = this.contacts.honorificPart(contacts, 'contact_id');
    // The parts joined here take no values of their own, so `found`'s placeholders stay as they are.
    if ([locales, contacts, honorifics].some((part) => part.values.length)) throw new Error('a part joined to the cards takes values of its own');
    return {
      with: [
        ...found.with,
        ...locales.with,
        ...contacts.with,
        ...honorifics.with,
        [
          'participant_card_located',
          `SELECT p.*, l.language, CASE WHEN p.is_invitee THEN h.honorific END AS honorific
           FROM ${found.yields} p
           LEFT JOIN ${locales.yields} l ON l.invitation_id = p.invitation_id
           LEFT JOIN ${contacts.yields} c ON c.invitation_id = p.invitation_id
           LEFT JOIN ${honorifics.yields} h ON h.id = c.contact_id`,
        ],
      ],
      values: found.values,
      yields: 'participant_card_located',
    };
  }
}

/** What a badge, a letter or the check-in desk shows of one participant. */
export interface DirectoryCard {
  participantId: string;
  conferenceId: string;
  invitationId: string;
  status: 'confirmed' | 'cancelled' | 'substituted';
  isInvitee: boolean;
  /** The invitee's honorific as their contact holds it (H.E. Mr., Dr, ...); null for delegates, who are not asked. */
  honorific: string | null;
  fullName: string;
  jobTitle: string | null;
  organisation: string | null;
  country: string | null;
  stakeholderType: string | null;
  capacity: Capacity;
  needsVisaLetter: boolean;
  /** The party's language (UN language code), English when unknown. */
  language: string;
}

/** A card without what only a document addressed to the person needs (see plainCardsPart). */
export type PlainCard = Omit<DirectoryCard, 'honorific' | 'language'>;

const CARD_COLUMNS = `id, conference_id, invitation_id, status, is_invitee, full_name, job_title, organisation, country, stakeholder_type, capacity, needs_visa_letter`;

function toCard(r: Record<string, any>): DirectoryCard {
  return { ...toPlainCard(r), honorific: r.honorific || null, language: r.language ?? 'en' };
}

function toPlainCard(r: Record<string, any>): PlainCard {
  return {
    participantId: r.id,
    conferenceId: r.conference_id,
    invitationId: r.invitation_id,
    status: r.status,
    isInvitee: r.is_invitee,
    fullName: r.full_name ?? '',
    jobTitle: r.job_title,
    organisation: r.organisation,
    country: r.country,
    stakeholderType: r.stakeholder_type,
    capacity: r.capacity,
    needsVisaLetter: r.needs_visa_letter,
  };
}
