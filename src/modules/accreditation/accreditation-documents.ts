import type { UnLanguage } from '../../platform/http/validators';
import { PdfDocument } from '../../platform/documents/pdf-document';
import { countryName, formatDateRange } from '../../platform/mail/mail-formatting';

export interface BadgeContent {
  conferenceTitle: string;
  city: string;
  startsOn: string;
  endsOn: string;
  /** Printed before the name, as the participant data holds it (H.E. Mr., Dr, ...). */
  honorific: string | null;
  fullName: string;
  jobTitle: string | null;
  delegation: string;
  /** The other half of "country (or organisation)": the organisation of a Member State's delegate, the country of an organisation's. */
  affiliation: string | null;
  capacity: string;
  code: string;
}

/** The name as protocol writes it: the honorific, when there is one, before it. */
export const withHonorific = (honorific: string | null, fullName: string) => (honorific ? `${honorific} ${fullName}` : fullName);

/** A6 badge: the person large enough to read at arm's length, the QR code big enough for a door scanner. */
export async function renderBadge(b: BadgeContent): Promise<Buffer> {
  const doc = new PdfDocument({ title: `Badge: ${b.fullName}`, language: 'en', size: 'A6', margin: 20 });
  const x = doc.margin;
  const width = doc.pageWidth - 2 * x;
  let y = doc.paragraph(b.conferenceTitle, x, 36, width, { size: 10, weight: 'bold', align: 'center', lineHeight: 13 });
  doc.line(`${b.city} · ${formatDateRange('en', b.startsOn, b.endsOn)}`, x, y + 2, width, { size: 9, align: 'center', color: '#444444' });
  y = doc.paragraph(withHonorific(b.honorific, b.fullName), x, y + 40, width, { size: 20, weight: 'bold', align: 'center', lineHeight: 24 });
  if (b.jobTitle) y = doc.paragraph(b.jobTitle, x, y + 2, width, { size: 10, align: 'center', lineHeight: 13 });
  doc.line(b.delegation, x, y + 14, width, { size: 13, weight: 'bold', align: 'center' });
  if (b.affiliation) doc.line(b.affiliation, x, y + 30, width, { size: 10, align: 'center' });
  const band = doc.pageHeight - 178;
  doc.pdf.save().rect(0, band, doc.pageWidth, 26).fill('#1f4e79').restore();
  doc.line(b.capacity.toUpperCase(), x, band + 18, width, { size: 12, weight: 'bold', align: 'center', color: '#ffffff' });
  const qr = 140;
  doc.qrCode(b.code, (doc.pageWidth - qr) / 2, doc.pageHeight - qr - 8, qr);
  return doc.finish();
}

export interface VisaLetterContent {
  language: UnLanguage;
  secretariat: string;
  hostCountry: string;
  conferenceTitle: string;
  city: string;
  startsOn: string;
  endsOn: string;
  honorific: string | null;
  fullName: string;
  jobTitle: string | null;
  organisation: string | null;
  issuedOn: string;
}

interface LetterWords {
  to: (country: string) => string;
  subject: string;
  body: (l: VisaLetterContent, dates: string, country: string) => string;
  closing: string;
}

const WORDS: Record<UnLanguage, LetterWords> = {
  en: {
    to: (c) => `To the Embassy or Consulate of ${c}`,
    subject: 'Subject: visa support letter',
    body: (l, dates, c) =>
      `The secretariat of ${l.conferenceTitle} presents its compliments and has the honour to confirm that ${name(l)}${role(l, ', ')} is registered as a participant in the conference, to be held in ${l.city}, ${c}, ${dates}. The secretariat would be grateful for any assistance in issuing the necessary visa.`,
    closing: 'The secretariat avails itself of this opportunity to renew the assurances of its highest consideration.',
  },
  fr: {
    to: (c) => `À l’Ambassade ou au Consulat de ${c}`,
    subject: 'Objet : lettre d’appui à la demande de visa',
    body: (l, dates, c) =>
      `Le secrétariat de la conférence « ${l.conferenceTitle} » présente ses compliments et a l’honneur de confirmer que ${name(l)}${role(l, ', ')} est inscrit(e) comme participant(e) à la conférence qui se tiendra à ${l.city} (${c}), ${dates}. Le secrétariat vous serait reconnaissant de bien vouloir faciliter la délivrance du visa nécessaire.`,
    closing: 'Le secrétariat saisit cette occasion pour renouveler l’assurance de sa très haute considération.',
  },
  es: {
    to: (c) => `A la Embajada o el Consulado de ${c}`,
    subject: 'Asunto: carta de apoyo para la solicitud de visado',
    body: (l, dates, c) =>
      `La secretaría de la conferencia «${l.conferenceTitle}» saluda atentamente y tiene el honor de confirmar que ${name(l)}${role(l, ', ')} está inscrito(a) como participante en la conferencia que se celebrará en ${l.city} (${c}), ${dates}. La secretaría agradecería toda ayuda para la expedición del visado necesario.`,
    closing: 'La secretaría aprovecha la oportunidad para reiterar las seguridades de su más alta consideración.',
  },
  ru: {
    to: (c) => `В посольство или консульство: ${c}`,
    subject: 'Тема: письмо в поддержку визового запроса',
    body: (l, dates, c) =>
      `Секретариат конференции «${l.conferenceTitle}» свидетельствует своё уважение и имеет честь подтвердить, что ${name(l)}${role(l, ', ')} зарегистрирован(а) в качестве участника конференции, которая состоится в городе ${l.city} (${c}) ${dates}. Секретариат будет признателен за содействие в выдаче необходимой визы.`,
    closing: 'Секретариат пользуется случаем, чтобы возобновить уверения в своём самом высоком уважении.',
  },
  ar: {
    to: (c) => `إلى سفارة أو قنصلية ${c}`,
    subject: 'الموضوع: رسالة دعم لطلب التأشيرة',
    body: (l, dates, c) =>
      `تهدي أمانة ${l.conferenceTitle} أطيب تحياتها وتتشرف بأن تؤكد أن ${name(l)}${role(l, '، ')} مسجل بصفته مشاركا في المؤتمر الذي سيعقد في ${l.city}، ${c}، ${dates}. وستكون الأمانة ممتنة لأي مساعدة في إصدار التأشيرة اللازمة.`,
    closing: 'وتغتنم الأمانة هذه الفرصة لتعرب مجددا عن فائق تقديرها.',
  },
  zh: {
    to: (c) => `致${c}大使馆或领事馆`,
    subject: '事由：签证支持函',
    body: (l, dates, c) => `${l.conferenceTitle}秘书处谨致问候，并荣幸地确认，${name(l)}${role(l, '，')}已登记为将于${dates}在${c}${l.city}举行的会议的与会者。秘书处感谢贵方为签发所需签证提供协助。`,
    closing: '秘书处谨借此机会再次表示最崇高的敬意。',
  },
};

const name = (l: VisaLetterContent) => withHonorific(l.honorific, l.fullName);
const role = (l: VisaLetterContent, comma: string) => [l.jobTitle, l.organisation].filter(Boolean).map((part) => `${comma}${part}`).join('');

/** A4 letter on the secretariat's letterhead, addressed to the host country's embassy or consulate, in the participant's language. */
export async function renderVisaLetter(l: VisaLetterContent): Promise<Buffer> {
  const words = WORDS[l.language];
  const rtl = l.language === 'ar';
  const doc = new PdfDocument({ title: `${words.subject}: ${l.fullName}`, language: l.language, size: 'A4' });
  const x = doc.margin;
  const width = doc.pageWidth - 2 * x;
  const align = rtl ? 'end' : 'start';
  const country = countryName(l.language, l.hostCountry);
  let y = doc.paragraph(l.secretariat, x, 70, width, { size: 14, weight: 'bold', align: 'center', lineHeight: 18 });
  doc.line(l.conferenceTitle, x, y + 2, width, { size: 10, align: 'center', color: '#444444' });
  doc.pdf.save().moveTo(x, y + 14).lineTo(x + width, y + 14).lineWidth(0.8).stroke('#1f4e79').restore();
  doc.line(l.issuedOn, x, y + 50, width, { size: 11, align: rtl ? 'start' : 'end' });
  y = doc.paragraph(words.to(country), x, y + 80, width, { size: 11, weight: 'bold', align, lineHeight: 15 });
  y = doc.paragraph(words.subject, x, y + 16, width, { size: 11, weight: 'bold', align, lineHeight: 15 });
  y = doc.paragraph(words.body(l, formatDateRange(l.language, l.startsOn, l.endsOn), country), x, y + 16, width, { size: 11, align, lineHeight: 16 });
  doc.paragraph(words.closing, x, y + 14, width, { size: 11, align, lineHeight: 16 });
  return doc.finish();
}

export interface ListedMember {
  participantId: string;
  capacity: string;
  honorific: string | null;
  fullName: string;
  jobTitle: string | null;
}

export interface ListedDelegation {
  heading: string;
  stakeholderType: string;
  members: ListedMember[];
}

export interface ParticipantListContent {
  kind: 'provisional' | 'final';
  conferenceTitle: string;
  city: string;
  startsOn: string;
  endsOn: string;
  delegations: ListedDelegation[];
}

/** The list of participants, an official document of the meeting: delegations in protocol order, page after page. */
export async function renderParticipantList(l: ParticipantListContent): Promise<Buffer> {
  const title = l.kind === 'final' ? 'List of participants' : 'Provisional list of participants';
  const doc = new PdfDocument({ title: `${title}: ${l.conferenceTitle}`, language: 'en', size: 'A4' });
  const x = doc.margin;
  const width = doc.pageWidth - 2 * x;
  const bottom = doc.pageHeight - doc.margin;
  let y = doc.paragraph(l.conferenceTitle, x, 70, width, { size: 14, weight: 'bold', align: 'center', lineHeight: 18 });
  doc.line(`${l.city} · ${formatDateRange('en', l.startsOn, l.endsOn)}`, x, y + 2, width, { size: 10, align: 'center', color: '#444444' });
  doc.line(title, x, y + 30, width, { size: 13, weight: 'bold', align: 'center' });
  y += 64;
  const room = (needed: number) => {
    if (y + needed <= bottom) return;
    doc.addPage();
    y = doc.margin + 14;
  };
  for (const delegation of l.delegations) {
    room(40);
    doc.line(delegation.heading, x, y, width, { size: 12, weight: 'bold' });
    y += 18;
    for (const member of delegation.members) {
      room(28);
      doc.line(member.capacity, x + 12, y, 130, { size: 9, color: '#444444' });
      doc.line(withHonorific(member.honorific, member.fullName), x + 150, y, width - 150, { size: 10.5, weight: 'bold' });
      y += 13;
      if (member.jobTitle) {
        doc.line(member.jobTitle, x + 150, y, width - 150, { size: 9.5 });
        y += 13;
      }
      y += 3;
    }
    y += 8;
  }
  return doc.finish();
}
