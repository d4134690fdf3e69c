import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { countryName } from '../../platform/mail/mail-formatting';
import { CATALOGUES } from '../../platform/mail/templates';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { ConferencesService } from '../conferences/conferences.service';
import { DirectoryCard, ParticipantsDirectory } from '../participants';

export interface CheckedIn {
  participantId: string;
  fullName: string;
  delegation: string;
  capacity: string;
  checkedInAt: string;
}

/** The states in which the door is open. */
const OPEN_STATES = ['ready', 'in_session'];

/** A delegation as the door names it: a Member State by its country, anyone else by their organisation. */
export function delegationOf(card: Pick<DirectoryCard, 'stakeholderType' | 'organisation' | 'country'>): string {
  if (card.stakeholderType === 'member_state' && card.country) return countryName('en', card.country);
  return card.organisation || (card.country ? countryName('en', card.country) : '');
}

/** Marks a badge holder attended once, with the event announcing it in the same transaction. */
@Injectable()
export class CheckInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: ParticipantsDirectory,
    private readonly conferences: ConferencesService,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  async checkIn(code: string, actor: string): Promise<CheckedIn> {
    const card = await this.directory.findByCheckInCode(code);
    if (!card || card.status !== 'confirmed') {
      throw new DomainError(HttpStatus.NOT_FOUND, 'badge_not_valid', 'This badge is not valid: it was revoked or never issued. Send the person to the accreditation desk.');
    }
    const conference = await this.conferences.find(card.conferenceId);
    if (!OPEN_STATES.includes(conference.state)) {
      throw DomainError.conflict('check_in_closed', `Check-in is open only while the conference is ready or in session; it is ${conference.state}.`, { state: conference.state });
    }
    const now = await this.clock.now();
    const answer = (checkedInAt: Date): CheckedIn => ({
      participantId: card.participantId,
      fullName: card.fullName,
      delegation: delegationOf(card),
      capacity: CATALOGUES.en.capacities[card.capacity] ?? card.capacity,
      checkedInAt: checkedInAt.toISOString(),
    });
    const inserted = await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ participant_id: string }> = await manager.query(
        `INSERT INTO logistics_check_ins (participant_id, conference_id, checked_in_at, actor) VALUES ($1, $2, $3, $4)
         ON CONFLICT (participant_id) DO NOTHING RETURNING participant_id`,
        [card.participantId, card.conferenceId, now.toISOString(), actor],
      );
      if (rows.length === 0) return false;
      await this.outbox.record(manager, {
        type: 'participant.checked_in',
        aggregateId: card.participantId,
        occurredAt: now,
        data: { conferenceId: card.conferenceId, participantId: card.participantId, invitationId: card.invitationId, checkedInAt: now.toISOString(), actor },
      });
      return true;
    });
    if (inserted) {
      this.outbox.committed();
      return answer(now);
    }
    const [first]: Array<{ checked_in_at: Date }> = await this.dataSource.query(`SELECT checked_in_at FROM logistics_check_ins WHERE participant_id = $1`, [card.participantId]);
    const at = new Date(first.checked_in_at);
    throw DomainError.conflict('already_checked_in', `${card.fullName} was already checked in at ${at.toISOString()}.`, { ...answer(at) });
  }
}
