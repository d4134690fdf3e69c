import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CheckInCodes } from './check-in-codes';
import { ParticipantsService } from './participants.service';

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
 * What other modules may read about participants (reminders, logistics): confirmed participants
 * with their language and time zone (the party's: delegates of a mission share its invitee's), and
 * each one's check-in code for the badge.
 */
@Injectable()
export class ParticipantsDirectory {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly participants: ParticipantsService,
    private readonly codes: CheckInCodes,
  ) {}

  /** Confirmed participants with an e-mail address, keyset-paged by participant id. */
  async forReminders(conferenceId: string, afterId: string | null, limit: number): Promise<DirectoryParticipant[]> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT p.id, p.invitation_id, p.email, p.full_name, r.language, r.timezone, p.visa_letter, p.badge
       FROM participants p JOIN rsvp_parties r ON r.invitation_id = p.invitation_id
       WHERE p.conference_id = $1 AND p.status = 'confirmed' AND p.email IS NOT NULL AND ($2::uuid IS NULL OR p.id > $2::uuid)
       ORDER BY p.id LIMIT $3`,
      [conferenceId, afterId, Math.max(1, Math.min(limit, 5000))],
    );
    return rows.map((r) => ({
      participantId: r.id,
      invitationId: r.invitation_id,
      email: r.email,
      fullName: r.full_name ?? '',
      language: r.language,
      timezone: r.timezone,
      visaLetter: r.visa_letter,
      badge: r.badge,
    }));
  }

  countConfirmed(conferenceId: string): Promise<number> {
    return this.participants.countConfirmed(conferenceId);
  }

  /** The text of a participant's badge QR code; only its hash is stored (participants.check_in_hash). */
  checkInCode(participantId: string): string {
    return this.codes.codeFor(participantId);
  }

  /** The participant a scanned code belongs to, or null for a forged one. */
  async findByCheckInCode(code: string): Promise<{ participantId: string; conferenceId: string; status: string; checkedInAt: Date | null } | null> {
    const [row]: Array<{ id: string; conference_id: string; status: string; checked_in_at: Date | null }> = await this.dataSource.query(
      `SELECT id, conference_id, status, checked_in_at FROM participants WHERE check_in_hash = $1`,
      [this.codes.hashOf(code)],
    );
    return row ? { participantId: row.id, conferenceId: row.conference_id, status: row.status, checkedInAt: row.checked_in_at } : null;
  }
}
