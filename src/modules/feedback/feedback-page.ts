import { UnLanguage } from '../../platform/http/validators';
import { escapeHtml } from '../../platform/mail/mime-skeleton';
import type { FeedbackView } from './feedback.service';

interface PageText {
  dir: 'ltr' | 'rtl';
  heading: string;
  intro: string;
  rating: string;
  /** Words for 1 to 5. */
  scale: [string, string, string, string, string];
  comment: string;
  send: string;
  saved: string;
  closed: string;
  current: string;
  unknown: string;
}

export const FEEDBACK_PAGE_TEXT: Record<UnLanguage, PageText> = {
  en: {
    dir: 'ltr',
    heading: 'Your feedback',
    intro: 'How useful was the conference for you? Your answer feeds the follow-up report; you may change it until the report is submitted.',
    rating: 'Your rating',
    scale: ['1 – poor', '2 – fair', '3 – good', '4 – very good', '5 – excellent'],
    comment: 'Comment (optional)',
    send: 'Send',
    saved: 'Thank you: your feedback is recorded.',
    closed: 'The report of this conference has been submitted; feedback can no longer change.',
    current: 'Your recorded rating: {rating} out of 5.',
    unknown: 'This feedback link is not valid. Check that the whole address was copied from the e-mail, or contact the secretariat.',
  },
  fr: {
    dir: 'ltr',
    heading: 'Votre avis',
    intro: 'La conférence vous a-t-elle été utile ? Votre réponse alimente le rapport de suivi ; vous pouvez la modifier jusqu’à la remise du rapport.',
    rating: 'Votre note',
    scale: ['1 – insuffisant', '2 – passable', '3 – bien', '4 – très bien', '5 – excellent'],
    comment: 'Commentaire (facultatif)',
    send: 'Envoyer',
    saved: 'Merci : votre avis est enregistré.',
    closed: 'Le rapport de cette conférence a été remis ; l’avis ne peut plus être modifié.',
    current: 'Votre note enregistrée : {rating} sur 5.',
    unknown: 'Ce lien n’est pas valide. Vérifiez que l’adresse complète a été copiée depuis le courriel, ou contactez le secrétariat.',
  },
  es: {
    dir: 'ltr',
    heading: 'Su opinión',
    intro: '¿Qué utilidad tuvo la conferencia para usted? Su respuesta alimenta el informe de seguimiento; puede modificarla hasta que se presente el informe.',
    rating: 'Su valoración',
    scale: ['1 – deficiente', '2 – regular', '3 – buena', '4 – muy buena', '5 – excelente'],
    comment: 'Comentario (opcional)',
    send: 'Enviar',
    saved: 'Gracias: su opinión ha quedado registrada.',
    closed: 'El informe de esta conferencia ya se presentó; la opinión ya no puede modificarse.',
    current: 'Su valoración registrada: {rating} de 5.',
    unknown: 'Este enlace no es válido. Compruebe que copió la dirección completa del correo electrónico o póngase en contacto con la secretaría.',
  },
  ru: {
    dir: 'ltr',
    heading: 'Ваш отзыв',
    intro: 'Насколько полезной была для вас конференция? Ваш ответ войдет в итоговый доклад; его можно изменить до представления доклада.',
    rating: 'Ваша оценка',
    scale: ['1 – плохо', '2 – удовлетворительно', '3 – хорошо', '4 – очень хорошо', '5 – отлично'],
    comment: 'Комментарий (необязательно)',
    send: 'Отправить',
    saved: 'Спасибо: ваш отзыв сохранен.',
    closed: 'Доклад об этой конференции представлен; отзыв больше нельзя изменить.',
    current: 'Ваша сохраненная оценка: {rating} из 5.',
    unknown: 'Эта ссылка недействительна. Проверьте, что адрес скопирован из письма полностью, или обратитесь в секретариат.',
  },
  zh: {
    dir: 'ltr',
    heading: '您的反馈',
    intro: '本次会议对您有多大帮助？您的答复将纳入后续报告；在报告提交之前，您可以修改答复。',
    rating: '您的评分',
    scale: ['1 – 差', '2 – 一般', '3 – 好', '4 – 很好', '5 – 优秀'],
    comment: '意见（可选）',
    send: '提交',
    saved: '谢谢：您的反馈已记录。',
    closed: '本次会议的报告已提交，反馈不能再修改。',
    current: '您已记录的评分：{rating}（满分 5）。',
    unknown: '此链接无效。请确认已从电子邮件中复制完整地址，或与秘书处联系。',
  },
  ar: {
    dir: 'rtl',
    heading: 'رأيكم',
    intro: 'ما مدى فائدة المؤتمر بالنسبة إليكم؟ تُدرج إجابتكم في تقرير المتابعة، ويمكنكم تعديلها إلى حين تقديم التقرير.',
    rating: 'تقييمكم',
    scale: ['1 – ضعيف', '2 – مقبول', '3 – جيد', '4 – جيد جدًا', '5 – ممتاز'],
    comment: 'تعليق (اختياري)',
    send: 'إرسال',
    saved: 'شكرًا لكم: سُجل رأيكم.',
    closed: 'قُدم تقرير هذا المؤتمر، ولم يعد من الممكن تعديل الرأي.',
    current: 'تقييمكم المسجل: {rating} من 5.',
    unknown: 'هذا الرابط غير صالح. تحققوا من نسخ العنوان كاملًا من الرسالة، أو اتصلوا بالأمانة.',
  },
};

const STYLE = `body{font-family:system-ui,"Noto Sans","Noto Sans Arabic","Noto Sans SC",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}
h1{font-size:1.5rem}fieldset{border:1px solid #999;padding:.75rem 1rem}label{display:block;margin:.3rem 0}textarea{width:100%;min-height:6rem}
button{margin-top:1rem;padding:.5rem 1.5rem;font-size:1rem}.notice{background:#e8f3ea;padding:.5rem 1rem}.problem{background:#fbeaea;padding:.5rem 1rem}`;

function page(language: UnLanguage, title: string, body: string): string {
  const t = FEEDBACK_PAGE_TEXT[language];
  return `<!DOCTYPE html>
<html lang="${language}" dir="${t.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body>
</html>
`;
}

export interface FeedbackNotice {
  saved?: boolean;
  problem?: string;
}

/** The feedback page: a form that works without JavaScript, in the participant's language and direction. */
export function renderFeedbackPage(view: FeedbackView, token: string, notice: FeedbackNotice = {}): string {
  const t = FEEDBACK_PAGE_TEXT[view.language];
  const parts = [`<h1>${escapeHtml(t.heading)}</h1>`, `<p><strong><bdi>${escapeHtml(view.conference.title)}</bdi></strong></p>`];
  if (notice.saved) parts.push(`<p class="notice" role="status">${escapeHtml(t.saved)}</p>`);
  if (notice.problem) parts.push(`<p class="problem" role="alert">${escapeHtml(notice.problem)}</p>`);
  if (view.rating !== null) parts.push(`<p>${escapeHtml(t.current.replace('{rating}', String(view.rating)))}</p>`);
  if (!view.open) {
    parts.push(`<p>${escapeHtml(t.closed)}</p>`);
  } else {
    const options = t.scale
      .map((label, i) => `<label><input type="radio" name="rating" value="${i + 1}" required${view.rating === i + 1 ? ' checked' : ''}> ${escapeHtml(label)}</label>`)
      .join('\n');
    parts.push(
      `<p>${escapeHtml(t.intro)}</p>`,
      `<form method="post" action="/feedback/${encodeURIComponent(token)}">`,
      `<fieldset><legend>${escapeHtml(t.rating)}</legend>\n${options}\n</fieldset>`,
      `<label for="comment">${escapeHtml(t.comment)}</label>`,
      `<textarea id="comment" name="comment" maxlength="4000">${escapeHtml(view.comment ?? '')}</textarea>`,
      `<button type="submit">${escapeHtml(t.send)}</button>`,
      `</form>`,
    );
  }
  return page(view.language, `${t.heading} – ${view.conference.title}`, parts.join('\n'));
}

export function renderUnknownFeedbackPage(): string {
  return page('en', 'Feedback', `<h1>Feedback</h1>\n<p>${escapeHtml(FEEDBACK_PAGE_TEXT.en.unknown)}</p>`);
}
