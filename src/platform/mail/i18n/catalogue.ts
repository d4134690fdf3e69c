import type { UnLanguage } from '../../http/validators';

/**
 * Everything a translator writes for one language. Sentences carry {slots} filled by the renderer
 * (already formatted for the language, and HTML-escaped in the HTML part); which slots a sentence may
 * use is listed beside each kind below. A slot a sentence names but the renderer lacks is an error.
 *
 * Slots every kind has: {title} {city} {country} {when} (the dates in prose) {dates} {place}.
 */
export interface Catalogue {
  language: UnLanguage;
  direction: 'ltr' | 'rtl';
  /** CSS font stack suited to the script. */
  fontFamily: string;
  /** The salutation; the name appears as given. */
  greeting(recipient: GreetingForm): string;
  /** A line after the salutation, where the language's letters have one. */
  opening?: string;
  /** The dates in a sentence ("on 22–23 October 2019", "du … au …"). */
  when(dates: { start: string; end: string; range: string; sameDay: boolean }): string;
  /** The place on one line. */
  place(parts: { venue?: string; city: string; country: string }): string;
  /** Between a label and its value ("Dates: …", "Dates : …", "会议日期：…"). */
  labelSeparator: string;
  /** Between items of a short list (rooms). */
  listSeparator: string;
  closing: string;
  signature: string;
  /** Slots: {title}. */
  footer: string;
  linkHelp: string;
  calendarNote: string;
  labels: {
    dates: string;
    place: string;
    timeZone: string;
    /** The reader's own zone, shown when it differs from the conference's. */
    yourTimeZone: string;
    /** The secretariat's contact (name, e-mail, telephone). */
    secretariat: string;
    replyBy: string;
    position: string;
    confirmBy: string;
    reason: string;
    venue: string;
    address: string;
    rooms: string;
    firstSession: string;
    visaLetter: string;
    badge: string;
  };
  status: {
    visaLetter: { requested: string; issued: string };
    badge: { pending: string; issued: string };
  };
  capacities: Record<DelegateCapacity, string>;
  kinds: {
    /** Slots: {deadline} {partners} (partners sentence only). */
    invitation: { subject: string; body: string[]; partners: string; action: string };
    /** Slots: {deadline} (changes only). */
    rsvp_confirmation: { subject: string; body: string[]; delegation: string; changes: string; action: string };
    /** Slots: {position}. */
    waitlisted: { subject: string; body: string[]; action: string };
    /** Slots: {offerExpiresAt}. */
    waitlist_offer: { subject: string; body: string[]; action: string };
    /** Slots: {deadline} (changes only). */
    decline_acknowledgement: { subject: string; body: string[]; changes: string; action: string };
    /** Slots: {deadline}. */
    reminder_non_responder: { subject: string; body: string[]; action: string };
    reminder_participant: { subject: string; body: string[]; detailsIntro: string; noDetails: string; action: string };
    /** The reason is shown under labels.reason. */
    postponement_notice: { subject: string; body: string[] };
    /** The reason is shown under labels.reason. */
    cancellation_notice: { subject: string; body: string[] };
    /** To a delegation whose credentials the secretariat rejected; the reason is shown under labels.reason. Slots: {deadline} (again only). */
    credentials_rejected: { subject: string; body: string[]; again: string; action: string };
    /** After the conference, to each participant who attended, with the personal feedback link. */
    thank_you: { subject: string; body: string[]; action: string };
  };
}

export type DelegateCapacity = 'head' | 'delegate' | 'alternate' | 'adviser' | 'observer';

export interface GreetingForm {
  fullName: string;
  /** The honorific as recorded for the contact ("H.E. Ms.", "Dr."), possibly empty. */
  honorific: string;
  /** An excellency (H.E., S.E., Excmo. …): ambassadors, ministers. */
  excellency: boolean;
  gender?: 'female' | 'male';
}
