import type { Role } from '../../platform/auth/roles';
import { DashboardCatalogue, fill } from './dashboard-catalogues';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** JSON inside a <script> element: nothing in it may close the element or open a comment. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Scripts and styles come only from this site; the page can be framed by nobody. */
export const DASHBOARD_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // Not no-referrer: with it browsers post forms with "Origin: null", which the login must refuse.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

export const ASSETS_ROUTE = '/dashboard/assets';

interface PageContext {
  catalogue: DashboardCatalogue;
  languages: Array<{ language: string; name: string }>;
  /** Asset file name -> version, so a new release is never served from a stale cache. */
  assetVersions: Record<string, string>;
}

export interface LoginPageContext extends PageContext {
  error?: string;
  notice?: string;
}

export interface DashboardPageContext extends PageContext {
  caller: { name: string; role: Role };
  lifecycle: string[];
  pollMs: number;
  queueBoardUrl: string | null;
}

function layout(ctx: PageContext, body: string, extraHead = ''): string {
  const { catalogue } = ctx;
  const t = (key: string, values?: Record<string, string | number>) => escapeHtml(fill(catalogue.messages[key] ?? key, values));
  return `<!doctype html>
<html lang="${escapeHtml(catalogue.language)}" dir="${catalogue.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('page.title')} · ${t('app.name')}</title>
<link rel="stylesheet" href="${asset(ctx, 'dashboard.css')}">
${extraHead}</head>
<body>
${body}
</body>
</html>
`;
}

/** An asset's address with its content version, so that a changed file is fetched again despite the long cache. */
export const asset = (ctx: { assetVersions: Record<string, string> }, file: string) => `${ASSETS_ROUTE}/${file}?v=${ctx.assetVersions[file] ?? '0'}`;

function languageSwitcher(ctx: PageContext): string {
  const current = ctx.catalogue.language;
  const items = ctx.languages
    .map(({ language, name }) =>
      language === current
        ? `<li><a href="?lang=${escapeHtml(language)}" lang="${escapeHtml(language)}" aria-current="true">${escapeHtml(name)}</a></li>`
        : `<li><a href="?lang=${escapeHtml(language)}" lang="${escapeHtml(language)}" hreflang="${escapeHtml(language)}">${escapeHtml(name)}</a></li>`,
    )
    .join('');
  return `<nav class="languages" aria-label="${escapeHtml(ctx.catalogue.messages['nav.language'])}"><ul>${items}</ul></nav>`;
}

export function renderLoginPage(ctx: LoginPageContext): string {
  const m = ctx.catalogue.messages;
  const t = (key: string) => escapeHtml(m[key] ?? key);
  const message = ctx.error
    ? `<p class="message message-error" role="alert" id="login-error">${escapeHtml(ctx.error)}</p>`
    : ctx.notice
      ? `<p class="message" role="status">${escapeHtml(ctx.notice)}</p>`
      : '';
  return layout(
    ctx,
    `<header class="masthead">
  <p class="brand">${t('app.name')}</p>
  ${languageSwitcher(ctx)}
</header>
<main id="main" class="login">
  <h1>${t('login.heading')}</h1>
  ${message}
  <form method="post" action="/dashboard/login" class="login-form">
    <input type="hidden" name="lang" value="${escapeHtml(ctx.catalogue.language)}">
    <label for="api-key">${t('login.keyLabel')}</label>
    <input id="api-key" name="key" type="password" autocomplete="current-password" spellcheck="false" required aria-describedby="api-key-help${ctx.error ? ' login-error' : ''}"${ctx.error ? ' aria-invalid="true"' : ''}>
    <p id="api-key-help" class="help">${t('login.keyHelp')}</p>
    <button type="submit">${t('login.submit')}</button>
  </form>
</main>`,
  );
}

export function renderDashboardPage(ctx: DashboardPageContext): string {
  const m = ctx.catalogue.messages;
  const t = (key: string, values?: Record<string, string | number>) => escapeHtml(fill(m[key] ?? key, values));
  const config = {
    lang: ctx.catalogue.language,
    direction: ctx.catalogue.direction,
    messages: ctx.catalogue.messages,
    role: ctx.caller.role,
    lifecycle: ctx.lifecycle,
    pollMs: ctx.pollMs,
    queueBoardUrl: ctx.queueBoardUrl,
  };
  const queueLink = ctx.queueBoardUrl ? `<li><a href="${escapeHtml(ctx.queueBoardUrl)}">${t('nav.queues')}</a></li>` : '';
  return layout(
    ctx,
    `<a class="skip-link" href="#main">${t('nav.skip')}</a>
<header class="masthead">
  <p class="brand">${t('app.name')} · ${t('page.title')}</p>
  <ul class="session">
    <li>${t('nav.signedInAs', { name: ctx.caller.name, role: m[`role.${ctx.caller.role}`] ?? ctx.caller.role })}</li>
    <li><a href="/dashboard/desk">${t('nav.desk')}</a></li>
    ${queueLink}
    <li><form method="post" action="/dashboard/logout"><button type="submit" class="link-button">${t('nav.signOut')}</button></form></li>
  </ul>
  ${languageSwitcher(ctx)}
</header>
<main id="main" tabindex="-1">
  <h1>${t('main.heading')}</h1>
  <p id="refresh-status" class="refresh-status">${t('status.loading')}</p>
  <p id="live-announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>
  <noscript><p class="message">${t('noscript')}</p></noscript>
  <div id="pipeline" aria-busy="true"></div>
  <section id="queues" class="queues" aria-labelledby="queues-heading">
    <h2 id="queues-heading">${t('queues.heading')}</h2>
    <p id="queues-summary"></p>
    <table>
      <caption class="visually-hidden">${t('queues.caption')}</caption>
      <thead><tr><th scope="col">${t('queues.queue')}</th><th scope="col">${t('queues.waiting')}</th><th scope="col">${t('queues.active')}</th><th scope="col">${t('queues.delayed')}</th><th scope="col">${t('queues.failed')}</th></tr></thead>
      <tbody id="queues-body"></tbody>
    </table>
  </section>
</main>
<dialog id="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
  <form method="dialog" id="confirm-form" novalidate>
    <h2 id="confirm-title"></h2>
    <p id="confirm-text"></p>
    <div id="confirm-reason-field" class="field" hidden>
      <label for="confirm-reason">${t('confirm.reason')}</label>
      <textarea id="confirm-reason" rows="3" maxlength="2000"></textarea>
    </div>
    <div id="confirm-error" class="message message-error" role="alert" hidden></div>
    <div class="dialog-buttons">
      <button type="button" id="confirm-back" class="secondary">${t('confirm.back')}</button>
      <button type="submit" id="confirm-ok">${t('confirm.ok')}</button>
    </div>
  </form>
</dialog>
<script type="application/json" id="dashboard-config">${scriptJson(config)}</script>
<script src="${asset(ctx, 'chart.umd.min.js')}"></script>
<script src="${asset(ctx, 'page-kit.js')}"></script>
<script src="${asset(ctx, 'dashboard.js')}"></script>`,
  );
}
