import type { UnLanguage } from '../../platform/http/validators';

/** The strings of the RSVP page, per UN language. {slots} are filled (and escaped) by the page. */
export interface RsvpPageText {
  title: string;
  intro: string;
  dates: string;
  place: string;
  timeZone: string;
  replyBy: string;
  status: { none: string; accepted: string; declined: string; waitlisted: string; offered: string; lapsed: string };
  closed: string;
  changeUntil: string;
  answer: string;
  accept: string;
  decline: string;
  you: string;
  capacity: string;
  visa: string;
  accessibility: string;
  arrival: string;
  departure: string;
  delegation: string;
  delegationHelp: string;
  member: string;
  fullName: string;
  email: string;
  jobTitle: string;
  send: string;
  saved: string;
  credentials: { note_verbale: string; nomination_letter: string; help: string; upload: string; file: string; received: string };
  credentialStatus: { pending: string; verified: string; rejected: string };
  problem: string;
  unknownLink: string;
}

const en: RsvpPageText = {
  title: 'Reply to the invitation',
  intro: 'You are invited to the {title}.',
  dates: 'Dates',
  place: 'Place',
  timeZone: 'Local time',
  replyBy: 'Reply by',
  status: {
    none: 'You have not replied yet.',
    accepted: 'You have accepted this invitation.',
    declined: 'You have declined this invitation.',
    waitlisted: 'All places are currently taken: your delegation is on the waiting list, in position {position}.',
    offered: 'A place has become available for your delegation. Confirm your participation below by {offerExpiresAt}.',
    lapsed: 'The place offered to your delegation was not confirmed in time. You may reply again below.',
  },
  closed: 'Replies closed on {deadline}. For any change, please contact the Secretariat.',
  changeUntil: 'You may change your reply until {deadline}.',
  answer: 'Your reply',
  accept: 'I will attend',
  decline: 'I will not attend',
  you: 'Your participation',
  capacity: 'Capacity',
  visa: 'I need a letter in support of a visa application',
  accessibility: 'Accessibility requirements',
  arrival: 'Arrival date',
  departure: 'Departure date',
  delegation: 'Members of the delegation',
  delegationHelp: 'You may name up to {quota} members besides yourself. To replace a member, write the new name and e-mail address over the old ones.',
  member: 'Member {n}',
  fullName: 'Full name',
  email: 'E-mail address',
  jobTitle: 'Title or function',
  send: 'Send my reply',
  saved: 'Your reply has been recorded.',
  credentials: {
    note_verbale: 'Note verbale',
    nomination_letter: 'Nomination letter',
    help: 'Please upload the document that accredits your delegation (PDF, at most 10 MB).',
    upload: 'Upload',
    file: 'Document (PDF)',
    received: 'Your document has been received.',
  },
  credentialStatus: { pending: 'received, being verified', verified: 'verified', rejected: 'not accepted' },
  problem: 'Your reply could not be recorded:',
  unknownLink: 'This invitation link is not valid. Please check that the whole address was copied from the e-mail, or contact the Secretariat.',
};

const fr: RsvpPageText = {
  title: "Réponse à l'invitation",
  intro: 'Vous êtes invité(e) à la {title}.',
  dates: 'Dates',
  place: 'Lieu',
  timeZone: 'Heure locale',
  replyBy: 'Réponse attendue au plus tard le',
  status: {
    none: "Vous n'avez pas encore répondu.",
    accepted: 'Vous avez accepté cette invitation.',
    declined: 'Vous avez décliné cette invitation.',
    waitlisted: "Toutes les places sont actuellement attribuées : votre délégation figure sur la liste d'attente, en position {position}.",
    offered: "Une place s'est libérée pour votre délégation. Veuillez confirmer votre participation ci-dessous avant le {offerExpiresAt}.",
    lapsed: "La place proposée à votre délégation n'a pas été confirmée à temps. Vous pouvez répondre de nouveau ci-dessous.",
  },
  closed: 'Les réponses ont été closes le {deadline}. Pour toute modification, veuillez contacter le Secrétariat.',
  changeUntil: "Vous pouvez modifier votre réponse jusqu'au {deadline}.",
  answer: 'Votre réponse',
  accept: 'Je participerai',
  decline: 'Je ne participerai pas',
  you: 'Votre participation',
  capacity: 'Qualité',
  visa: "J'ai besoin d'une lettre à l'appui d'une demande de visa",
  accessibility: "Besoins en matière d'accessibilité",
  arrival: "Date d'arrivée",
  departure: 'Date de départ',
  delegation: 'Membres de la délégation',
  delegationHelp: "Vous pouvez désigner jusqu'à {quota} membres en plus de vous-même. Pour remplacer un membre, inscrivez le nouveau nom et la nouvelle adresse à la place des anciens.",
  member: 'Membre {n}',
  fullName: 'Nom complet',
  email: 'Adresse électronique',
  jobTitle: 'Titre ou fonction',
  send: 'Envoyer ma réponse',
  saved: 'Votre réponse a été enregistrée.',
  credentials: {
    note_verbale: 'Note verbale',
    nomination_letter: 'Lettre de désignation',
    help: "Veuillez téléverser le document accréditant votre délégation (PDF, 10 Mo au plus).",
    upload: 'Téléverser',
    file: 'Document (PDF)',
    received: 'Votre document a été reçu.',
  },
  credentialStatus: { pending: 'reçu, en cours de vérification', verified: 'vérifié', rejected: 'non accepté' },
  problem: "Votre réponse n'a pas pu être enregistrée :",
  unknownLink: "Ce lien d'invitation n'est pas valide. Veuillez vérifier que l'adresse complète a été copiée depuis le message, ou contacter le Secrétariat.",
};

const es: RsvpPageText = {
  title: 'Respuesta a la invitación',
  intro: 'Queda usted invitado/a a la {title}.',
  dates: 'Fechas',
  place: 'Lugar',
  timeZone: 'Hora local',
  replyBy: 'Responder a más tardar el',
  status: {
    none: 'Todavía no ha respondido.',
    accepted: 'Ha aceptado esta invitación.',
    declined: 'Ha declinado esta invitación.',
    waitlisted: 'Todas las plazas están ocupadas por el momento: su delegación figura en la lista de espera, en el puesto {position}.',
    offered: 'Ha quedado una plaza disponible para su delegación. Confirme su participación a continuación antes del {offerExpiresAt}.',
    lapsed: 'La plaza ofrecida a su delegación no se confirmó a tiempo. Puede volver a responder a continuación.',
  },
  closed: 'El plazo de respuesta se cerró el {deadline}. Para cualquier cambio, diríjase a la Secretaría.',
  changeUntil: 'Puede modificar su respuesta hasta el {deadline}.',
  answer: 'Su respuesta',
  accept: 'Asistiré',
  decline: 'No asistiré',
  you: 'Su participación',
  capacity: 'Calidad',
  visa: 'Necesito una carta de apoyo para la solicitud de visado',
  accessibility: 'Necesidades de accesibilidad',
  arrival: 'Fecha de llegada',
  departure: 'Fecha de salida',
  delegation: 'Miembros de la delegación',
  delegationHelp: 'Puede designar hasta {quota} miembros además de usted. Para sustituir a un miembro, escriba el nuevo nombre y la nueva dirección en lugar de los anteriores.',
  member: 'Miembro {n}',
  fullName: 'Nombre completo',
  email: 'Correo electrónico',
  jobTitle: 'Cargo o función',
  send: 'Enviar mi respuesta',
  saved: 'Su respuesta ha quedado registrada.',
  credentials: {
    note_verbale: 'Nota verbal',
    nomination_letter: 'Carta de designación',
    help: 'Cargue el documento que acredita a su delegación (PDF, 10 MB como máximo).',
    upload: 'Cargar',
    file: 'Documento (PDF)',
    received: 'Hemos recibido su documento.',
  },
  credentialStatus: { pending: 'recibido, en verificación', verified: 'verificado', rejected: 'no aceptado' },
  problem: 'No se pudo registrar su respuesta:',
  unknownLink: 'Este enlace de invitación no es válido. Compruebe que ha copiado la dirección completa del mensaje o póngase en contacto con la Secretaría.',
};

const ru: RsvpPageText = {
  title: 'Ответ на приглашение',
  intro: 'Вы приглашены на мероприятие «{title}».',
  dates: 'Даты',
  place: 'Место',
  timeZone: 'Местное время',
  replyBy: 'Ответить не позднее',
  status: {
    none: 'Вы ещё не ответили.',
    accepted: 'Вы приняли это приглашение.',
    declined: 'Вы отклонили это приглашение.',
    waitlisted: 'Все места в настоящее время заняты: ваша делегация внесена в лист ожидания под номером {position}.',
    offered: 'Для вашей делегации освободилось место. Подтвердите участие ниже до {offerExpiresAt}.',
    lapsed: 'Предложенное вашей делегации место не было подтверждено вовремя. Вы можете ответить снова ниже.',
  },
  closed: 'Приём ответов завершён {deadline}. По вопросам изменений обращайтесь в Секретариат.',
  changeUntil: 'Вы можете изменить свой ответ не позднее {deadline}.',
  answer: 'Ваш ответ',
  accept: 'Я приму участие',
  decline: 'Я не смогу принять участие',
  you: 'Ваше участие',
  capacity: 'Статус',
  visa: 'Мне нужно письмо в поддержку визового запроса',
  accessibility: 'Потребности в доступности',
  arrival: 'Дата прибытия',
  departure: 'Дата отъезда',
  delegation: 'Члены делегации',
  delegationHelp: 'Вы можете назвать до {quota} членов делегации помимо себя. Чтобы заменить члена делегации, впишите новые имя и адрес вместо прежних.',
  member: 'Член делегации {n}',
  fullName: 'Полное имя',
  email: 'Адрес электронной почты',
  jobTitle: 'Должность',
  send: 'Отправить ответ',
  saved: 'Ваш ответ записан.',
  credentials: {
    note_verbale: 'Вербальная нота',
    nomination_letter: 'Письмо о назначении',
    help: 'Загрузите документ, подтверждающий полномочия вашей делегации (PDF, не более 10 МБ).',
    upload: 'Загрузить',
    file: 'Документ (PDF)',
    received: 'Ваш документ получен.',
  },
  credentialStatus: { pending: 'получен, проверяется', verified: 'проверен', rejected: 'не принят' },
  problem: 'Не удалось записать ваш ответ:',
  unknownLink: 'Эта ссылка на приглашение недействительна. Проверьте, что адрес скопирован из письма полностью, или обратитесь в Секретариат.',
};

const zh: RsvpPageText = {
  title: '答复邀请',
  intro: '诚邀您出席{title}。',
  dates: '会议日期',
  place: '地点',
  timeZone: '当地时间',
  replyBy: '答复截止',
  status: {
    none: '您尚未答复。',
    accepted: '您已接受此邀请。',
    declined: '您已谢绝此邀请。',
    waitlisted: '目前名额已满：贵代表团已列入候补名单，排第{position}位。',
    offered: '已为贵代表团空出名额。请于{offerExpiresAt}前在下方确认出席。',
    lapsed: '为贵代表团保留的名额未在期限内确认。您可在下方重新答复。',
  },
  closed: '答复已于{deadline}截止。如需更改，请联系秘书处。',
  changeUntil: '您最迟可于{deadline}更改答复。',
  answer: '您的答复',
  accept: '我将出席',
  decline: '我不能出席',
  you: '您的出席信息',
  capacity: '身份',
  visa: '我需要签证申请支持函',
  accessibility: '无障碍需求',
  arrival: '抵达日期',
  departure: '离开日期',
  delegation: '代表团成员',
  delegationHelp: '除您本人外，您最多可指定{quota}名成员。如需替换成员，请在原有内容处填写新的姓名和电子邮件地址。',
  member: '成员{n}',
  fullName: '姓名',
  email: '电子邮件地址',
  jobTitle: '职务',
  send: '发送答复',
  saved: '您的答复已记录。',
  credentials: {
    note_verbale: '普通照会',
    nomination_letter: '提名函',
    help: '请上传贵代表团的证明文件（PDF，不超过10 MB）。',
    upload: '上传',
    file: '文件（PDF）',
    received: '已收到您的文件。',
  },
  credentialStatus: { pending: '已收到，正在核实', verified: '已核实', rejected: '未被接受' },
  problem: '您的答复未能记录：',
  unknownLink: '此邀请链接无效。请确认已从邮件中完整复制地址，或联系秘书处。',
};

const ar: RsvpPageText = {
  title: 'الرد على الدعوة',
  intro: 'يسرنا دعوتكم إلى {title}.',
  dates: 'التواريخ',
  place: 'المكان',
  timeZone: 'التوقيت المحلي',
  replyBy: 'آخر موعد للرد',
  status: {
    none: 'لم تردوا بعد.',
    accepted: 'لقد قبلتم هذه الدعوة.',
    declined: 'لقد اعتذرتم عن هذه الدعوة.',
    waitlisted: 'جميع الأماكن مشغولة حاليا: أدرج وفدكم في قائمة الانتظار، في المرتبة {position}.',
    offered: 'أصبح مكان متاحا لوفدكم. يرجى تأكيد مشاركتكم أدناه قبل {offerExpiresAt}.',
    lapsed: 'لم يؤكَّد المكان المعروض على وفدكم في الموعد المحدد. يمكنكم الرد مجددا أدناه.',
  },
  closed: 'أغلق باب الردود في {deadline}. لأي تغيير، يرجى الاتصال بالأمانة.',
  changeUntil: 'يمكنكم تعديل ردكم حتى {deadline}.',
  answer: 'ردكم',
  accept: 'سأشارك',
  decline: 'لن أشارك',
  you: 'مشاركتكم',
  capacity: 'الصفة',
  visa: 'أحتاج إلى رسالة دعم لطلب التأشيرة',
  accessibility: 'احتياجات إمكانية الوصول',
  arrival: 'تاريخ الوصول',
  departure: 'تاريخ المغادرة',
  delegation: 'أعضاء الوفد',
  delegationHelp: 'يمكنكم تسمية ما يصل إلى {quota} من الأعضاء إضافة إليكم. لاستبدال عضو، اكتبوا الاسم والعنوان الجديدين مكان القديمين.',
  member: 'العضو {n}',
  fullName: 'الاسم الكامل',
  email: 'البريد الإلكتروني',
  jobTitle: 'المسمى الوظيفي',
  send: 'إرسال الرد',
  saved: 'سُجّل ردكم.',
  credentials: {
    note_verbale: 'مذكرة شفوية',
    nomination_letter: 'رسالة تسمية',
    help: 'يرجى تحميل الوثيقة التي تعتمد وفدكم (PDF، بحد أقصى 10 ميغابايت).',
    upload: 'تحميل',
    file: 'الوثيقة (PDF)',
    received: 'وردت وثيقتكم.',
  },
  credentialStatus: { pending: 'وردت، قيد التحقق', verified: 'تم التحقق منها', rejected: 'غير مقبولة' },
  problem: 'تعذر تسجيل ردكم:',
  unknownLink: 'رابط الدعوة هذا غير صالح. يرجى التأكد من نسخ العنوان كاملا من الرسالة، أو الاتصال بالأمانة.',
};

export const RSVP_PAGE_TEXT: Readonly<Record<UnLanguage, RsvpPageText>> = { ar, zh, en, fr, ru, es };
