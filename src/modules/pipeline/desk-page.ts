import type { Role } from '../../platform/auth/roles';
import { DashboardCatalogue, fill } from './dashboard-catalogues';
import { asset, escapeHtml, scriptJson } from './dashboard-page';
import type { DeskChoices } from './desk-choices';

/** The views of the secretariat's desk, each at /dashboard/desk/<view>[/<id>]; the id is a series', a conference's or a contact's. */
export const DESK_VIEWS = ['conferences', 'series', 'conference', 'contacts', 'contact', 'waves', 'invitations', 'participants', 'reminders', 'keys'] as const;
export type DeskView = (typeof DESK_VIEWS)[number];

/** Views about one conference: the menu links them once a conference is open. */
const CONFERENCE_VIEWS: DeskView[] = ['conference', 'waves', 'invitations', 'participants', 'reminders'];

export interface DeskPageContext {
  catalogue: DashboardCatalogue;
  languages: Array<{ language: string; name: string }>;
  assetVersions: Record<string, string>;
  caller: { name: string; role: Role };
  view: DeskView;
  id: string | null;
  queueBoardUrl: string | null;
  choices: DeskChoices;
}

export function renderDeskPage(ctx: DeskPageContext): string {
  const m = ctx.catalogue.messages;
  const t = (key: string, values?: Record<string, string | number>) => escapeHtml(fill(m[key] ?? key, values));
  const link = (view: DeskView, id: string | null, label: string) => {
    const href = `/dashboard/desk/${view}${id ? `/${encodeURIComponent(id)}` : ''}`;
    return `<li><a href="${escapeHtml(href)}"${ctx.view === view ? ' aria-current="page"' : ''}>${label}</a></li>`;
  };
  const conferenceId = CONFERENCE_VIEWS.includes(ctx.view) ? ctx.id : null;
  const conferenceLinks = conferenceId ? CONFERENCE_VIEWS.map((view) => link(view, conferenceId, t(`desk.nav.${view}`))).join('') : '';
  const languages = ctx.languages
    .map(({ language, name }) =>
      `<li><a href="?lang=${escapeHtml(language)}" lang="${escapeHtml(language)}"${language === ctx.catalogue.language ? ' aria-current="true"' : ` hreflang="${escapeHtml(language)}"`}>${escapeHtml(name)}</a></li>`,
    )
    .join('');
  const config = { lang: ctx.catalogue.language, messages: m, role: ctx.caller.role, view: ctx.view, id: ctx.id, choices: ctx.choices };
  return `<!doctype html>
<html lang="${escapeHtml(ctx.catalogue.language)}" dir="${ctx.catalogue.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(`desk.title.${ctx.view}`)} · ${t('app.name')}</title>
<link rel="stylesheet" href="${asset(ctx, 'dashboard.css')}">
<link rel="stylesheet" href="${asset(ctx, 'desk.css')}">
</head>
<body>
<a class="skip-link" href="#main">${t('desk.skip')}</a>
<header class="masthead">
  <p class="brand">${t('app.name')} · ${t('desk.name')}</p>
  <ul class="session">
    <li>${t('nav.signedInAs', { name: ctx.caller.name, role: m[`role.${ctx.caller.role}`] ?? ctx.caller.role })}</li>
    <li id="desk-clock"></li>
    <li><a href="/dashboard">${t('page.title')}</a></li>
    ${ctx.queueBoardUrl ? `<li><a href="${escapeHtml(ctx.queueBoardUrl)}">${t('nav.queues')}</a></li>` : ''}
    <li><form method="post" action="/dashboard/logout"><button type="submit" class="link-button">${t('nav.signOut')}</button></form></li>
  </ul>
  <nav class="languages" aria-label="${t('nav.language')}"><ul>${languages}</ul></nav>
</header>
<nav class="desk-nav" aria-label="${t('desk.nav.label')}">
  <ul>${link('conferences', null, t('desk.nav.conferences'))}${link('contacts', null, t('desk.nav.contacts'))}${ctx.caller.role === 'admin' ? link('keys', null, t('desk.nav.keys')) : ''}</ul>
  ${conferenceLinks ? `<ul class="desk-conference-nav" aria-label="${t('desk.nav.conferenceLabel')}">${conferenceLinks}</ul>` : ''}
</nav>
<main id="main" tabindex="-1">
  <h1 id="desk-heading">${t(`desk.title.${ctx.view}`)}</h1>
  <p id="desk-announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>
  <noscript><p class="message">${t('noscript')}</p></noscript>
  <div id="desk" aria-busy="true"></div>
</main>
<script type="application/json" id="desk-config">${scriptJson(config)}</script>
<script src="${asset(ctx, 'page-kit.js')}"></script>
<script src="${asset(ctx, 'desk.js')}"></script>
</body>
</html>
`;
}
