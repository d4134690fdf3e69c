import type { Catalogue } from './catalogue';

export const en: Catalogue = {
  language: 'en',
  direction: 'ltr',
  fontFamily: "Georgia, 'Times New Roman', serif",
  greeting: ({ fullName, honorific }) => `Dear ${honorific ? `${honorific} ` : ''}${fullName},`,
  when: ({ range }) => `on ${range}`,
  place: ({ venue, city, country }) => [venue, city, country].filter(Boolean).join(', '),
  labelSeparator: ': ',
  listSeparator: ', ',
  closing: 'Yours sincerely,',
  signature: 'The Conference Secretariat',
  footer: 'This message concerns the {title} and is addressed to you personally.',
  linkHelp: 'If the button does not work, copy this address into your web browser:',
  calendarNote: 'The attached calendar file (.ics) contains the dates of the conference.',
  labels: {
    dates: 'Dates',
    place: 'Place',
    timeZone: 'Local time',
    yourTimeZone: 'Your time zone',
    secretariat: 'Secretariat contact',
    replyBy: 'Reply by',
    position: 'Position on the waiting list',
    confirmBy: 'Confirm by',
    reason: 'Reason',
    venue: 'Venue',
    address: 'Address',
    rooms: 'Meeting rooms',
    firstSession: 'First session',
    visaLetter: 'Letter in support of a visa application',
    badge: 'Conference badge',
  },
  status: {
    visaLetter: { requested: 'requested, in preparation', issued: 'issued' },
    badge: { pending: 'in preparation', issued: 'issued' },
  },
  capacities: {
    head: 'Head of delegation',
    delegate: 'Delegate',
    alternate: 'Alternate',
    adviser: 'Adviser',
    observer: 'Observer',
  },
  kinds: {
    invitation: {
      subject: 'Invitation: {title}',
      body: [
        'The Secretariat has the honour to invite you to the {title}, to be held in {city}, {country}, {when}.',
        'We should be grateful if you would kindly reply by {deadline} through your personal invitation page. There you may also name the members of your delegation, indicate any accessibility requirements and request a letter in support of a visa application.',
        'The link below is personal to you; we kindly ask that it not be forwarded.',
      ],
      partners: 'The conference is organised in partnership with {partners}.',
      action: 'Reply to the invitation',
    },
    rsvp_confirmation: {
      subject: 'Participation confirmed: {title}',
      body: [
        'Thank you for accepting the invitation to the {title}. We are pleased to confirm your participation.',
        'The conference will be held in {city}, {country}, {when}. Practical information will be sent to you before the opening.',
      ],
      delegation: 'Members of your delegation registered with the Secretariat:',
      changes: 'You may amend your reply or the composition of your delegation until {deadline} through your personal page.',
      action: 'View or amend your reply',
    },
    waitlisted: {
      subject: 'Waiting list: {title}',
      body: [
        'Thank you for your reply to the invitation to the {title}. We regret that all places are currently taken; your delegation has therefore been placed on the waiting list, in position {position}.',
        'Should a place become available, we shall inform you without delay, and you will then have a limited time in which to confirm your participation. No action is required of you in the meantime.',
      ],
      action: 'View your reply',
    },
    waitlist_offer: {
      subject: 'A place is available: {title}',
      body: [
        'We are pleased to inform you that a place has become available at the {title}, to be held in {city}, {country}, {when}.',
        'To take up this place, kindly confirm your participation through your personal page by {offerExpiresAt}. If we have not received your confirmation by then, the place will be offered to the next delegation on the waiting list.',
      ],
      action: 'Confirm participation',
    },
    decline_acknowledgement: {
      subject: 'Reply received: {title}',
      body: [
        'Thank you for informing us that you will not be able to attend the {title}. Your reply has been recorded.',
        'We hope to have the opportunity to welcome you at a future meeting.',
      ],
      changes: 'Should your plans change, you may amend your reply until {deadline} through your personal page.',
      action: 'Amend your reply',
    },
    reminder_non_responder: {
      subject: 'Reminder: invitation to the {title}',
      body: [
        'We refer to our invitation to the {title}, to be held in {city}, {country}, {when}, and note that we have not yet received your reply.',
        'We should be grateful if you would let us know by {deadline}, through your personal invitation page, whether you will be able to attend.',
        'If you have already replied, please disregard this message.',
      ],
      action: 'Reply to the invitation',
    },
    reminder_participant: {
      subject: 'Practical information: {title}',
      body: ['We look forward to welcoming you to the {title}, to be held in {city}, {country}, {when}.'],
      detailsIntro: 'Please find below the practical information available at this time.',
      noDetails: 'The Secretariat will send you practical information shortly.',
      action: 'View your registration',
    },
    postponement_notice: {
      subject: 'Postponement: {title}',
      body: [
        'The Secretariat regrets to inform you that the {title}, which was to be held in {city}, {country}, {when}, has been postponed.',
        'The new dates will be communicated to you as soon as they have been set; your invitation remains valid in the meantime. The attached calendar file marks the entry in your calendar as tentative.',
      ],
    },
    cancellation_notice: {
      subject: 'Cancellation: {title}',
      body: [
        'The Secretariat regrets to inform you that the {title}, which was to be held in {city}, {country}, {when}, has been cancelled.',
        'We sincerely regret any inconvenience this may cause and thank you for your interest in the conference.',
      ],
    },
    credentials_rejected: {
      subject: 'Credentials not accepted: {title}',
      body: [
        'The Secretariat has examined the credentials sent for your delegation to the {title}, to be held in {city}, {country}, {when}, and regrets that it is unable to accept them, for the reason given below.',
        'Badges for the members of your delegation can be issued only once its credentials have been accepted.',
      ],
      again: 'Please upload a new note verbale or nomination letter (PDF) from your personal invitation page by {deadline}.',
      action: 'Upload a new document',
    },
    thank_you: {
      subject: 'Thank you for taking part: {title}',
      body: [
        'The Secretariat thanks you warmly for your participation in the {title}, held in {city}, {country}, {when}.',
        'Your views help to shape the follow-up report and the recommendations that will be carried to the summit. We would be grateful if you could take a minute to rate the conference and, if you wish, add a comment; you may change your answer until the report is submitted.',
      ],
      action: 'Give your feedback',
    },
  },
};
