import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { UN_LANGUAGES, UnLanguage } from '../../platform/http/validators';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { ConferencesService } from '../conferences';
import { ParticipantsDirectory } from '../participants';
import { SecretariatDirectory } from '../series';
import { JobOutcome } from './badges.service';
import { renderVisaLetter } from './logistics-documents';

/** Visa support letters for participants who asked for one: produced by the worker, revoked with the badge. */
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
    const conference = await this.conferences.find(card.conferenceId);
    const secretariat = await this.secretariats.forSeries(conference.seriesId);
    const language: UnLanguage =
      (UN_LANGUAGES as readonly string[]).includes(card.language) && conference.languages.includes(card.language) ? (card.language as UnLanguage) : 'en';
    const text = language === 'en' ? undefined : conference.translations[language];
    const now = await this.clock.now();
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
    const issued = await this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(
        `INSERT INTO logistics_visa_letters (participant_id, conference_id, status, language, pdf, requested_at, issued_at) VALUES ($1, $2, 'issued', $3, $4, $5, $5)
         ON CONFLICT (participant_id) DO UPDATE SET status = 'issued', language = EXCLUDED.language, pdf = EXCLUDED.pdf, issued_at = EXCLUDED.issued_at
           WHERE logistics_visa_letters.status = 'requested'
         RETURNING participant_id`,
        [participantId, card.conferenceId, language, pdf, now.toISOString()],
      );
      if (rows.length === 0) return false;
      await this.outbox.record(manager, {
        type: 'visa_letter.issued',
        aggregateId: participantId,
        occurredAt: now,
        data: { conferenceId: card.conferenceId, participantId, invitationId: card.invitationId, language, issuedAt: now.toISOString() },
      });
      return true;
    });
    if (!issued) return 'skipped';
    this.outbox.committed();
    return 'done';
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

  async pdf(participantId: string): Promise<Buffer> {
    const [row]: Array<{ status: string; pdf: Buffer | null }> = await this.dataSource.query(`SELECT status, pdf FROM logistics_visa_letters WHERE participant_id = $1`, [participantId]);
    if (!row) throw new DomainError(HttpStatus.NOT_FOUND, 'visa_letter_not_found', `Participant ${participantId} did not ask for a visa letter.`);
    if (row.status === 'revoked') throw new DomainError(HttpStatus.GONE, 'visa_letter_revoked', `The visa letter of participant ${participantId} was revoked with the badge.`);
    if (!row.pdf) throw new DomainError(HttpStatus.NOT_FOUND, 'visa_letter_not_found', `The visa letter of participant ${participantId} is being produced; try again in a moment.`);
    return row.pdf;
  }
}
