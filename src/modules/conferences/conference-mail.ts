import { buildConferenceIcs } from '../../platform/mail/conference-calendar';
import { countryName, formatDateRange, formatDeadline, formatTimeZone } from '../../platform/mail/mail-formatting';
import { MailTransport } from '../../platform/mail/mail-transport';
import { MailAttachment } from '../../platform/mail/mime';
import { CATALOGUES, ConferenceInfo, SecretariatContact } from '../../platform/mail/templates';
import { UnLanguage } from '../../platform/http/validators';
import type { ConferenceSummary } from './conference-summary';

/** Title, city and venue in a language: the conference's translation where given, else its English fields. */
export function conferenceTexts(conference: Pick<ConferenceSummary, 'title' | 'city' | 'translations'>, language: UnLanguage): { title: string; city: string; venue: string | null } {
  const own = conference.translations?.[language] ?? {};
  const english = conference.translations?.en ?? {};
  return {
    title: own.title ?? conference.title,
    city: own.city ?? conference.city ?? '',
    venue: own.venue ?? english.venue ?? null,
  };
}

/** What every message about a conference says of it (invitations, confirmations, reminders), in the reader's language. */
export function conferenceInfo(conference: ConferenceSummary, language: UnLanguage, secretariat?: SecretariatContact | null): ConferenceInfo {
  const texts = conferenceTexts(conference, language);
  return {
    title: texts.title,
    city: texts.city,
    country: conference.country ?? '',
    startsOn: conference.startsOn ?? '',
    endsOn: conference.endsOn ?? conference.startsOn ?? '',
    timezone: conference.timezone ?? 'UTC',
    venueName: texts.venue,
    partners: conference.partners,
    deadlineDate: conference.rsvpDeadlineDate ?? null,
    secretariat: secretariat ?? null,
  };
}

export interface CalendarOptions {
  secretariat?: SecretariatContact | null;
  /** The reader's RSVP link (or a placeholder for it), written in DESCRIPTION and URL. */
  rsvpUrl?: string | null;
  /** The words before the link ("Reply to the invitation"). */
  linkLabel?: string;
  /** Whether the description states the RSVP deadline (invitations and reminders). */
  withDeadline?: boolean;
  method?: 'PUBLISH' | 'CANCEL';
  filename?: string;
}

const POSTPONED = 'postponed';

/**
 * The conference's calendar file in a language. Its UID is the same in every message about the
 * conference, so a later file updates the calendar entry (and a CANCEL removes it) instead of adding
 * another; the stamp is the conference's last change, so the file is rebuilt identically until then.
 */
export function conferenceCalendar(conference: ConferenceSummary, language: UnLanguage, transport: MailTransport, options: CalendarOptions = {}): MailAttachment {
  const c = CATALOGUES[language];
  const info = conferenceInfo(conference, language, options.secretariat);
  const country = info.country ? countryName(language, info.country) : '';
  const method = options.method ?? 'PUBLISH';
  const contact = options.secretariat;
  const description = [
    info.title,
    info.startsOn ? `${c.labels.dates}${c.labelSeparator}${formatDateRange(language, info.startsOn, info.endsOn)}` : '',
    info.startsOn ? `${c.labels.timeZone}${c.labelSeparator}${formatTimeZone(language, info.timezone, info.startsOn, info.city)}` : '',
    options.withDeadline && conference.rsvpDeadline ? `${c.labels.replyBy}${c.labelSeparator}${formatDeadline(language, conference.rsvpDeadline, info.timezone, info.deadlineDate)}` : '',
    options.rsvpUrl ? `${options.linkLabel ?? c.kinds.invitation.action}${c.labelSeparator}${options.rsvpUrl}` : '',
    contact ? `${c.labels.secretariat}${c.labelSeparator}${[contact.name, contact.email, contact.phone].filter(Boolean).join(c.listSeparator)}` : '',
  ].filter(Boolean);
  const ics = buildConferenceIcs({
    uid: transport.messageIdFor('conference', conference.id).slice(1, -1),
    title: info.title,
    city: info.city,
    countryName: country,
    venue: info.venueName,
    startsOn: info.startsOn,
    endsOn: info.endsOn,
    timezone: info.timezone,
    description,
    url: options.rsvpUrl ?? null,
    organizer: contact ? { name: contact.name ?? c.signature, email: contact.email } : null,
    sequence: conference.calendarSequence ?? 0,
    method,
    tentative: conference.state === POSTPONED,
    stamp: new Date(conference.updatedAt),
  });
  return {
    filename: options.filename ?? (method === 'CANCEL' ? 'cancellation.ics' : 'conference.ics'),
    content: ics,
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    perRecipient: Boolean(options.rsvpUrl && options.rsvpUrl.includes('\uE000')),
  };
}
