import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { preparedRows } from '../../platform/database/prepared';
import { rowsOf } from '../../platform/database/rows';
import { StatementPart } from '../../platform/database/statement-parts';
import { DomainError } from '../../platform/http/domain-error';
import { Page, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { OutboxService, PendingEvent } from '../../platform/messaging/outbox.service';
import { AudienceCriteria, audienceProblems, audienceSql } from './audience';
import { CONTACT_ERASED, CONTACT_UPDATED, PRINTED_CONTACT_FIELDS, PrintedContactField } from './contact-events';
import { RejectedRow, readImport } from './contact-import';
import { ContactFields } from './contact-rules';
import { StakeholderType } from './contact.entity';
import { ContactListQuery, CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { RegionsCatalog } from './regions-catalog';

export interface ContactView {
  id: string;
  email: string;
  fullName: string;
  honorific: string | null;
  jobTitle: string | null;
  organisation: string | null;
  country: string | null;
  stakeholderType: StakeholderType;
  language: string;
  timezone: string | null;
  gender: string | null;
  createdAt: string;
  updatedAt: string;
  /** False after a permanent bounce, until the address is corrected. */
  deliverable: boolean;
  /** Why the address was marked undeliverable, and when; null while it is deliverable. */
  undeliverableReason: string | null;
  undeliverableSince: string | null;
}

/** updated counts every row that matched an existing contact, whether or not it changed anything. */
export interface ImportResult {
  created: number;
  updated: number;
  rejected: RejectedRow[];
}

export interface MailingDetails {
  id: string;
  email: string;
  fullName: string;
  honorific: string | null;
  /** Not for the mail itself: the invitee's participant takes it (on an answer, and when an import changes the contact) for its badge and letter. */
  jobTitle: string | null;
  language: string;
  timezone: string | null;
  country: string | null;
  organisation: string | null;
  stakeholderType: string;
}

/** Each printed field with its column, for comparing a contact before and after an import. */
const PRINTED_COLUMNS: Record<PrintedContactField, string> = {
  fullName: 'full_name',
  honorific: 'honorific',
  jobTitle: 'job_title',
  organisation: 'organisation',
  country: 'country',
  stakeholderType: 'stakeholder_type',
};

const MAILING_COLUMNS = `id, email, full_name AS "fullName", honorific, job_title AS "jobTitle", language, timezone, country, organisation, stakeholder_type AS "stakeholderType"`;

const VIEW_COLUMNS = `id, email, full_name AS "fullName", honorific, job_title AS "jobTitle", organisation, country,
  stakeholder_type AS "stakeholderType", language, timezone, gender, created_at AS "createdAt", updated_at AS "updatedAt",
  undeliverable_at AS "undeliverableSince", undeliverable_reason AS "undeliverableReason"`;

/** Rows per INSERT … ON CONFLICT statement of an import: few round trips, bounded parameter size. */
const IMPORT_CHUNK = 5_000;

type ContactRow = Omit<ContactView, 'createdAt' | 'updatedAt' | 'deliverable' | 'undeliverableSince'> & { createdAt: Date; updatedAt: Date; undeliverableSince: Date | null };

const toView = (row: ContactRow): ContactView => ({
  ...row,
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
  deliverable: row.undeliverableSince === null,
  undeliverableSince: row.undeliverableSince ? new Date(row.undeliverableSince).toISOString() : null,
});

/** ILIKE treats % and _ as wildcards: a search for "50%" means those characters. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The contacts directory: people who can be invited, found by stakeholder type, country and
 * region for invitation waves. E-mail addresses are unique whatever their case. Nothing here logs
 * personal data: log lines carry ids and counts only.
 */
@Injectable()
export class ContactsService {
  private readonly logger = new Logger('contacts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
    private readonly regions: RegionsCatalog,
  ) {}

  async create(dto: CreateContactDto): Promise<ContactView> {
    const [row]: ContactRow[] = await this.dataSource.query(
      `INSERT INTO contacts (email, full_name, stakeholder_type, honorific, job_title, organisation, country, language, timezone, gender, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, 'en'), $9, $10, $11::timestamptz, $11::timestamptz)
       ON CONFLICT (lower(email)) WHERE erased_at IS NULL DO NOTHING
       RETURNING ${VIEW_COLUMNS}`,
      [dto.email, dto.fullName, dto.stakeholderType, dto.honorific ?? null, dto.jobTitle ?? null, dto.organisation ?? null, dto.country ?? null, dto.language ?? null, dto.timezone ?? null, dto.gender ?? null, (await this.clock.now()).toISOString()],
    );
    if (row) return toView(row);
    const [existing]: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM contacts WHERE lower(email) = lower($1) AND erased_at IS NULL`, [dto.email]);
    throw DomainError.conflict('contact_email_taken', `A contact with the e-mail ${dto.email} already exists (id ${existing?.id ?? 'unknown'}); e-mails are unique whatever their case.`, {
      contactId: existing?.id ?? null,
    });
  }

  /** An erased contact is gone from the directory: 404, saying so. */
  async get(id: string): Promise<ContactView> {
    const [row]: Array<ContactRow & { erasedAt: Date | null }> = await this.dataSource.query(`SELECT ${VIEW_COLUMNS}, erased_at AS "erasedAt" FROM contacts WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('contact', id);
    if (row.erasedAt) throw this.erasedError(id, row.erasedAt);
    const { erasedAt: _erasedAt, ...contact } = row;
    return toView(contact);
  }

  /** Ordered by name (then id), like a printed directory; erased contacts are not listed. */
  async list(query: ContactListQuery): Promise<Page<ContactView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'text', id: 'uuid' });
    const conditions = ['erased_at IS NULL'];
    const params: unknown[] = [];
    const where = (condition: (p: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    if (query.stakeholderType) where((p) => `stakeholder_type = ${p}`, query.stakeholderType);
    if (query.country) where((p) => `country = ${p}`, query.country);
    if (query.region) {
      if (!this.regions.isKnownRegion(query.region)) {
        throw DomainError.badRequest('invalid_region', `region: unknown region ${JSON.stringify(query.region)}; use a UN M49 area code such as 150 (Europe) or a regional group such as WEOG`);
      }
      where((p) => `country = ANY(${p}::text[])`, this.regions.countriesIn(query.region));
    }
    if (query.q) where((p) => `(full_name ILIKE ${p} OR email ILIKE ${p} OR organisation ILIKE ${p})`, likePattern(query.q));
    if (after) {
      params.push(after.key, after.id);
      conditions.push(`(lower(full_name), id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows: Array<ContactRow & { sortKey: string }> = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS}, lower(full_name) AS "sortKey" FROM contacts
       WHERE ${conditions.join(' AND ')} ORDER BY lower(full_name), id LIMIT $${params.length}`,
      params,
    );
    const page = toPage(rows, limit, (r) => ({ key: r.sortKey, id: r.id }));
    return { items: page.items.map(({ sortKey: _sortKey, ...row }) => toView(row)), nextCursor: page.nextCursor };
  }

  /**
   * Upserts the valid rows by e-mail (case-insensitive) in one transaction, a few thousand rows per
   * INSERT … ON CONFLICT statement. On update, the fields a row gives replace the stored ones and
   * empty or missing optional fields keep them; a new contact without language gets English.
   * Erased contacts have no e-mail any more, so their old address creates a new contact.
   */
  async import(body: unknown): Promise<ImportResult> {
    const { valid, rejected } = readImport(body);
    let created = 0;
    let updated = 0;
    let announced = 0;
    if (valid.length) {
      const now = await this.clock.now();
      await this.dataSource.transaction(async (manager) => {
        for (let start = 0; start < valid.length; start += IMPORT_CHUNK) {
          const counts = await this.upsert(manager, valid.slice(start, start + IMPORT_CHUNK).map((r) => r.contact), now);
          created += counts.created;
          updated += counts.updated;
          // Badges and letters follow a contact whose printed details changed; the event commits with the change.
          await this.outbox.record(
            manager,
            ...counts.reprinted.map(({ id, fields }): PendingEvent => ({ type: CONTACT_UPDATED, aggregateId: id, occurredAt: now, data: { contactId: id, fields } })),
          );
          announced += counts.reprinted.length;
        }
      });
    }
    if (announced > 0) this.outbox.committed();
    this.logger.log({ created, updated, rejected: rejected.length, announced }, 'contacts imported');
    return { created, updated, rejected };
  }

  /** Also answers which updated contacts print differently now, and in which fields. */
  private async upsert(
    manager: EntityManager,
    contacts: ContactFields[],
    now: Date,
  ): Promise<{ created: number; updated: number; reprinted: Array<{ id: string; fields: PrintedContactField[] }> }> {
    const column = <K extends keyof ContactFields>(key: K) => contacts.map((c) => c[key] ?? null);
    const printedColumns = Object.values(PRINTED_COLUMNS);
    const changedFields = PRINTED_CONTACT_FIELDS.map((f) => `CASE WHEN b.${PRINTED_COLUMNS[f]} IS DISTINCT FROM u.${PRINTED_COLUMNS[f]} THEN '${f}' END`).join(', ');
    const rows: Array<{ id: string; inserted: boolean; changed: PrintedContactField[] }> = await manager.query(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
           AS i(email, full_name, stakeholder_type, honorific, job_title, organisation, country, language, timezone, gender)
       ),
       -- Every part of one statement reads the same snapshot: these are the contacts as they were before it.
       before AS (
         SELECT c.id, ${printedColumns.map((col) => `c.${col}`).join(', ')} FROM contacts c
         WHERE lower(c.email) IN (SELECT lower(email) FROM input) AND c.erased_at IS NULL
       ),
       upserted AS (
       INSERT INTO contacts AS c (email, full_name, stakeholder_type, honorific, job_title, organisation, country, language, timezone, gender, created_at, updated_at)
       SELECT i.email, i.full_name, i.stakeholder_type, i.honorific, i.job_title, i.organisation, i.country,
              COALESCE(i.language, existing.language, 'en'), i.timezone, i.gender, $11::timestamptz, $11::timestamptz
       FROM input i LEFT JOIN contacts existing ON lower(existing.email) = lower(i.email) AND existing.erased_at IS NULL
       ON CONFLICT (lower(email)) WHERE erased_at IS NULL DO UPDATE SET
         email = EXCLUDED.email,
         full_name = EXCLUDED.full_name,
         stakeholder_type = EXCLUDED.stakeholder_type,
         honorific = COALESCE(EXCLUDED.honorific, c.honorific),
         job_title = COALESCE(EXCLUDED.job_title, c.job_title),
         organisation = COALESCE(EXCLUDED.organisation, c.organisation),
         country = COALESCE(EXCLUDED.country, c.country),
         language = EXCLUDED.language,
         timezone = COALESCE(EXCLUDED.timezone, c.timezone),
         gender = COALESCE(EXCLUDED.gender, c.gender),
         updated_at = EXCLUDED.updated_at
       -- A row that changes nothing is not rewritten: re-importing a directory costs reads only.
       WHERE (c.email, c.full_name, c.stakeholder_type, c.honorific, c.job_title, c.organisation, c.country, c.language, c.timezone, c.gender)
         IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.full_name, EXCLUDED.stakeholder_type, COALESCE(EXCLUDED.honorific, c.honorific),
           COALESCE(EXCLUDED.job_title, c.job_title), COALESCE(EXCLUDED.organisation, c.organisation), COALESCE(EXCLUDED.country, c.country),
           EXCLUDED.language, COALESCE(EXCLUDED.timezone, c.timezone), COALESCE(EXCLUDED.gender, c.gender))
       RETURNING c.id, (xmax = 0) AS inserted, ${printedColumns.map((col) => `c.${col}`).join(', ')}
       )
       SELECT u.id, u.inserted, array_remove(ARRAY[${changedFields}]::text[], NULL) AS changed
       FROM upserted u LEFT JOIN before b ON b.id = u.id`,
      [
        column('email'),
        column('fullName'),
        column('stakeholderType'),
        column('honorific'),
        column('jobTitle'),
        column('organisation'),
        column('country'),
        column('language'),
        column('timezone'),
        column('gender'),
        now.toISOString(),
      ],
    );
    // Each row was either inserted or matched a contact; matched rows that change nothing return no row.
    const created = rows.filter((r) => r.inserted).length;
    const reprinted = rows.filter((r) => !r.inserted && r.changed.length > 0).map((r) => ({ id: r.id, fields: r.changed }));
    return { created, updated: contacts.length - created, reprinted };
  }

  /**
   * Erasure: the personal fields are emptied for good and the row is marked erased; its id,
   * stakeholder type, country and language stay so counts in reports do not change. The
   * contact.erased event commits with it, so every module holding a copy scrubs its own.
   * An erased contact is gone: erasing it again, like reading it, answers 404.
   */
  async erase(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const now = await this.clock.now();
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not the rows.
      const erased: Array<{ id: string }> = await manager.query(
        `WITH erased AS (
           UPDATE contacts SET email = NULL, full_name = NULL, honorific = NULL, job_title = NULL, organisation = NULL, gender = NULL,
             timezone = NULL, erased_at = $2, updated_at = $2
           WHERE id = $1 AND erased_at IS NULL RETURNING id
         ) SELECT id FROM erased`,
        [id, now.toISOString()],
      );
      if (erased.length === 0) {
        const [row]: Array<{ erasedAt: Date }> = await manager.query(`SELECT erased_at AS "erasedAt" FROM contacts WHERE id = $1`, [id]);
        throw row ? this.erasedError(id, row.erasedAt) : DomainError.notFound('contact', id);
      }
      await this.outbox.record(manager, { type: CONTACT_ERASED, aggregateId: id, occurredAt: now, data: { contactId: id } });
    });
    this.outbox.committed();
    this.logger.log({ contactId: id }, 'contact erased');
  }

  /**
   * After a permanent bounce: the next waves skip the contact until its address is corrected. The
   * first mark stays (with its reason and time) when more bounces of the same address follow.
   */
  async markUndeliverable(id: string, reason: string, at: Date): Promise<boolean> {
    const marked = await rowsOf<{ id: string }>(
      this.dataSource,
      `WITH marked AS (
         UPDATE contacts SET undeliverable_at = $2, undeliverable_reason = $3 WHERE id = $1 AND erased_at IS NULL AND undeliverable_at IS NULL RETURNING id
       ) SELECT id FROM marked`,
      [id, at.toISOString(), reason],
    );
    if (marked.length) this.logger.log({ contactId: id }, 'contact marked undeliverable');
    return marked.length > 0;
  }

  /**
   * The same mark for the contact with this address (whatever its case), if there is one: for mail to
   * a delegate named at RSVP, who has no contact id of their own. The contact's id when marked now.
   */
  async markUndeliverableAddress(email: string, reason: string, at: Date): Promise<string | null> {
    const [marked] = await rowsOf<{ id: string }>(
      this.dataSource,
      `WITH marked AS (
         UPDATE contacts SET undeliverable_at = $2, undeliverable_reason = $3 WHERE lower(email) = lower($1) AND erased_at IS NULL AND undeliverable_at IS NULL RETURNING id
       ) SELECT id FROM marked`,
      [email, at.toISOString(), reason],
    );
    if (marked) this.logger.log({ contactId: marked.id }, 'contact marked undeliverable');
    return marked?.id ?? null;
  }

  /**
   * Corrects a contact's address; a new address clears the undeliverable mark. 409 when another
   * contact has it, whatever its case.
   */
  async update(id: string, dto: UpdateContactDto): Promise<ContactView> {
    await this.get(id);
    if (dto.email === undefined) throw DomainError.badRequest('nothing_to_change', 'Give the corrected email.');
    const taken = (email: string, otherId?: string) =>
      DomainError.conflict('contact_email_taken', `Another contact${otherId ? ` (id ${otherId})` : ''} has the e-mail ${email}; e-mails are unique whatever their case.`, { contactId: otherId ?? null });
    const [other]: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM contacts WHERE lower(email) = lower($1) AND erased_at IS NULL AND id <> $2`, [dto.email, id]);
    if (other) throw taken(dto.email, other.id);
    try {
      await this.dataSource.query(
        `UPDATE contacts SET email = $2, updated_at = $3,
           undeliverable_at = CASE WHEN lower(email) = lower($2) THEN undeliverable_at END,
           undeliverable_reason = CASE WHEN lower(email) = lower($2) THEN undeliverable_reason END
         WHERE id = $1 AND erased_at IS NULL`,
        [id, dto.email, (await this.clock.now()).toISOString()],
      );
    } catch (error) {
      // Another contact took the address meanwhile.
      if ((error as { code?: string }).code === '23505') throw taken(dto.email);
      throw error;
    }
    return this.get(id);
  }

  /** The audience as embeddable SQL; see audience.ts for the matching rules. */
  audienceSubquery(criteria: AudienceCriteria, firstParam: number, options: { withDeliverable?: boolean } = {}): { sql: string; params: unknown[] } {
    return audienceSql(criteria, firstParam, this.regions, options);
  }

  async countAudience(criteria: AudienceCriteria): Promise<number> {
    const { sql, params } = this.audienceSubquery(criteria, 1);
    const [row]: Array<{ n: number }> = await this.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) audience`, params);
    return row.n;
  }

  /** Problems that make an audience unusable (for a 400); empty when it is fine. */
  validateAudience(criteria: unknown): string[] {
    return audienceProblems(criteria, this.regions);
  }

  /** What a mail to each contact needs, in one query; erased and unknown ids are left out. */
  async mailingDetails(ids: string[]): Promise<MailingDetails[]> {
    if (ids.length === 0) return [];
    return preparedRows<MailingDetails>(this.dataSource, `SELECT ${MAILING_COLUMNS} FROM contacts WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`, [ids.filter((id) => isUUID(id))]);
  }

  /** The gender each contact gave (an optional field), for the contacts whose ids the column `idColumn` of the caller's part `ids` yields. */
  genderPart(ids: StatementPart, idColumn: string): StatementPart {
    return {
      with: [['contacts_gender', `SELECT id, gender FROM contacts WHERE id IN (SELECT ${idColumn} FROM ${ids.yields})`]],
      values: [],
      yields: 'contacts_gender',
    };
  }

  /** The honorific each contact gave (H.E. Mr., Dr, ...), for the contacts whose ids the column `idColumn` of the caller's part `ids` yields. */
  honorificPart(ids: StatementPart, idColumn: string): StatementPart {
    return {
      with: [['contacts_honorific', `SELECT id, honorific FROM contacts WHERE id IN (SELECT ${idColumn} FROM ${ids.yields})`]],
      values: [],
      yields: 'contacts_honorific',
    };
  }

  /**
   * mailingDetails for a caller's statement (see composeStatement): the details of the contacts
   * whose ids the column `idColumn` of the caller's part `ids` yields.
   */
  mailingDetailsPart(ids: StatementPart, idColumn: string): StatementPart {
    return {
      with: [['contacts_mailing', `SELECT ${MAILING_COLUMNS} FROM contacts WHERE id IN (SELECT ${idColumn} FROM ${ids.yields}) AND erased_at IS NULL`]],
      values: [],
      yields: 'contacts_mailing',
    };
  }

  private erasedError(id: string, erasedAt: Date): DomainError {
    return new DomainError(HttpStatus.NOT_FOUND, 'contact_erased', `Contact ${id} was erased on ${new Date(erasedAt).toISOString()}; its personal data no longer exists.`);
  }
}
