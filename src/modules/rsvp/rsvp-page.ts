import type { UnLanguage } from '../../platform/http/validators';
import { CATALOGUES, SecretariatContact } from '../../platform/mail/templates';
import { isolate } from '../../platform/mail/mail-formatting';
import { escapeHtml } from '../../platform/mail/mime-skeleton';
import { CAPACITIES, Capacity } from './dto/rsvp.dto';
import { RSVP_PAGE_TEXT } from './rsvp-page-text';
import type { CredentialKind, DesiredMember } from '../participants';
import type { PartyStatus } from '../places';

export type RsvpDelegateView = Omit<DesiredMember, 'isInvitee' | 'replaces'> & { participantId: string | null };

/** What GET /rsvp/:token shows, as HTML or (with Accept: application/json) as this JSON. */
export interface RsvpView {
  language: UnLanguage;
  direction: 'ltr' | 'rtl';
  invitee: { fullName: string; organisation: string | null };
  conference: {
    id: string;
    title: string;
    city: string;
    venue: string | null;
    country: string;
    countryName: string;
    startsOn: string;
    endsOn: string;
    /** The IANA id, for programs; people read timeZoneText. */
    timezone: string;
    /** The zone named in the reader's language, with the city and offset. */
    timeZoneText: string;
    /** The reader's own zone, when it shows another time than the conference's. */
    readerTimeZoneText: string | null;
    partners: string[];
    dates: string;
    place: string;
  };
  /** Whom to write to about anything on this page. */
  secretariat: SecretariatContact;
  deadline: string | null;
  /** YYYY-MM-DD when the deadline is the end of that day, conference time. */
  deadlineDate: string | null;
  deadlineText: string | null;
  /** Whether an answer is taken now (before the deadline, or while an offer is open). */
  open: boolean;
  response: PartyStatus;
  waitlistPosition: number | null;
  offerExpiresAt: string | null;
  offerExpiresText: string | null;
  delegationQuota: number;
  answer: {
    capacity: Capacity | null;
    needsVisaLetter: boolean;
    accessibilityNeeds: string | null;
    arrivalOn: string | null;
    departureOn: string | null;
    delegates: RsvpDelegateView[];
  };
  credentials: { kind: CredentialKind; documents: Array<{ id: string; filename: string; status: 'pending' | 'verified' | 'rejected'; uploadedAt: string }> };
}

export interface PageNotice {
  /** Shown above the form: the answer was recorded, or a document received. */
  notice?: 'saved' | 'received';
  /** A refusal to show with the form, already in words. */
  problem?: string;
}

const e = escapeHtml;
/** An embedded name, title or place, isolated from the page's direction. */
const b = (value: string) => `<bdi>${e(value)}</bdi>`;
/** Fills {slots} of a sentence into HTML: the sentence escaped, each value escaped and isolated. */
const fill = (template: string, slots: Record<string, string>) =>
  template
    .split(/(\{\w+\})/)
    .map((piece) => {
      const slot = /^\{(\w+)\}$/.exec(piece);
      return slot ? b(slots[slot[1]] ?? '') : e(piece);
    })
    .join('');

const STYLE = `
body{margin:0;background:#eef1f4;color:#1f2933;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans SC",sans-serif}
main{max-width:46rem;margin:0 auto;background:#fff;border-top:4px solid #1b4f72;padding:1.5rem 2rem 2rem}
h1{font-size:1.5rem;margin:.25rem 0 1rem;color:#1b4f72}
h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dt{color:#52606d}dd{margin:0}
.status{padding:.75rem 1rem;background:#f0f4f8;border-inline-start:4px solid #1b4f72;margin:1rem 0}
.notice{padding:.75rem 1rem;background:#e3f9e5;border-inline-start:4px solid #2f8132;margin:1rem 0}
.problem{padding:.75rem 1rem;background:#ffe3e3;border-inline-start:4px solid #ba2525;margin:1rem 0}
fieldset{border:1px solid #cbd2d9;border-radius:4px;margin:0 0 1rem;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}
label{display:block;margin:.5rem 0 .15rem}
label.inline{display:inline-flex;gap:.4rem;align-items:center;margin-inline-end:1.5rem}
input[type=text],input[type=email],input[type=date],select,textarea{width:100%;box-sizing:border-box;padding:.45rem;border:1px solid #9aa5b1;border-radius:3px;font:inherit}
.member{display:grid;grid-template-columns:1fr 1fr;gap:0 1rem}
button{background:#1b4f72;color:#fff;border:0;border-radius:4px;padding:.7rem 1.5rem;font:inherit;cursor:pointer}
button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f7c948;outline-offset:1px}
.help{color:#52606d;font-size:.9rem}
@media (max-width:40rem){main{padding:1rem}.member{grid-template-columns:1fr}dl{grid-template-columns:1fr}}
`;

function capacityOptions(language: UnLanguage, selected: Capacity | null, name: string, id: string, label: string): string {
  const names = CATALOGUES[language].capacities;
  const options = CAPACITIES.map((c) => `<option value="${c}"${c === selected ? ' selected' : ''}>${e(names[c])}</option>`).join('');
  return `<label for="${id}">${e(label)}</label><select id="${id}" name="${name}">${options}</select>`;
}

/** The page a person opens from the invitation: the conference, where their answer stands, and a form that needs no script. */
export function renderRsvpPage(view: RsvpView, token: string, notice: PageNotice = {}): string {
  const t = RSVP_PAGE_TEXT[view.language];
  const c = view.conference;
  const parts: string[] = [];
  const mail = CATALOGUES[view.language];
  const addressee = [view.invitee.fullName, view.invitee.organisation].filter((v): v is string => !!v);
  parts.push(`<h1 dir="auto">${e(c.title)}</h1>`);
  if (addressee.length) parts.push(`<p class="addressee" id="addressee">${addressee.map(b).join(e(mail.listSeparator))}</p>`);
  parts.push(`<p>${fill(t.intro, { title: c.title })}</p>`);
  parts.push(
    `<dl><dt>${e(t.dates)}</dt><dd>${b(c.dates)}</dd><dt>${e(t.place)}</dt><dd>${b(c.place)}</dd>` +
      `<dt>${e(t.timeZone)}</dt><dd>${b(c.timeZoneText)}</dd>` +
      (c.readerTimeZoneText ? `<dt>${e(mail.labels.yourTimeZone)}</dt><dd>${b(c.readerTimeZoneText)}</dd>` : '') +
      (view.deadlineText ? `<dt>${e(t.replyBy)}</dt><dd><strong>${b(view.deadlineText)}</strong></dd>` : '') +
      `</dl>`,
  );
  if (notice.notice === 'saved') parts.push(`<p class="notice" role="status">${e(t.saved)}</p>`);
  if (notice.notice === 'received') parts.push(`<p class="notice" role="status">${e(t.credentials.received)}</p>`);
  if (notice.problem) parts.push(`<div class="problem" role="alert"><p>${e(t.problem)}</p><p>${e(notice.problem)}</p></div>`);
  const status = fill(t.status[view.response], { position: String(view.waitlistPosition ?? ''), offerExpiresAt: view.offerExpiresText ?? '' });
  parts.push(`<p class="status" id="current-answer" data-response="${view.response}">${status}</p>`);

  if (!view.open) {
    parts.push(`<p>${fill(t.closed, { deadline: view.deadlineText ?? '' })}</p>`);
  } else {
    if (view.deadlineText) parts.push(`<p class="help">${fill(t.changeUntil, { deadline: view.deadlineText })}</p>`);
    parts.push(answerForm(view, t));
    parts.push(credentialsForm(view, token, t));
  }
  parts.push(secretariatBlock(view.secretariat, mail.labels.secretariat));
  return [
    '<!DOCTYPE html>',
    `<html lang="${view.language}" dir="${view.direction}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex, nofollow">',
    `<title>${e(t.title)} — ${e(isolate(c.title, view.direction === 'rtl'))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body><main>`,
    ...parts,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}

function answerForm(view: RsvpView, t: (typeof RSVP_PAGE_TEXT)['en']): string {
  const a = view.answer;
  const accepting = view.response === 'none' || view.response === 'accepted' || view.response === 'waitlisted' || view.response === 'offered';
  const rows: string[] = [];
  const count = Math.max(view.delegationQuota, a.delegates.length);
  for (let i = 0; i < count; i++) {
    const d = a.delegates[i];
    const p = `delegates[${i}]`;
    const id = `delegate-${i}`;
    rows.push(
      `<fieldset><legend>${fill(t.member, { n: String(i + 1) })}</legend>` +
        (d?.participantId ? `<input type="hidden" name="${p}[replaces]" value="${e(d.participantId)}">` : '') +
        `<div class="member">` +
        `<div><label for="${id}-name">${e(t.fullName)}</label><input type="text" id="${id}-name" name="${p}[fullName]" maxlength="200" value="${e(d?.fullName ?? '')}" autocomplete="off"></div>` +
        `<div><label for="${id}-email">${e(t.email)}</label><input type="email" id="${id}-email" name="${p}[email]" maxlength="254" value="${e(d?.email ?? '')}" autocomplete="off"></div>` +
        `<div><label for="${id}-title">${e(t.jobTitle)}</label><input type="text" id="${id}-title" name="${p}[jobTitle]" maxlength="200" value="${e(d?.jobTitle ?? '')}"></div>` +
        `<div>${capacityOptions(view.language, d?.capacity ?? 'delegate', `${p}[capacity]`, `${id}-capacity`, t.capacity)}</div>` +
        `</div>` +
        `<label class="inline"><input type="checkbox" name="${p}[needsVisaLetter]" value="true"${d?.needsVisaLetter ? ' checked' : ''}> ${e(t.visa)}</label>` +
        `</fieldset>`,
    );
  }
  return [
    `<form method="post" action="" accept-charset="utf-8">`,
    `<fieldset><legend>${e(t.answer)}</legend>`,
    `<label class="inline"><input type="radio" name="response" value="accept" required${accepting ? ' checked' : ''}> ${e(t.accept)}</label>`,
    `<label class="inline"><input type="radio" name="response" value="decline" required${accepting ? '' : ' checked'}> ${e(t.decline)}</label>`,
    `</fieldset>`,
    `<h2>${e(t.you)}</h2>`,
    capacityOptions(view.language, a.capacity, 'capacity', 'capacity', t.capacity),
    `<label class="inline"><input type="checkbox" name="needsVisaLetter" value="true"${a.needsVisaLetter ? ' checked' : ''}> ${e(t.visa)}</label>`,
    `<label for="accessibilityNeeds">${e(t.accessibility)}</label><textarea id="accessibilityNeeds" name="accessibilityNeeds" rows="2" maxlength="1000">${e(a.accessibilityNeeds ?? '')}</textarea>`,
    `<div class="member"><div><label for="arrivalOn">${e(t.arrival)}</label><input type="date" id="arrivalOn" name="arrivalOn" value="${e(a.arrivalOn ?? '')}"></div>`,
    `<div><label for="departureOn">${e(t.departure)}</label><input type="date" id="departureOn" name="departureOn" value="${e(a.departureOn ?? '')}"></div></div>`,
    ...(count > 0 ? [`<h2>${e(t.delegation)}</h2>`, `<p class="help">${fill(t.delegationHelp, { quota: String(view.delegationQuota) })}</p>`, ...rows] : []),
    `<p><button type="submit">${e(t.send)}</button></p>`,
    `</form>`,
  ].join('\n');
}

/** The secretariat's name, e-mail (a mailto link) and telephone, at the foot of every invitee page. */
function secretariatBlock(contact: SecretariatContact, label: string): string {
  const email = `<a href="mailto:${e(contact.email)}" dir="ltr">${e(contact.email)}</a>`;
  const phone = contact.phone ? `<a href="tel:${e(contact.phone.replace(/[^+0-9]/g, ''))}" dir="ltr">${e(contact.phone)}</a>` : '';
  return `<footer class="secretariat" id="secretariat"><h2>${e(label)}</h2><p>${[contact.name ? b(contact.name) : '', email, phone].filter(Boolean).join('<br>')}</p></footer>`;
}

function credentialsForm(view: RsvpView, token: string, t: (typeof RSVP_PAGE_TEXT)['en']): string {
  const kind = t.credentials[view.credentials.kind];
  const documents = view.credentials.documents.map((d) => `<li><bdi>${e(d.filename)}</bdi> — ${e(t.credentialStatus[d.status])}</li>`).join('');
  return [
    `<h2>${e(kind)}</h2>`,
    `<p class="help">${e(t.credentials.help)}</p>`,
    documents ? `<ul>${documents}</ul>` : '',
    `<form method="post" action="${e(token)}/credentials" enctype="multipart/form-data">`,
    `<label for="file">${e(t.credentials.file)}</label><input type="file" id="file" name="file" accept="application/pdf" required>`,
    `<p><button type="submit">${e(t.credentials.upload)}</button></p>`,
    `</form>`,
  ].join('\n');
}

/** The page for a link that opens nothing: the same for every unknown token, in the six languages. */
export function renderUnknownLinkPage(): string {
  const order: UnLanguage[] = ['en', 'fr', 'es', 'ru', 'zh', 'ar'];
  const body = order.map((l) => `<p lang="${l}" dir="${l === 'ar' ? 'rtl' : 'ltr'}">${e(RSVP_PAGE_TEXT[l].unknownLink)}</p>`).join('\n');
  return `<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex, nofollow">\n<title>${e(RSVP_PAGE_TEXT.en.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body><main>\n${body}\n</main></body>\n</html>\n`;
}
