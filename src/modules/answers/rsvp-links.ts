import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedRows } from '../../platform/database/prepared';
import { composeStatement } from '../../platform/database/statement-parts';
import { UnLanguage } from '../../platform/http/validators';
import { chooseLanguage } from '../../platform/mail/templates';
import type { ConferenceSummary } from '../conferences';
import { ConferencesService } from '../conferences';
import { ContactsService, MailingDetails } from '../contacts';
import { InvitationView, InvitationsService } from '../invitations';
import { unknownLink } from './answer-window';

export interface OpenedInvitation {
  invitation: InvitationView;
  conference: ConferenceSummary;
  contact: MailingDetails;
  language: UnLanguage;
}

const CONFERENCE_CACHE_MS = 1000;

/** What a personal link opens: the invitation, its conference, the contact it went to, and the language to answer in. */
@Injectable()
export class RsvpLinks {
  private readonly recentConferences = new Map<string, { conference: ConferenceSummary; readAt: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
    private readonly conferences: ConferencesService,
    private readonly contacts: ContactsService,
  ) {}

  /** The invitation a token opens; any unknown link gets the same 404. */
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
    const opening = this.invitations.openedPart(tokens);
    const mailing = this.contacts.mailingDetailsPart(opening.part, 'contact_id');
    const { text, values } = composeStatement(
      [opening.part, mailing],
      `SELECT o.*, to_jsonb(c) AS contact FROM ${opening.part.yields} o LEFT JOIN ${mailing.yields} c ON c.id = o.contact_id`,
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
  private async conference(id: string): Promise<ConferenceSummary> {
    const cached = this.recentConferences.get(id);
    if (cached && Date.now() - cached.readAt < CONFERENCE_CACHE_MS) return cached.conference;
    const conference = await this.conferences.find(id);
    if (this.recentConferences.size > 100) this.recentConferences.clear();
    this.recentConferences.set(id, { conference, readAt: Date.now() });
    return conference;
  }
}
