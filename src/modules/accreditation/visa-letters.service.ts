import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { UN_LANGUAGES, UnLanguage } from '../../platform/http/validators';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { ConferencesService } from '../conferences';
import { DirectoryCard, ParticipantsDirectory } from '../participants';
import { SecretariatDirectory } from '../series';
import { JobOutcome } from './badges.service';
import { renderVisaLetter } from './accreditation-documents';

/** How often a reissue draws the letter again when another change was stored while it drew, before leaving the event to its retries. */
const REISSUE_ATTEMPTS = 3;

/** Visa support letters for participants who asked for one: produced by the worker, drawn again when what they print changes, revoked with the badge. */
@Injectable()
export class VisaLettersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: ParticipantsDirectory,
    private readonly conferences: ConferencesService,
    private readonly secretariats: SecretariatDirectory,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  async issue(participantId: string): Promise<JobOutcome> {
    const card = await this.directory.card(participantId);
    if (!card || card.status !== 'confirmed' || !card.needsVisaLetter) return 'skipped';
    const [existing]: Array<{ status: string }> = await this.dataSource.query(`SELECT status FROM logistics_visa_letters WHERE participant_id = $1`, [participantId]);
    if (existing && existing.status !== 'requested') return 'skipped';
    const now = await this.clock.now();
    const { language, pdf } = await this.render(card, now);
    const issued = await this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(
        `INSERT INTO logistics_visa_letters (participant_id, conference_id, status, language, pdf, requested_at, issued_at) VALUES ($1, $2, 'issued', $3, $4, $5, $5)
         ON CONFLICT (participant_id) DO UPDATE SET status = 'issued', language = EXCLUDED.language, pdf = EXCLUDED.pdf, issued_at = EXCLUDED.issued_at
           WHERE logistics_visa_letters.status = 'requested'
         RETURNING participant_id`,
        [participantId, card.conferenceId, language, pdf, now.toISOString()],
      );
      if (rows.length === 0) return false;
      await this.recordIssued(manager, card, language, now);
      return true;
    });
    if (!issued) return 'skipped';
    this.outbox.committed();
    return 'done';
  }

  /**
   * What the letter prints of its holder changed (event `eventId`): a letter issued, or still to be
   * produced, is drawn again from the details as they are now and replaces the old one, announced
   * as issued. It is stored only over the state it was drawn after, so of two changes close together
   * the letter of the later one is the one kept; a redelivered event finds the letter marked with it.
   */
  async reissue(participantId: string, eventId: string): Promise<JobOutcome> {
    for (let attempt = 0; attempt < REISSUE_ATTEMPTS; attempt++) {
      const [seen]: Array<{ status: string; reissued_for: string | null }> = await this.dataSource.query(
        `SELECT status, reissued_for FROM logistics_visa_letters WHERE participant_id = $1`,
        [participantId],
      );
      if (!seen || seen.status === 'revoked' || seen.reissued_for === eventId) return 'skipped';
      const card = await this.directory.card(participantId);
      if (!card || card.status !== 'confirmed' || !card.needsVisaLetter) return 'skipped';
      const now = await this.clock.now();
      const { language, pdf } = await this.render(card, now);
      const stored = await this.dataSource.transaction(async (manager) => {
        const [rows]: [unknown[]] = await manager.query(
          `UPDATE logistics_visa_letters SET status = 'issued', language = $2, pdf = $3, issued_at = $4, reissued_for = $5
           WHERE participant_id = $1 AND status = $6 AND reissued_for IS NOT DISTINCT FROM $7 RETURNING participant_id`,
          [participantId, language, pdf, now.toISOString(), eventId, seen.status, seen.reissued_for],
        );
        if (rows.length === 0) return false;
        await this.recordIssued(manager, card, language, now);
        return true;
      });
      if (stored) {
        this.outbox.committed();
        return 'done';
      }
    }
    throw new Error(`the visa letter of participant ${participantId} kept changing while it was drawn again; the event will be retried`);
  }

  /** Recorded as requested on the answer's event, before the worker renders it, so readiness counts it at once. */
  async request(participantId: string, conferenceId: string): Promise<void> {
    const now = await this.clock.now();
    await this.dataSource.query(
      `INSERT INTO logistics_visa_letters (participant_id, conference_id, status, requested_at) VALUES ($1, $2, 'requested', $3) ON CONFLICT (participant_id) DO NOTHING`,
      [participantId, conferenceId, now.toISOString()],
    );
  }

  async revoke(participantId: string): Promise<void> {
    await this.dataSource.query(`UPDATE logistics_visa_letters SET status = 'revoked', pdf = NULL WHERE participant_id = $1 AND status <> 'revoked'`, [participantId]);
  }

  /** The letter as the participant's card and the conference read now, in the participant's language where the conference works in it. */
  private async render(card: DirectoryCard, now: Date): Promise<{ language: UnLanguage; pdf: Buffer }> {
    const conference = await this.conferences.find(card.conferenceId);
    const secretariat = await this.secretariats.forSeries(conference.seriesId);
    const language: UnLanguage =
      (UN_LANGUAGES as readonly string[]).includes(card.language) && conference.languages.includes(card.language) ? (card.language as UnLanguage) : 'en';
    const text = language === 'en' ? undefined : conference.translations[language];
    const pdf = await renderVisaLetter({
      language,
      secretariat: secretariat.name ?? `Secretariat of ${conference.title}`,
      hostCountry: conference.country ?? 'US',
      conferenceTitle: text?.title ?? conference.title,
      city: text?.city ?? conference.city ?? '',
      startsOn: conference.startsOn ?? '',
      endsOn: conference.endsOn ?? conference.startsOn ?? '',
      honorific: card.honorific,
      fullName: card.fullName,
      jobTitle: card.jobTitle,
      organisation: card.organisation,
      issuedOn: now.toISOString().slice(0, 10),
    });
    return { language, pdf };
  }

  private recordIssued(manager: EntityManager, card: DirectoryCard, language: UnLanguage, now: Date): Promise<void> {
    const { conferenceId, participantId, invitationId } = card;
    return this.outbox.record(manager, {
      type: 'visa_letter.issued',
      aggregateId: participantId,
      occurredAt: now,
      data: { conferenceId, participantId, invitationId, language, issuedAt: now.toISOString() },
    });
  }

  async pdf(participantId: string): Promise<Buffer> {
    const [row]: Array<{ status: string; pdf: Buffer | null }> = await this.dataSource.query(`SELECT status, pdf FROM logistics_visa_letters WHERE participant_id = $1`, [participantId]);
    if (!row) throw new DomainError(HttpStatus.NOT_FOUND, 'visa_letter_not_found', `Participant ${participantId} did not ask for a visa letter.`);
    if (row.status === 'revoked') throw new DomainError(HttpStatus.GONE, 'visa_letter_revoked', `The visa letter of participant ${participantId} was revoked with the badge.`);
    if (!row.pdf) throw new DomainError(HttpStatus.NOT_FOUND, 'visa_letter_not_found', `The visa letter of participant ${participantId} is being produced; try again in a moment.`);
    return row.pdf;
  }
}
