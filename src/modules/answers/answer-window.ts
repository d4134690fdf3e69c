import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../platform/http/domain-error';
import { formatDeadline } from '../../platform/mail/mail-formatting';
import type { ConferenceSummary } from '../conferences';
import type { PartyRow } from '../places';

const ANSWERING_STATES = ['inviting', 'registration_closed'];

/** Every unknown link gets this, whatever it looked like. */
export const unknownLink = () =>
  new DomainError(HttpStatus.NOT_FOUND, 'rsvp_link_unknown', 'This invitation link is not valid. Check that the whole address was copied from the e-mail, or contact the secretariat.');

/** Why answers are not taken now, or null when they are. */
export function closedReason(conference: ConferenceSummary, now: Date): DomainError | null {
  const state = conference.state;
  if (state === 'cancelled') return new DomainError(HttpStatus.GONE, 'conference_cancelled', 'This conference has been cancelled; answers are no longer taken.');
  if (state === 'postponed' || state === 'planning') {
    return DomainError.conflict('answers_paused', 'This conference has been postponed; answers will be taken again once its new dates are set.');
  }
  if (!ANSWERING_STATES.includes(state)) return new DomainError(HttpStatus.GONE, 'answers_closed', 'Registration for this conference is closed; contact the secretariat for any change.');
  if (conference.rsvpDeadline && now.getTime() > new Date(conference.rsvpDeadline).getTime()) {
    const at = formatDeadline('en', conference.rsvpDeadline, conference.timezone ?? 'UTC', conference.rsvpDeadlineDate);
    return new DomainError(HttpStatus.GONE, 'rsvp_deadline_passed', `Replies closed on ${at}; contact the secretariat for any change.`, { deadline: new Date(conference.rsvpDeadline).toISOString() });
  }
  if (state === 'registration_closed') return new DomainError(HttpStatus.GONE, 'answers_closed', 'Registration for this conference is closed; contact the secretariat for any change.');
  return null;
}

/** An open offer may still be taken up (or turned down) after replies closed: the offer window is the promise made. */
export function offerOpen(conference: ConferenceSummary, party: Pick<PartyRow, 'status' | 'offer_expires_at'> | null, now: Date): boolean {
  return party?.status === 'offered' && !!party.offer_expires_at && new Date(party.offer_expires_at) > now && ANSWERING_STATES.includes(conference.state);
}
