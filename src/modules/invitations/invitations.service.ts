import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedRows } from '../../platform/database/prepared';
import { StatementPart, composeStatement } from '../../platform/database/statement-parts';
import { Page, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { ConferencesService } from '../conferences';
import { ContactsService } from '../contacts';
import { InvitationListQuery } from './dto/wave.dto';
import { InvitationStats } from './invitation-stats';
import { InvitationTokens } from './invitation-tokens';

export type InvitationResponse = 'none' | 'accepted' | 'declined' | 'waitlisted' | 'offered' | 'cancelled';

export interface InvitationView {
  id: string;
  conferenceId: string;
  contactId: string;
  waveId: string;
  delivery: string;
  deliveryError: string | null;
  response: string;
  language: string | null;
  sentAt: string | null;
  respondedAt: string | null;
  remindersSent: number;
}

/** Who an invitation went to, as the secretariat's lists show it. */
export interface Invitee {
  fullName: string;
  organisation: string | null;
  country: string | null;
  stakeholderType: string;
}

const COLUMNS = `id, conference_id, contact_id, wave_id, delivery, delivery_error, response, language, sent_at, responded_at, reminders_sent, created_at`;

function toView(row: Record<string, any>): InvitationView & { createdAt: string } {
  return {
    id: row.id,
    conferenceId: row.conference_id,
    contactId: row.contact_id,
    waveId: row.wave_id,
    delivery: row.delivery,
    deliveryError: row.delivery_error,
    response: row.response,
    language: row.language,
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
    respondedAt: row.responded_at ? new Date(row.responded_at).toISOString() : null,
    remindersSent: row.reminders_sent,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly conferences: ConferencesService,
    private readonly tokens: InvitationTokens,
    private readonly stats: InvitationStats,
    private readonly contacts: ContactsService,
  ) {}

  /**
   * Records an invitation's response inside the caller's transaction (an answer's or an offer's), and
   * moves the funnel counters with it: one off the old response, one on the new. Returns the old one.
   */
  async recordResponse(manager: EntityManager, invitationId: string, response: InvitationResponse, at: Date): Promise<InvitationResponse> {
    const [previous] = await this.recordResponses(manager, [{ invitationId, response }], at);
    return previous;
  }

  /**
   * recordResponse for many invitations, and the counters with them, in one statement (answers
   * committed together). Returns the old responses in the order given.
   */
  async recordResponses(manager: EntityManager, answers: Array<{ invitationId: string; response: InvitationResponse }>, at: Date): Promise<InvitationResponse[]> {
    if (answers.length === 0) return [];
    const part = this.recordResponsesPart(answers, at);
    const { text, values } = composeStatement([part], `SELECT id, previous FROM ${part.yields}`);
    const rows = await preparedRows<{ id: string; previous: InvitationResponse }>(manager, text, values);
    const previous = new Map(rows.map((r) => [r.id, r.previous]));
    return answers.map(({ invitationId }) => {
      const before = previous.get(invitationId);
      if (!before) throw new Error(`Invitation ${invitationId} does not exist`);
      return before;
    });
  }

  /**
   * recordResponses as part of a caller's statement (see composeStatement): `responses_recorded`
   * has a row (id, previous) for each invitation recorded. The counters are shared rows, locked from
   * this statement until the commit.
   */
  recordResponsesPart(answers: Array<{ invitationId: string; response: InvitationResponse }>, at: Date): StatementPart {
    return {
      with: [
        ['responses_wanted', 'SELECT * FROM unnest($1::uuid[], $2::text[]) AS w(id, response)'],
        [
          'responses_before',
          'SELECT i.id, i.conference_id, i.response FROM invitations i JOIN responses_wanted USING (id) ORDER BY i.id FOR UPDATE OF i',
        ],
        [
          'responses_recorded',
          `UPDATE invitations i SET response = w.response, responded_at = $3 FROM responses_before b, responses_wanted w
           WHERE i.id = b.id AND w.id = b.id RETURNING i.id, b.conference_id, b.response AS previous, i.response`,
        ],
        ['responses_counted', this.stats.responseMovesSql('responses_recorded', '$4')],
      ],
      values: [answers.map((a) => a.invitationId), answers.map((a) => a.response), at.toISOString(), this.stats.shardValue()],
      yields: 'responses_recorded',
    };
  }

  async list(conferenceId: string, query: InvitationListQuery): Promise<Page<InvitationView & { invitee: Invitee | null }>> {
    await this.conferences.find(conferenceId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'time', id: 'uuid' });
    const params: unknown[] = [conferenceId];
    const where = ['conference_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.delivery) add((p) => `delivery = ${p}`, query.delivery);
    if (query.response) add((p) => `response = ${p}`, query.response);
    if (query.waveId) add((p) => `wave_id = ${p}::uuid`, query.waveId);
    if (after) {
      params.push(after.key, after.id);
      where.push(`(created_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM invitations WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT $${params.length}`,
      params,
    );
    const page = toPage(rows.map(toView), limit, (i) => ({ key: i.createdAt, id: i.id }));
    const invitees = new Map((await this.contacts.mailingDetails([...new Set(page.items.map((i) => i.contactId))])).map((c) => [c.id, c]));
    return {
      items: page.items.map(({ createdAt: _createdAt, ...view }) => {
        const invitee = invitees.get(view.contactId);
        // An erased contact's invitation stays counted, without the person.
        return { ...view, invitee: invitee ? { fullName: invitee.fullName, organisation: invitee.organisation, country: invitee.country, stakeholderType: invitee.stakeholderType } : null };
      }),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * The invitations the tokens open, for a caller's statement (see composeStatement): a part yielding
   * the invitation's columns and token_hash, and `viewsOf`,
   * which turns its rows back into one invitation (or null) per token.
   */
  openedPart(tokens: string[]): { part: StatementPart; viewsOf(rows: Array<Record<string, unknown>>): Array<(InvitationView & { createdAt: string }) | null> } {
    const hashes = tokens.map((token) => this.tokens.lookupHash(token));
    return {
      part: { with: [['invitations_opened', `SELECT ${COLUMNS}, token_hash FROM invitations WHERE token_hash = ANY($1::bytea[])`]], values: [hashes], yields: 'invitations_opened' },
      viewsOf: (rows) => {
        const byHash = new Map(rows.map((row) => [(row.token_hash as Buffer).toString('hex'), toView(row)]));
        return hashes.map((h) => byHash.get(h.toString('hex')) ?? null);
      },
    };
  }

  /**
   * A conference's invitations as reminder recipients, for another module to embed in its own
   * statement (as audienceSubquery is for waves): a recipient is then checked and claimed in one
   * statement. Columns: id, contact_id, language, delivery, response, sent_at. Parameters from $firstParam.
   */
  recipientsQuery(conferenceId: string, firstParam: number): { sql: string; params: unknown[] } {
    return {
      sql: `SELECT id, contact_id, language, delivery, response, sent_at FROM invitations WHERE conference_id = $${firstParam}::uuid`,
      params: [conferenceId],
    };
  }

  /** The invitations sent to a contact (for erasure of what other modules keep about them). */
  async idsForContact(contactId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM invitations WHERE contact_id = $1`, [contactId]);
    return rows.map((r) => r.id);
  }

  /** The contact an invitation went to; null for an unknown invitation. */
  async contactOf(invitationId: string): Promise<string | null> {
    const [row]: Array<{ contact_id: string }> = await this.dataSource.query(`SELECT contact_id FROM invitations WHERE id = $1`, [invitationId]);
    return row?.contact_id ?? null;
  }

  /** One more reminder on each invitation (remindersSent), inside the sender's transaction. */
  async countReminders(manager: EntityManager, invitationIds: string[]): Promise<void> {
    if (invitationIds.length === 0) return;
    await manager.query(`UPDATE invitations SET reminders_sent = reminders_sent + 1 WHERE id = ANY($1::uuid[])`, [invitationIds]);
  }
}
