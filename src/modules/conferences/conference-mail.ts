import { buildConferenceIcs, foldCalendarValue } from '../../platform/mail/conference-calendar';
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
  const method = options.method ?? 'PUBLISH';
  return {
    filename: options.filename ?? (method === 'CANCEL' ? 'cancellation.ics' : 'conference.ics'),
    content: calendarFile(conference, language, transport, options),
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    perRecipient: Boolean(options.rsvpUrl && options.rsvpUrl.includes('\uE000')),
  };
}

/** Stands for the reader's link in a file built once and shared by every reader of the conference in that language. */
const LINK_SLOT = '\uE000calendarLink\uE001';
/** Characters an iCalendar text value escapes: a link holding one is written by the library itself. */
const TEXT_SPECIAL = /[\\;,\r\n]/;
const SHARED_FILES = 64;
const sharedFiles = new Map<string, string>();

/**
 * The file differs between readers only by their link, so it is built (and checked by the library)
 * once per conference version, language and options, with a slot the link fills; a link the
 * placeholder rules would write differently is built on its own.
 */
function calendarFile(conference: ConferenceSummary, language: UnLanguage, transport: MailTransport, options: CalendarOptions): string {
  const link = options.rsvpUrl || null;
  if (link !== null && TEXT_SPECIAL.test(link)) return buildCalendar(conference, language, transport, options);
  const key = JSON.stringify([conference, language, transport.messageIdFor('conference', conference.id), { ...options, rsvpUrl: link !== null }]);
  let shared = sharedFiles.get(key);
  if (shared === undefined) {
    shared = buildCalendar(conference, language, transport, { ...options, rsvpUrl: link === null ? null : LINK_SLOT });
    if (sharedFiles.size >= SHARED_FILES) sharedFiles.delete(sharedFiles.keys().next().value!);
    sharedFiles.set(key, shared);
  }
  if (link === null) return shared;
  // A placeholder stays whole on its continuation line, as the library's build would leave it; a link is folded there.
  const value = link.includes('\uE000') ? link : foldCalendarValue(link);
  return shared.split(LINK_SLOT).join(value);
}

function buildCalendar(conference: ConferenceSummary, language: UnLanguage, transport: MailTransport, options: CalendarOptions): string {
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
  return buildConferenceIcs({
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
}
