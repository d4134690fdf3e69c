import { buildConferenceIcs } from '../../platform/mail/conference-calendar';
import { countryName } from '../../platform/mail/mail-formatting';
import { MailTransport } from '../../platform/mail/mail-transport.service';
import { MailAttachment } from '../../platform/mail/mime';
import { ConferenceInfo } from '../../platform/mail/templates';
import { UnLanguage } from '../../platform/http/validators';
import type { ConferenceSummary } from './conference-summary';

/** What every message about a conference says of it (invitations, confirmations, reminders). */
export function conferenceInfo(conference: ConferenceSummary): ConferenceInfo {
  return {
    title: conference.title,
    city: conference.city ?? '',
    country: conference.country ?? '',
    startsOn: conference.startsOn ?? '',
    endsOn: conference.endsOn ?? conference.startsOn ?? '',
    timezone: conference.timezone ?? 'UTC',
    partners: conference.partners,
  };
}

/**
 * The conference's calendar file in a language. Its UID is the same in every message about the
 * conference, so a later file updates the calendar entry instead of adding another; the stamp is the
 * conference's last change, so the file is rebuilt identically until then.
 */
export function conferenceCalendar(conference: ConferenceSummary, language: UnLanguage, transport: MailTransport, filename = 'conference.ics'): MailAttachment {
  const info = conferenceInfo(conference);
  const ics = buildConferenceIcs({
    uid: transport.messageIdFor('conference', conference.id).slice(1, -1),
    title: conference.title,
    city: info.city,
    countryName: info.country ? countryName(language, info.country) : '',
    startsOn: info.startsOn,
    endsOn: info.endsOn,
    timezone: info.timezone,
    stamp: new Date(conference.updatedAt),
  });
  return { filename, content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' };
}
