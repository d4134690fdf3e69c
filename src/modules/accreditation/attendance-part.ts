import type { StatementPart } from '../../platform/database/statement-parts';

/**
 * Who came to a conference, as a part of another module's statement: it yields a row
 * (participant_id) per participant checked in, so a caller counts attendance in its own aggregate
 * without the ids leaving the database.
 */
export function attendedPart(conferenceId: string): StatementPart {
  return {
    with: [['attended_participants', `SELECT participant_id FROM logistics_check_ins WHERE conference_id = $1`]],
    values: [conferenceId],
    yields: 'attended_participants',
  };
}
