import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { StatementPart, composeStatement } from '../../platform/database/statement-parts';
import { DomainError } from '../../platform/http/domain-error';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { ConferencesService } from '../conferences/conferences.service';
import { ParticipantsDirectory } from '../participants';
import { AttendanceReader } from './attendance-reader';
import { BadgesService } from './badges.service';
import { capacityLabel, delegationOf } from './participant-labels';

export interface CheckedIn {
  participantId: string;
  fullName: string;
  delegation: string;
  capacity: string;
  checkedInAt: string;
}

/** The states in which the door is open. */
const OPEN_STATES = ['ready', 'in_session'];

/** Marks a badge holder attended once, with the event announcing it in the same transaction. */
@Injectable()
export class CheckInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly badges: BadgesService,
    private readonly attendance: AttendanceReader,
    private readonly directory: ParticipantsDirectory,
    private readonly conferences: ConferencesService,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  async summary(): Promise<{ conferences: Array<{ id: string; title: string; state: string; attended: number; expected: number }> }> {
    const open = (await this.conferences.listBySeriesIds()).filter((c) => OPEN_STATES.includes(c.state));
    const attended = await this.attendance.attendedCounts(open.map((c) => c.id));
    const expected = await Promise.all(open.map((c) => this.directory.countConfirmed(c.id)));
    return { conferences: open.map((c, i) => ({ id: c.id, title: c.title, state: c.state, attended: attended.get(c.id) ?? 0, expected: expected[i] })) };
  }

  async checkIn(code: string, actor: string): Promise<CheckedIn> {
    const card = await this.badges.holderOf(code);
    if (!card) {
      throw new DomainError(HttpStatus.NOT_FOUND, 'badge_not_valid', 'This badge is not valid: it was revoked or never issued. Send the person to the accreditation desk.');
    }
    const state = await this.conferences.stateOf(card.conferenceId);
    if (!OPEN_STATES.includes(state)) {
      throw DomainError.conflict('check_in_closed', `Check-in is open only while the conference is ready or in session; it is ${state}.`, { state });
    }
    const now = await this.clock.now();
    const answer = (checkedInAt: Date): CheckedIn => ({
      participantId: card.participantId,
      fullName: card.fullName,
      delegation: delegationOf(card),
      capacity: capacityLabel(card.capacity),
      checkedInAt: checkedInAt.toISOString(),
    });
    // The row and its event in one statement, so one round trip commits both; a second scan fails
    // on the primary key and records nothing.
    const checkIn: StatementPart = {
      with: [['check_in_recorded', `INSERT INTO logistics_check_ins (participant_id, conference_id, checked_in_at, actor) VALUES ($1, $2, $3, $4) RETURNING participant_id`]],
      values: [card.participantId, card.conferenceId, now.toISOString(), actor],
      yields: 'check_in_recorded',
    };
    const event = this.outbox.recordPart([
      {
        type: 'participant.checked_in',
        aggregateId: card.participantId,
        occurredAt: now,
        data: { conferenceId: card.conferenceId, participantId: card.participantId, invitationId: card.invitationId, checkedInAt: now.toISOString(), actor },
      },
    ]);
    const { text, values } = composeStatement([checkIn, event], `SELECT count(*)::int AS n FROM ${checkIn.yields}`);
    let inserted = true;
    try {
      await this.dataSource.query(text, values);
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      inserted = false;
    }
    if (inserted) {
      this.outbox.committed();
      return answer(now);
    }
    const [first]: Array<{ checked_in_at: Date }> = await this.dataSource.query(`SELECT checked_in_at FROM logistics_check_ins WHERE participant_id = $1`, [card.participantId]);
    const at = new Date(first.checked_in_at);
    throw DomainError.conflict('already_checked_in', `${card.fullName} was already checked in at ${at.toISOString()}.`, { ...answer(at) });
  }
}
