import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { Page, PageQuery, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { OutboxService } from '../../platform/messaging/outbox.service';

export type CredentialKind = 'note_verbale' | 'nomination_letter';

export interface CredentialView {
  id: string;
  conferenceId: string;
  invitationId: string;
  kind: CredentialKind;
  filename: string;
  size: number;
  sha256: string;
  status: 'pending' | 'verified' | 'rejected';
  reason: string | null;
  uploadedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

const COLUMNS = `id, conference_id, invitation_id, kind, filename, size, sha256, status, reason, uploaded_at, reviewed_by, reviewed_at`;

function toView(r: Record<string, any>): CredentialView {
  return {
    id: r.id,
    conferenceId: r.conference_id,
    invitationId: r.invitation_id,
    kind: r.kind,
    filename: r.filename,
    size: r.size,
    sha256: r.sha256,
    status: r.status,
    reason: r.reason,
    uploadedAt: new Date(r.uploaded_at).toISOString(),
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
  };
}

/** Governments accredit with a note verbale; organisations (and everyone else) with a nomination letter. */
export const credentialKind = (stakeholderType: string | null | undefined): CredentialKind => (stakeholderType === 'member_state' ? 'note_verbale' : 'nomination_letter');

/** A file name safe to show and to send back in Content-Disposition: no path, no control or quote characters. */
export function safeFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // Bidi controls (U+202E and kin) would show the secretariat "cod.exe" as "exe.doc".
  const cleaned = base.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069"<>|:*?]/g, '').trim().slice(0, 150);
  return cleaned ? (cleaned.toLowerCase().endsWith('.pdf') ? cleaned : `${cleaned}.pdf`) : 'document.pdf';
}

/**
 * The delegations' accreditation documents. The bytes live in PostgreSQL (bytea) beside their
 * SHA-256, so they are backed up with the rest and no path is ever built from what a visitor sent.
 */
@Injectable()
export class CredentialsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: ClockService,
    private readonly outbox: OutboxService,
  ) {}

  async store(input: { conferenceId: string; invitationId: string; kind: CredentialKind; filename: string; content: Buffer }): Promise<CredentialView> {
    if (input.content.length < 5 || input.content.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new DomainError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'not_a_pdf', 'file must be a PDF document (it should start with %PDF-); scan or export the letter as PDF.');
    }
    const now = await this.clock.now();
    const [row]: Array<Record<string, unknown>> = await this.dataSource.query(
      `INSERT INTO delegation_credentials (conference_id, invitation_id, kind, filename, size, sha256, content, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [input.conferenceId, input.invitationId, input.kind, input.filename, input.content.length, createHash('sha256').update(input.content).digest('hex'), input.content, now.toISOString()],
    );
    return toView(row);
  }

  async forInvitation(invitationId: string): Promise<CredentialView[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(`SELECT ${COLUMNS} FROM delegation_credentials WHERE invitation_id = $1 ORDER BY uploaded_at, id`, [
      invitationId,
    ]);
    return rows.map(toView);
  }

  async list(conferenceId: string, query: PageQuery & { status?: string }): Promise<Page<CredentialView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'time', id: 'uuid' });
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM delegation_credentials WHERE conference_id = $1
         AND ($2::text IS NULL OR status = $2) AND ($3::timestamptz IS NULL OR (uploaded_at, id) > ($3::timestamptz, $4::uuid))
       ORDER BY uploaded_at, id LIMIT $5`,
      [conferenceId, query.status ?? null, after?.key ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows.map(toView), limit, (c) => ({ key: c.uploadedAt, id: c.id }));
  }

  /** The invitations of a conference with at least one verified document. */
  async verifiedInvitationIds(conferenceId: string): Promise<string[]> {
    const rows: Array<{ invitation_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT invitation_id FROM delegation_credentials WHERE conference_id = $1 AND status = 'verified'`,
      [conferenceId],
    );
    return rows.map((r) => r.invitation_id);
  }

  async document(id: string): Promise<{ filename: string; content: Buffer }> {
    const [row]: Array<{ filename: string; content: Buffer | null }> = await this.dataSource.query(`SELECT filename, content FROM delegation_credentials WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('credential', id);
    if (!row.content) throw new DomainError(HttpStatus.GONE, 'credential_erased', `The document of credential ${id} was erased with its contact's personal data.`);
    return { filename: row.filename, content: row.content };
  }

  /** A rejection commits with the event that tells the delegation (see CredentialRejectionMail). */
  async review(id: string, status: 'verified' | 'rejected', reason: string | undefined, actor: string): Promise<CredentialView> {
    if (status === 'rejected' && !reason?.trim()) throw DomainError.badRequest('reason_required', 'reason: say why the document is rejected, so the delegation can send a new one.');
    const now = await this.clock.now();
    const view = await this.dataSource.transaction(async (manager) => {
      const [[row]]: [Array<Record<string, unknown>>] = await manager.query(
        `UPDATE delegation_credentials SET status = $2, reason = $3, reviewed_by = $4, reviewed_at = $5 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, status, reason?.trim() || null, actor, now.toISOString()],
      );
      if (!row) throw DomainError.notFound('credential', id);
      const reviewed = toView(row);
      if (reviewed.status === 'rejected') {
        await this.outbox.record(manager, {
          type: 'credential.rejected',
          aggregateId: reviewed.id,
          occurredAt: now,
          data: { credentialId: reviewed.id, conferenceId: reviewed.conferenceId, invitationId: reviewed.invitationId, reason: reviewed.reason ?? '' },
        });
      }
      return reviewed;
    });
    if (view.status === 'rejected') this.outbox.committed();
    return view;
  }
}
