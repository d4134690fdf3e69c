import { UN_LANGUAGES, UnLanguage } from '../http/validators';
import { ar } from './i18n/ar';
import type { Catalogue, DelegateCapacity, GreetingForm } from './i18n/catalogue';
import { en } from './i18n/en';
import { es } from './i18n/es';
import { fr } from './i18n/fr';
import { ru } from './i18n/ru';
import { zh } from './i18n/zh';
import { countryName, formatDate, formatDateRange, formatDeadline, formatInstant, formatList, formatNumber, formatReaderTimeZone, formatTimeZone, isolate } from './mail-formatting';
import { escapeHtml, placeholder } from './mime-skeleton';

export const MAIL_KINDS = [
  'invitation',
  'rsvp_confirmation',
  'waitlisted',
  'waitlist_offer',
  'decline_acknowledgement',
  'reminder_non_responder',
  'reminder_participant',
  'postponement_notice',
  'cancellation_notice',
  'credentials_rejected',
  'thank_you',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const CATALOGUES: Readonly<Record<UnLanguage, Catalogue>> = { ar, zh, en, fr, ru, es };

/** The contact's language when the conference works in it, else English (SPEC: invitations). */
export function chooseLanguage(contactLanguage: string | null | undefined, conferenceLanguages: readonly string[]): UnLanguage {
  const wanted = (contactLanguage ?? '').toLowerCase();
  return (UN_LANGUAGES as readonly string[]).includes(wanted) && conferenceLanguages.map((l) => l.toLowerCase()).includes(wanted) ? (wanted as UnLanguage) : 'en';
}

export interface Recipient {
  fullName: string;
  /** As recorded for the contact: "H.E. Mr.", "Dr.", "Ms."… */
  honorific?: string | null;
  gender?: string | null;
}

/**
 * Renders the per-recipient parts (the salutation) as placeholders, for compileSkeleton; fill them with
 * recipientValues(). Only the greeting and the values the caller passes as placeholder(...) (the RSVP
 * URL) vary per recipient; everything else is per conference and language.
 */
export const PER_RECIPIENT = Symbol('per-recipient');

/** Who invitees write to; shown in every message and used as its Reply-To. */
export interface SecretariatContact {
  name: string | null;
  email: string;
  phone: string | null;
}

/** "Name <e-mail>", for Reply-To and the calendar's organiser. */
export function secretariatAddress(contact: SecretariatContact): { name: string; address: string } {
  return { name: contact.name ?? '', address: contact.email };
}

/** The conference as one reader sees it: its texts already in the message's language (see conferenceInfo). */
export interface ConferenceInfo {
  title: string;
  city: string;
  /** ISO 3166-1 alpha-2; the name is written in the message's language. */
  country: string;
  startsOn: string;
  endsOn: string;
  /** IANA zone; deadlines and sessions are shown in it. */
  timezone: string;
  venueName?: string | null;
  partners?: string[] | null;
  /** YYYY-MM-DD when the deadline was given as a date: it is written as that date, without a time. */
  deadlineDate?: string | null;
  secretariat?: SecretariatContact | null;
}

interface Common {
  recipient: Recipient | typeof PER_RECIPIENT;
  conference: ConferenceInfo;
  /** The reader's own IANA zone: their local time is shown beside the conference's where it differs. */
  readerTimeZone?: string | null;
}

type Instant = Date | string;

export interface Delegate {
  fullName: string;
  capacity?: DelegateCapacity | null;
}

export interface MailVars {
  invitation: Common & { rsvpUrl: string; deadline: Instant };
  /** Without rsvpUrl (a delegate's copy: the link is the invitee's), no link and no word about changes. */
  rsvp_confirmation: Common & { rsvpUrl?: string | null; delegates?: Delegate[] | null; deadline?: Instant | null };
  waitlisted: Common & { rsvpUrl: string; position: number };
  waitlist_offer: Common & { rsvpUrl: string; offerExpiresAt: Instant };
  decline_acknowledgement: Common & { rsvpUrl?: string | null; deadline?: Instant | null };
  reminder_non_responder: Common & { rsvpUrl: string; deadline: Instant };
  reminder_participant: Common & {
    rsvpUrl?: string | null;
    venue?: { name: string; address?: string | null } | null;
    rooms?: string[] | null;
    firstSession?: { title: string; startsAt: Instant; room?: string | null } | null;
    visaLetter?: 'requested' | 'issued' | null;
    badge?: 'pending' | 'issued' | null;
  };
  postponement_notice: Common & { reason: string };
  cancellation_notice: Common & { reason: string };
  /** deadline: until when a new document can be uploaded (the answers' deadline). */
  credentials_rejected: Common & { reason: string; rsvpUrl: string; deadline: Instant };
  thank_you: Common & { feedbackUrl: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const EXCELLENCY = new Set(['he', 'se', 'excellency', 'excellence', 'excelencia', 'excmo', 'excma', 'превосходительство', 'سعادة', '阁下']);
const FEMALE = new Set(['ms', 'mrs', 'miss', 'mme', 'madame', 'mlle', 'sra', 'srta', 'señora', 'dona', 'her', 'г-жа', 'госпожа', 'السيدة', '女士']);
const MALE = new Set(['mr', 'm', 'monsieur', 'sr', 'señor', 'don', 'his', 'г-н', 'господин', 'السيد', '先生']);

/** Reads the salutation form from the recorded gender, else from the honorific's words. */
export function greetingForm(recipient: Recipient): GreetingForm {
  const honorific = (recipient.honorific ?? '').trim();
  const words = honorific
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/\./g, ''));
  const recorded = (recipient.gender ?? '').toLowerCase();
  const gender =
    recorded === 'female' || recorded === 'f'
      ? 'female'
      : recorded === 'male' || recorded === 'm'
        ? 'male'
        : words.some((w) => FEMALE.has(w))
          ? 'female'
          : words.some((w) => MALE.has(w))
            ? 'male'
            : undefined;
  return { fullName: recipient.fullName.trim(), honorific, excellency: words.some((w) => EXCELLENCY.has(w)), gender };
}

/** The salutation, the name isolated from the surrounding text's direction (see isolate). */
function greeting(c: Catalogue, recipient: Recipient): string {
  const form = greetingForm(recipient);
  return c.greeting({ ...form, fullName: isolate(form.fullName, c.direction === 'rtl') });
}

/** The per-recipient values of a skeleton rendered with PER_RECIPIENT. */
export function recipientValues(language: UnLanguage, recipient: Recipient): { greeting: string } {
  return { greeting: greeting(CATALOGUES[language], recipient) };
}

type Block =
  | { p: string }
  | { details: Array<[label: string, value: string]> }
  | { list: string; items: string[] }
  | { action: string; url: string };

interface Layout {
  subject: string;
  blocks: Block[];
}

/** Slot values shown in bold in the HTML part. */
const EMPHASISED = new Set(['deadline', 'offerExpiresAt']);

export function renderTemplate<K extends MailKind>(kind: K, language: UnLanguage, vars: MailVars[K]): RenderedMail {
  const c = CATALOGUES[language];
  if (!c) throw new Error(`No mail templates for language "${language}"`);
  const conference = vars.conference;
  const start = formatDate(language, conference.startsOn);
  const end = formatDate(language, conference.endsOn);
  const range = formatDateRange(language, conference.startsOn, conference.endsOn);
  const country = conference.country ? countryName(language, conference.country) : '';
  const slots: Record<string, string> = {
    title: conference.title,
    city: conference.city,
    country,
    dates: range,
    when: c.when({ start, end, range, sameDay: conference.startsOn === conference.endsOn }),
    place: c.place({ venue: conference.venueName ?? undefined, city: conference.city, country }),
    greeting: vars.recipient === PER_RECIPIENT ? placeholder('greeting') : greeting(c, vars.recipient),
  };
  const reader = vars.readerTimeZone ?? null;
  const instant = (value: Instant) => formatInstant(language, value, conference.timezone, reader);
  const deadline = (value: Instant) => formatDeadline(language, value, conference.timezone, conference.deadlineDate, reader);
  const where: Array<[string, string]> = [
    [c.labels.dates, range],
    [c.labels.place, slots.place],
  ];
  const zones: Array<[string, string]> = [[c.labels.timeZone, formatTimeZone(language, conference.timezone, conference.startsOn, conference.city)]];
  const readerZone = formatReaderTimeZone(language, reader, conference.timezone, conference.startsOn);
  if (readerZone) zones.push([c.labels.yourTimeZone, readerZone]);
  const layout = LAYOUTS[kind](c, vars as never, { slots, where, zones, instant, deadline, language });
  const contact = conference.secretariat;
  if (contact) {
    layout.blocks.push({ details: [[c.labels.secretariat, [contact.name, contact.email, contact.phone].filter(Boolean).join(c.listSeparator)]] });
  }
  return render(c, layout, slots);
}

interface LayoutContext {
  slots: Record<string, string>;
  where: Array<[string, string]>;
  /** The conference's zone by name and city, and the reader's where it differs. */
  zones: Array<[string, string]>;
  instant: (value: Instant) => string;
  deadline: (value: Instant) => string;
  language: UnLanguage;
}

type LayoutFn<K extends MailKind> = (c: Catalogue, vars: MailVars[K], ctx: LayoutContext) => Layout;

const paragraphs = (texts: string[]): Block[] => texts.map((p) => ({ p }));

const LAYOUTS: { [K in MailKind]: LayoutFn<K> } = {
  invitation: (c, v, { slots, where, zones, deadline, language }) => {
    const t = c.kinds.invitation;
    slots.deadline = deadline(v.deadline);
    const partners = v.conference.partners?.filter(Boolean) ?? [];
    if (partners.length) slots.partners = formatList(language, partners);
    return {
      subject: t.subject,
      blocks: [
        { p: t.body[0] },
        ...(partners.length ? [{ p: t.partners }] : []),
        ...paragraphs(t.body.slice(1)),
        { details: [...where, ...zones, [c.labels.replyBy, slots.deadline]] },
        { action: t.action, url: v.rsvpUrl },
        { p: c.calendarNote },
      ],
    };
  },
  rsvp_confirmation: (c, v, { slots, where, deadline }) => {
    const t = c.kinds.rsvp_confirmation;
    const delegates = v.delegates ?? [];
    if (v.deadline) slots.deadline = deadline(v.deadline);
    return {
      subject: t.subject,
      blocks: [
        ...paragraphs(t.body),
        { details: where },
        ...(delegates.length ? [{ list: t.delegation, items: delegates.map((d) => [d.fullName, d.capacity ? c.capacities[d.capacity] : ''].filter(Boolean).join(c.listSeparator)) }] : []),
        ...(v.deadline && v.rsvpUrl ? [{ p: t.changes }] : []),
        ...(v.rsvpUrl ? [{ action: t.action, url: v.rsvpUrl }] : []),
        { p: c.calendarNote },
      ],
    };
  },
  waitlisted: (c, v, { slots, where, language }) => {
    const t = c.kinds.waitlisted;
    slots.position = formatNumber(language, v.position);
    return {
      subject: t.subject,
      blocks: [...paragraphs(t.body), { details: [...where, [c.labels.position, slots.position]] }, { action: t.action, url: v.rsvpUrl }],
    };
  },
  waitlist_offer: (c, v, { slots, where, zones, instant }) => {
    const t = c.kinds.waitlist_offer;
    slots.offerExpiresAt = instant(v.offerExpiresAt);
    return {
      subject: t.subject,
      blocks: [...paragraphs(t.body), { details: [...where, ...zones, [c.labels.confirmBy, slots.offerExpiresAt]] }, { action: t.action, url: v.rsvpUrl }],
    };
  },
  decline_acknowledgement: (c, v, { slots, deadline }) => {
    const t = c.kinds.decline_acknowledgement;
    const canChange = Boolean(v.deadline && v.rsvpUrl);
    if (canChange) slots.deadline = deadline(v.deadline!);
    return {
      subject: t.subject,
      blocks: [...paragraphs(t.body), ...(canChange ? [{ p: t.changes }, { action: t.action, url: v.rsvpUrl! }] : [])],
    };
  },
  reminder_non_responder: (c, v, { slots, where, zones, deadline }) => {
    const t = c.kinds.reminder_non_responder;
    slots.deadline = deadline(v.deadline);
    return {
      subject: t.subject,
      blocks: [...paragraphs(t.body), { details: [...where, ...zones, [c.labels.replyBy, slots.deadline]] }, { action: t.action, url: v.rsvpUrl }],
    };
  },
  reminder_participant: (c, v, { where, instant }) => {
    const t = c.kinds.reminder_participant;
    const practical: Array<[string, string]> = [];
    if (v.venue?.name) practical.push([c.labels.venue, v.venue.name]);
    if (v.venue?.address) practical.push([c.labels.address, v.venue.address]);
    if (v.rooms?.length) practical.push([c.labels.rooms, v.rooms.join(c.listSeparator)]);
    if (v.firstSession) {
      const s = v.firstSession;
      practical.push([c.labels.firstSession, [s.title, instant(s.startsAt), s.room].filter(Boolean).join(c.listSeparator)]);
    }
    if (v.visaLetter) practical.push([c.labels.visaLetter, c.status.visaLetter[v.visaLetter]]);
    if (v.badge) practical.push([c.labels.badge, c.status.badge[v.badge]]);
    return {
      subject: t.subject,
      blocks: [
        ...paragraphs(t.body),
        { details: where },
        { p: practical.length ? t.detailsIntro : t.noDetails },
        ...(practical.length ? [{ details: practical }] : []),
        ...(v.rsvpUrl ? [{ action: t.action, url: v.rsvpUrl }] : []),
      ],
    };
  },
  postponement_notice: (c, v, { where }) => {
    const t = c.kinds.postponement_notice;
    return {
      subject: t.subject,
      blocks: [{ p: t.body[0] }, { details: [...where, [c.labels.reason, v.reason]] }, ...paragraphs(t.body.slice(1))],
    };
  },
  cancellation_notice: (c, v, { where }) => {
    const t = c.kinds.cancellation_notice;
    return {
      subject: t.subject,
      blocks: [{ p: t.body[0] }, { details: [...where, [c.labels.reason, v.reason]] }, ...paragraphs(t.body.slice(1))],
    };
  },
  credentials_rejected: (c, v, { slots, where, deadline }) => {
    const t = c.kinds.credentials_rejected;
    slots.deadline = deadline(v.deadline);
    return {
      subject: t.subject,
      blocks: [{ p: t.body[0] }, { details: [...where, [c.labels.reason, v.reason]] }, ...paragraphs(t.body.slice(1)), { p: t.again }, { action: t.action, url: v.rsvpUrl }],
    };
  },
  thank_you: (c, v) => {
    const t = c.kinds.thank_you;
    return { subject: t.subject, blocks: [...paragraphs(t.body), { action: t.action, url: v.feedbackUrl }] };
  },
};

const SLOT = /\{([A-Za-z]+)\}/g;

/** Slots whose value is a sentence of the message's own language, not an embedded name or title. */
const OWN_TEXT = new Set(['greeting', 'when']);

/**
 * Fills {slots}; in HTML both the sentence and the values are escaped and each value sits in <bdi>, in
 * plain text names, titles and places are isolated (FSI…PDI, see isolate), so that an embedded text
 * of the other direction keeps its order whatever the page's direction.
 */
function interpolate(template: string, slots: Record<string, string>, html: boolean, rtl: boolean): string {
  let result = '';
  let last = 0;
  for (const match of template.matchAll(SLOT)) {
    const value = slots[match[1]];
    if (value === undefined) throw new Error(`Mail template slot {${match[1]}} has no value`);
    const before = template.slice(last, match.index);
    last = match.index + match[0].length;
    if (!html) {
      result += before + (OWN_TEXT.has(match[1]) ? value : isolate(value, rtl));
      continue;
    }
    let shown = escapeHtml(value);
    if (!OWN_TEXT.has(match[1])) shown = `<bdi>${shown}</bdi>`;
    if (EMPHASISED.has(match[1])) shown = `<strong>${shown}</strong>`;
    result += escapeHtml(before) + shown;
  }
  const rest = template.slice(last);
  return result + (html ? escapeHtml(rest) : rest);
}

function render(c: Catalogue, layout: Layout, slots: Record<string, string>): RenderedMail {
  const rtl = c.direction === 'rtl';
  const align = rtl ? 'right' : 'left';
  const text = (t: string) => interpolate(t, slots, false, rtl);
  const html = (t: string) => interpolate(t, slots, true, rtl);
  const value = (v: string) => `<bdi>${escapeHtml(v)}</bdi>`;
  const font = escapeHtml(c.fontFamily);
  const subject = text(layout.subject);

  const textParts: string[] = [text('{greeting}')];
  const htmlParts: string[] = [`<p style="margin:0 0 16px;">${html('{greeting}')}</p>`];
  if (c.opening) {
    textParts.push(c.opening);
    htmlParts.push(`<p style="margin:0 0 16px;">${escapeHtml(c.opening)}</p>`);
  }
  for (const block of layout.blocks) {
    if ('p' in block) {
      textParts.push(text(block.p));
      htmlParts.push(`<p style="margin:0 0 16px;">${html(block.p)}</p>`);
    } else if ('details' in block) {
      textParts.push(block.details.map(([label, v]) => `${label}${c.labelSeparator}${isolate(v, rtl)}`).join('\n'));
      htmlParts.push(
        [
          '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="width:100%;margin:0 0 16px;border-collapse:collapse;">',
          ...block.details.map(
            ([label, v]) =>
              `<tr><td style="padding:${rtl ? '6px 0 6px 12px' : '6px 12px 6px 0'};width:38%;vertical-align:top;color:#52606d;text-align:${align};">${escapeHtml(label)}</td>` +
              `<td style="padding:6px 0;vertical-align:top;text-align:${align};">${value(v)}</td></tr>`,
          ),
          '</table>',
        ].join('\n'),
      );
    } else if ('list' in block) {
      textParts.push([block.list, ...block.items.map((item) => `- ${isolate(item, rtl)}`)].join('\n'));
      htmlParts.push(
        `<p style="margin:0 0 8px;">${escapeHtml(block.list)}</p>\n<ul style="margin:0 0 16px;padding-${align}:20px;">\n` +
          block.items.map((item) => `<li>${value(item)}</li>`).join('\n') +
          '\n</ul>',
      );
    } else {
      textParts.push(`${block.action}${c.labelSeparator.trimEnd()}\n${block.url}`);
      const href = escapeHtml(block.url);
      htmlParts.push(
        [
          '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px;"><tr>',
          `<td style="background-color:#1b4f72;border-radius:4px;"><a href="${href}" style="display:inline-block;padding:12px 24px;font-family:${font};font-size:15px;color:#ffffff;text-decoration:none;">${escapeHtml(block.action)}</a></td>`,
          '</tr></table>',
          `<p style="margin:0 0 16px;font-size:13px;color:#52606d;">${escapeHtml(c.linkHelp)}<br>`,
          `<a href="${href}" style="color:#1b4f72;word-break:break-all;">${href}</a></p>`,
        ].join('\n'),
      );
    }
  }
  textParts.push(`${c.closing}\n${c.signature}`);
  htmlParts.push(`<p style="margin:24px 0 0;">${escapeHtml(c.closing)}<br>${escapeHtml(c.signature)}</p>`);

  const dir = c.direction;
  const page = [
    '<!DOCTYPE html>',
    `<html lang="${c.language}" dir="${dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body dir="${dir}" style="margin:0;padding:0;background-color:#eef1f4;">`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#eef1f4;">',
    '<tr><td align="center" style="padding:24px 12px;">',
    `<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" dir="${dir}" style="width:100%;max-width:600px;background-color:#ffffff;border-top:4px solid #1b4f72;">`,
    `<tr><td style="padding:24px 32px 4px;font-family:${font};font-size:13px;letter-spacing:0.03em;color:#1b4f72;text-align:${align};">${escapeHtml(c.signature)}</td></tr>`,
    `<tr><td style="padding:0 32px 8px;font-family:${font};font-size:20px;line-height:1.35;color:#1f2933;text-align:${align};"><strong>${html('{title}')}</strong></td></tr>`,
    `<tr><td style="padding:16px 32px 24px;font-family:${font};font-size:15px;line-height:1.6;color:#1f2933;text-align:${align};">`,
    ...htmlParts,
    '</td></tr>',
    `<tr><td style="padding:16px 32px 24px;border-top:1px solid #e4e7eb;font-family:${font};font-size:12px;line-height:1.5;color:#616e7c;text-align:${align};">${html(c.footer)}</td></tr>`,
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');

  return { subject, text: `${textParts.join('\n\n')}\n\n-- \n${text(c.footer)}\n`, html: page };
}
