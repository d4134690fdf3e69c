import type { Catalogue } from './catalogue';

/** French typography: a no-break space before « : », « ; » and inside guillemets. */
export const fr: Catalogue = {
  language: 'fr',
  direction: 'ltr',
  fontFamily: "Georgia, 'Times New Roman', serif",
  // Formal French letters open with the title alone, without the name.
  greeting: ({ excellency, gender }) => (excellency ? 'Excellence,' : gender === 'female' ? 'Madame,' : gender === 'male' ? 'Monsieur,' : 'Madame, Monsieur,'),
  when: ({ start, end, sameDay }) => (sameDay ? `le ${start}` : `du ${start} au ${end}`),
  place: ({ venue, city, country }) => `${venue ? `${venue}, ` : ''}${city} (${country})`,
  labelSeparator: '\u00a0: ',
  listSeparator: ', ',
  closing: 'Veuillez agréer l’expression de notre haute considération.',
  signature: 'Le Secrétariat de la conférence',
  footer: 'Ce message vous est adressé personnellement au sujet de la conférence «\u00a0{title}\u00a0».',
  linkHelp: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur\u00a0:',
  calendarNote: 'Le fichier de calendrier joint (.ics) contient les dates de la conférence.',
  labels: {
    dates: 'Dates',
    place: 'Lieu',
    timeZone: 'Heure locale',
    yourTimeZone: 'Votre fuseau horaire',
    secretariat: 'Contact du Secrétariat',
    replyBy: 'Date limite de réponse',
    position: 'Rang sur la liste d’attente',
    confirmBy: 'Date limite de confirmation',
    reason: 'Motif',
    venue: 'Lieu de la conférence',
    address: 'Adresse',
    rooms: 'Salles de réunion',
    firstSession: 'Première séance',
    visaLetter: 'Lettre d’appui à la demande de visa',
    badge: 'Badge',
  },
  status: {
    visaLetter: { requested: 'demandée, en cours de préparation', issued: 'délivrée' },
    badge: { pending: 'en cours de préparation', issued: 'établi' },
  },
  capacities: {
    head: 'Chef de délégation',
    delegate: 'Délégué(e)',
    alternate: 'Suppléant(e)',
    adviser: 'Conseiller(ère)',
    observer: 'Observateur(trice)',
  },
  kinds: {
    invitation: {
      subject: 'Invitation\u00a0: {title}',
      body: [
        'Le Secrétariat a l’honneur de vous inviter à la conférence «\u00a0{title}\u00a0», qui se tiendra à {city} ({country}) {when}.',
        'Nous vous saurions gré de bien vouloir nous faire connaître votre réponse au plus tard le {deadline}, au moyen de votre page d’invitation personnelle. Cette page vous permet également d’indiquer les membres de votre délégation, de signaler d’éventuels besoins en matière d’accessibilité et de demander une lettre d’appui à une demande de visa.',
        'Le lien ci-dessous vous est strictement personnel\u00a0; nous vous prions de ne pas le transférer.',
      ],
      partners: 'La conférence est organisée en partenariat avec {partners}.',
      action: 'Répondre à l’invitation',
    },
    rsvp_confirmation: {
      subject: 'Confirmation de participation\u00a0: {title}',
      body: [
        'Nous vous remercions d’avoir accepté l’invitation à la conférence «\u00a0{title}\u00a0» et avons le plaisir de vous confirmer votre participation.',
        'La conférence se tiendra à {city} ({country}) {when}. Des informations pratiques vous seront communiquées avant son ouverture.',
      ],
      delegation: 'Membres de votre délégation enregistrés auprès du Secrétariat\u00a0:',
      changes: 'Vous pouvez modifier votre réponse ou la composition de votre délégation jusqu’au {deadline}, au moyen de votre page personnelle.',
      action: 'Consulter ou modifier votre réponse',
    },
    waitlisted: {
      subject: 'Liste d’attente\u00a0: {title}',
      body: [
        'Nous vous remercions de votre réponse à l’invitation à la conférence «\u00a0{title}\u00a0». Toutes les places étant actuellement attribuées, votre délégation a été inscrite sur la liste d’attente, au rang {position}.',
        'Si une place se libère, nous vous en informerons sans délai\u00a0; vous disposerez alors d’un délai limité pour confirmer votre participation. Aucune démarche n’est requise de votre part d’ici là.',
      ],
      action: 'Consulter votre réponse',
    },
    waitlist_offer: {
      subject: 'Une place est disponible\u00a0: {title}',
      body: [
        'Nous avons le plaisir de vous informer qu’une place s’est libérée pour la conférence «\u00a0{title}\u00a0», qui se tiendra à {city} ({country}) {when}.',
        'Pour en bénéficier, nous vous prions de bien vouloir confirmer votre participation au moyen de votre page personnelle avant le {offerExpiresAt}. Passé ce délai, la place sera proposée à la délégation suivante sur la liste d’attente.',
      ],
      action: 'Confirmer la participation',
    },
    decline_acknowledgement: {
      subject: 'Réponse reçue\u00a0: {title}',
      body: [
        'Nous vous remercions de nous avoir fait savoir que vous ne pourrez pas participer à la conférence «\u00a0{title}\u00a0». Votre réponse a bien été enregistrée.',
        'Nous espérons avoir l’occasion de vous accueillir lors d’une prochaine réunion.',
      ],
      changes: 'Si vos projets venaient à changer, vous pourriez modifier votre réponse jusqu’au {deadline}, au moyen de votre page personnelle.',
      action: 'Modifier votre réponse',
    },
    reminder_non_responder: {
      subject: 'Rappel\u00a0: invitation à la conférence «\u00a0{title}\u00a0»',
      body: [
        'Nous nous permettons de revenir vers vous au sujet de notre invitation à la conférence «\u00a0{title}\u00a0», qui se tiendra à {city} ({country}) {when}, et à laquelle nous n’avons pas encore reçu de réponse.',
        'Nous vous serions reconnaissants de bien vouloir nous faire savoir au plus tard le {deadline}, au moyen de votre page d’invitation personnelle, si vous serez en mesure d’y participer.',
        'Si vous avez déjà répondu, nous vous prions de ne pas tenir compte du présent message.',
      ],
      action: 'Répondre à l’invitation',
    },
    reminder_participant: {
      subject: 'Informations pratiques\u00a0: {title}',
      body: ['Nous nous réjouissons de vous accueillir à la conférence «\u00a0{title}\u00a0», qui se tiendra à {city} ({country}) {when}.'],
      detailsIntro: 'Vous trouverez ci-dessous les informations pratiques disponibles à ce jour.',
      noDetails: 'Le Secrétariat vous communiquera prochainement les informations pratiques.',
      action: 'Consulter votre inscription',
    },
    postponement_notice: {
      subject: 'Report\u00a0: {title}',
      body: [
        'Le Secrétariat a le regret de vous informer que la conférence «\u00a0{title}\u00a0», qui devait se tenir à {city} ({country}) {when}, est reportée.',
        'Les nouvelles dates vous seront communiquées dès qu’elles auront été arrêtées\u00a0; votre invitation demeure valable dans l’intervalle. Le fichier de calendrier joint indique que l’entrée de votre agenda est provisoire.',
      ],
    },
    cancellation_notice: {
      subject: 'Annulation\u00a0: {title}',
      body: [
        'Le Secrétariat a le regret de vous informer que la conférence «\u00a0{title}\u00a0», qui devait se tenir à {city} ({country}) {when}, est annulée.',
        'Nous vous prions de bien vouloir nous excuser des désagréments que cette décision pourrait occasionner et vous remercions de l’intérêt que vous avez porté à la conférence.',
      ],
    },
    credentials_rejected: {
      subject: 'Pouvoirs non acceptés : {title}',
      body: [
        'Le Secrétariat a examiné les pouvoirs transmis pour votre délégation à la conférence «\u00a0{title}\u00a0», qui se tiendra à {city} ({country}) {when}, et regrette de ne pas pouvoir les accepter, pour le motif indiqué ci-dessous.',
        'Les badges des membres de votre délégation ne peuvent être délivrés qu’une fois ses pouvoirs acceptés.',
      ],
      again: 'Nous vous prions de bien vouloir déposer une nouvelle note verbale ou lettre de désignation (PDF) depuis votre page d’invitation personnelle avant le {deadline}.',
      action: 'Déposer un nouveau document',
    },
    thank_you: {
      subject: 'Merci de votre participation\u00a0: {title}',
      body: [
        'Le Secrétariat vous remercie chaleureusement de votre participation à la conférence «\u00a0{title}\u00a0», tenue à {city} ({country}) {when}.',
        'Votre avis contribue au rapport de suivi et aux recommandations qui seront portées au sommet. Nous vous serions reconnaissants de bien vouloir prendre une minute pour évaluer la conférence et, si vous le souhaitez, ajouter un commentaire\u00a0; vous pourrez modifier votre réponse jusqu’à la remise du rapport.',
      ],
      action: 'Donner votre avis',
    },
  },
};
