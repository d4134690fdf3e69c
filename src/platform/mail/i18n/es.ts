import type { Catalogue } from './catalogue';

export const es: Catalogue = {
  language: 'es',
  direction: 'ltr',
  fontFamily: "Georgia, 'Times New Roman', serif",
  // Spanish formal letters close the salutation with a colon; the institutional form serves when the title is unknown.
  greeting: ({ fullName, excellency, gender }) =>
    excellency ? 'Excelencia:' : gender === 'female' ? `Estimada señora ${fullName}:` : gender === 'male' ? `Estimado señor ${fullName}:` : 'De nuestra mayor consideración:',
  when: ({ start, end, sameDay }) => (sameDay ? `el ${start}` : `del ${start} al ${end}`),
  place: ({ venue, city, country }) => `${venue ? `${venue}, ` : ''}${city} (${country})`,
  labelSeparator: ': ',
  listSeparator: ', ',
  closing: 'Aprovechamos la oportunidad para reiterarle las seguridades de nuestra más alta consideración.',
  signature: 'La Secretaría de la Conferencia',
  footer: 'Este mensaje se le dirige personalmente en relación con la conferencia «{title}».',
  linkHelp: 'Si el botón no funciona, copie esta dirección en su navegador:',
  calendarNote: 'El archivo de calendario adjunto (.ics) contiene las fechas de la conferencia.',
  labels: {
    dates: 'Fechas',
    place: 'Lugar',
    timeZone: 'Hora local',
    yourTimeZone: 'Su huso horario',
    secretariat: 'Contacto de la Secretaría',
    replyBy: 'Plazo de respuesta',
    position: 'Posición en la lista de espera',
    confirmBy: 'Plazo de confirmación',
    reason: 'Motivo',
    venue: 'Sede',
    address: 'Dirección',
    rooms: 'Salas de reunión',
    firstSession: 'Primera sesión',
    visaLetter: 'Carta de apoyo a la solicitud de visado',
    badge: 'Credencial',
  },
  status: {
    visaLetter: { requested: 'solicitada, en preparación', issued: 'expedida' },
    badge: { pending: 'en preparación', issued: 'expedida' },
  },
  capacities: {
    head: 'Jefe/a de delegación',
    delegate: 'Delegado/a',
    alternate: 'Suplente',
    adviser: 'Asesor/a',
    observer: 'Observador/a',
  },
  kinds: {
    invitation: {
      subject: 'Invitación: {title}',
      body: [
        'La Secretaría tiene el honor de invitarle a la conferencia «{title}», que se celebrará en {city} ({country}) {when}.',
        'Le agradeceríamos que nos hiciera llegar su respuesta a más tardar el {deadline} a través de su página personal de invitación. En ella podrá también indicar los miembros de su delegación, señalar cualquier necesidad de accesibilidad y solicitar una carta de apoyo a la solicitud de visado.',
        'El enlace que figura a continuación es personal; le rogamos que no lo reenvíe.',
      ],
      partners: 'La conferencia se organiza en colaboración con {partners}.',
      action: 'Responder a la invitación',
    },
    rsvp_confirmation: {
      subject: 'Confirmación de participación: {title}',
      body: [
        'Le agradecemos que haya aceptado la invitación a la conferencia «{title}» y nos complace confirmarle su participación.',
        'La conferencia se celebrará en {city} ({country}) {when}. Antes de la inauguración recibirá la información práctica correspondiente.',
      ],
      delegation: 'Miembros de su delegación inscritos ante la Secretaría:',
      changes: 'Podrá modificar su respuesta o la composición de su delegación hasta el {deadline} a través de su página personal.',
      action: 'Consultar o modificar su respuesta',
    },
    waitlisted: {
      subject: 'Lista de espera: {title}',
      body: [
        'Le agradecemos su respuesta a la invitación a la conferencia «{title}». Lamentamos informarle de que en este momento todas las plazas están ocupadas, por lo que su delegación ha sido inscrita en la lista de espera, en la posición {position}.',
        'Si se libera una plaza, se lo comunicaremos de inmediato; dispondrá entonces de un plazo limitado para confirmar su participación. Entretanto, no es necesario que realice ninguna gestión.',
      ],
      action: 'Consultar su respuesta',
    },
    waitlist_offer: {
      subject: 'Plaza disponible: {title}',
      body: [
        'Nos complace informarle de que ha quedado disponible una plaza en la conferencia «{title}», que se celebrará en {city} ({country}) {when}.',
        'Para aceptarla, le rogamos que confirme su participación a través de su página personal antes del {offerExpiresAt}. Transcurrido ese plazo, la plaza se ofrecerá a la siguiente delegación de la lista de espera.',
      ],
      action: 'Confirmar la participación',
    },
    decline_acknowledgement: {
      subject: 'Respuesta recibida: {title}',
      body: [
        'Le agradecemos que nos haya comunicado que no podrá asistir a la conferencia «{title}». Hemos registrado su respuesta.',
        'Esperamos tener la oportunidad de recibirle en una próxima reunión.',
      ],
      changes: 'Si sus planes cambiaran, podrá modificar su respuesta hasta el {deadline} a través de su página personal.',
      action: 'Modificar su respuesta',
    },
    reminder_non_responder: {
      subject: 'Recordatorio: invitación a la conferencia «{title}»',
      body: [
        'Nos permitimos recordarle nuestra invitación a la conferencia «{title}», que se celebrará en {city} ({country}) {when}, a la que aún no hemos recibido respuesta.',
        'Le agradeceríamos que nos indicara a más tardar el {deadline}, a través de su página personal de invitación, si podrá asistir.',
        'Si ya ha respondido, le rogamos que no tenga en cuenta este mensaje.',
      ],
      action: 'Responder a la invitación',
    },
    reminder_participant: {
      subject: 'Información práctica: {title}',
      body: ['Esperamos con interés darle la bienvenida a la conferencia «{title}», que se celebrará en {city} ({country}) {when}.'],
      detailsIntro: 'A continuación figura la información práctica disponible hasta la fecha.',
      noDetails: 'La Secretaría le comunicará próximamente la información práctica.',
      action: 'Consultar su inscripción',
    },
    postponement_notice: {
      subject: 'Aplazamiento: {title}',
      body: [
        'La Secretaría lamenta informarle de que la conferencia «{title}», que debía celebrarse en {city} ({country}) {when}, ha sido aplazada.',
        'Las nuevas fechas se le comunicarán en cuanto se hayan fijado; entretanto, su invitación sigue siendo válida. El archivo de calendario adjunto marca la entrada de su calendario como provisional.',
      ],
    },
    cancellation_notice: {
      subject: 'Cancelación: {title}',
      body: [
        'La Secretaría lamenta informarle de que la conferencia «{title}», que debía celebrarse en {city} ({country}) {when}, ha sido cancelada.',
        'Le rogamos que disculpe las molestias que esta decisión pueda ocasionarle y le agradecemos el interés mostrado en la conferencia.',
      ],
    },
    credentials_rejected: {
      subject: 'Documentos de acreditación no aceptados: {title}',
      body: [
        'La Secretaría ha examinado los documentos de acreditación enviados para su delegación en la conferencia «{title}», que se celebrará en {city} ({country}) {when}, y lamenta no poder aceptarlos, por el motivo que se indica a continuación.',
        'Las credenciales de los miembros de su delegación solo podrán expedirse una vez aceptados sus documentos de acreditación.',
      ],
      again: 'Le rogamos que cargue una nueva nota verbal o carta de designación (PDF) desde su página personal de invitación antes del {deadline}.',
      action: 'Cargar un nuevo documento',
    },
    thank_you: {
      subject: 'Gracias por su participación: {title}',
      body: [
        'La Secretaría le agradece sinceramente su participación en la conferencia «{title}», celebrada en {city} ({country}) {when}.',
        'Su opinión contribuye al informe de seguimiento y a las recomendaciones que se presentarán en la cumbre. Le agradeceríamos que dedicara un minuto a valorar la conferencia y, si lo desea, a añadir un comentario; podrá modificar su respuesta hasta que se presente el informe.',
      ],
      action: 'Dar su opinión',
    },
  },
};
