/*
 * The secretariat's dashboard: renders GET /api/pipeline and keeps it current without reloading.
 * Every element is built once per conference and then updated in place, so a refresh never moves
 * the keyboard focus or re-reads the whole page to a screen reader; only changes are announced.
 */
(() => {
  'use strict';

  const { pageLocale, translator, h, requestJson } = window.ConvenePage;
  const config = JSON.parse(document.getElementById('dashboard-config').textContent);
  const messages = config.messages;
  const lang = config.lang;
  const rtl = config.direction === 'rtl';
  const canAct = config.role !== 'viewer';

  const STAGES = ['invited', 'sent', 'failed', 'accepted', 'declined', 'waitlisted', 'noAnswer', 'attended'];
  const CHART_STAGES = ['invited', 'sent', 'accepted', 'declined', 'waitlisted', 'noAnswer', 'attended'];
  const CHART_COLOURS = ['#0b5cad', '#3b82c4', '#1e6b35', '#a4161a', '#b7791f', '#6b7280', '#14532d'];
  const NEEDS_REASON = ['postponed', 'cancelled'];
  const WAVE_STATES_TO_DISPATCH = ['draft', 'scheduled'];
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  // Sent on every write: the API refuses cookie-authenticated writes without it (see the API key guard).
  const WRITE_HEADERS = { 'X-Requested-With': 'convene-dashboard', 'Content-Type': 'application/json', Accept: 'application/json' };

  const locale = pageLocale(lang);
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const lists = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  // Dates written as the mail writes them ("10 – 11 March 2027"), one way per language.
  const calendarDates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const clockTimes = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'medium' });

  // ---- words -------------------------------------------------------------------------------

  const t = translator(messages);

  /** Plural forms are key.<Intl plural category>, so Arabic's six forms need no code change. */
  function tn(key, count, values) {
    const form = `${key}.${plurals.select(count)}`;
    return t(messages[form] !== undefined ? form : `${key}.other`, Object.assign({}, values, { count: numbers.format(count) }));
  }

  const stateName = (state) => t(`state.${state}`);
  const shortTitle = (c) => (c.kind === 'summit' || !c.city ? c.title : c.city);

  function calendarDate(iso) {
    const [year, month, day] = iso.split('-').map(Number);
    return new Date(Date.UTC(year, month - 1, day));
  }

  function dateRange(start, end) {
    if (!start) return t('card.noDates');
    if (!end || end === start) return calendarDates.format(calendarDate(start));
    return calendarDates.formatRange(calendarDate(start), calendarDate(end));
  }

  /** An instant in the conference's own time zone, as the secretariat plans it. */
  function instant(iso, zone) {
    try {
      // dateStyle cannot be combined with timeZoneName, hence the parts one by one.
      return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: zone || 'UTC', timeZoneName: 'short' }).format(new Date(iso));
    } catch {
      return iso;
    }
  }

  // ---- DOM ---------------------------------------------------------------------------------

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /** Moves a node only when it is out of place: moving the element holding the focus would drop it. */
  function placeAt(parent, node, index) {
    if (parent.children[index] !== node) parent.insertBefore(node, parent.children[index] || null);
  }

  // ---- HTTP --------------------------------------------------------------------------------

  function send(method, path, body) {
    return requestJson(path, {
      method,
      headers: method === 'GET' ? { Accept: 'application/json' } : WRITE_HEADERS,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A 404 from a route this server does not have yet, as opposed to an unknown conference or wave. */
  const missingRoute = (res) => res.status === 404 && !(res.body && typeof res.body.code === 'string' && res.body.code.endsWith('_not_found'));

  function failure(res) {
    const message = (res.body && res.body.message) || String(res.status);
    if (res.status === 401) sessionEnded();
    return { ok: false, lines: [res.status === 403 ? t('result.forbidden', { message }) : t('result.failed', { message })] };
  }

  // ---- page state --------------------------------------------------------------------------

  const root = document.getElementById('pipeline');
  const statusLine = document.getElementById('refresh-status');
  const announcer = document.getElementById('live-announcer');
  const seriesViews = new Map();
  const cardViews = new Map();
  let lastView = null;
  let emptyNotice = null;

  function announce(text) {
    // Emptied first so that the same sentence twice is still spoken twice.
    announcer.textContent = '';
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 60);
  }

  function titleOf(id) {
    const card = cardViews.get(id);
    return card ? shortTitle(card.current) : id;
  }

  function guardText(guard) {
    const key = `guard.${guard.guard}`;
    if (messages[key] === undefined) return guard.message;
    if (guard.guard === 'regional_reports_in') return t(key, { list: lists.format((guard.message.match(UUID) || []).map(titleOf)) });
    return t(key);
  }

  // ---- series ------------------------------------------------------------------------------

  function seriesView(series) {
    let view = seriesViews.get(series.id);
    if (view) return view;
    const headingId = `series-${series.id}`;
    view = {
      heading: h('h2', { id: headingId }),
      readiness: h('p', { class: 'summit-readiness' }),
      waivers: h('p', { class: 'summit-waivers', hidden: true }),
      summitReport: h('p', { class: 'summit-report', hidden: true }),
      timeline: h('ol', { class: 'timeline' }),
      cards: h('div', { class: 'cards' }),
    };
    view.timelineNav = h('nav', { class: 'timeline-nav' }, view.timeline);
    view.section = h('section', { class: 'series', 'aria-labelledby': headingId, 'data-series-id': series.id }, view.heading, view.readiness, view.waivers, view.summitReport, view.timelineNav, view.cards);
    seriesViews.set(series.id, view);
    return view;
  }

  function updateSeries(view, series) {
    setText(view.heading, series.name);
    view.timelineNav.setAttribute('aria-label', t('series.timeline', { name: series.name }));
    const readiness = series.summitReadiness;
    setText(
      view.readiness,
      readiness.ready
        ? t('summit.ready')
        : readiness.regionalConferences === 0
          ? t('summit.noRegionals')
          : tn('summit.waiting', readiness.missingReports.length, { list: lists.format(readiness.missingReports.map(titleOf)) }),
    );
    view.readiness.className = `summit-readiness ${readiness.ready ? 'is-ready' : 'is-waiting'}`;
    view.waivers.hidden = readiness.waivers.length === 0;
    setText(view.waivers, readiness.waivers.length ? t('summit.waived', { list: lists.format(readiness.waivers.map((w) => `${titleOf(w.conferenceId)} (${w.reason})`)) }) : '');
    view.summitReport.hidden = !series.summitReport;
    if (series.summitReport && view.summitReport.dataset.href !== series.summitReport) {
      view.summitReport.dataset.href = series.summitReport;
      view.summitReport.replaceChildren(
        `${t('summit.report')} `,
        h('a', { href: `${series.summitReport}?format=pdf`, text: 'PDF' }),
        ' · ',
        h('a', { href: `${series.summitReport}?format=md`, text: 'Markdown' }),
      );
    }
  }

  // ---- conference cards --------------------------------------------------------------------

  function cardView(c) {
    let view = cardViews.get(c.id);
    if (view) return view;
    const id = c.id;
    view = { current: c, actionsKey: null, wavesOpen: false };

    view.title = h('h3', { id: `title-${id}`, tabindex: '-1' });
    view.kind = h('p', { class: 'card-kind' });
    view.badge = h('p', { class: 'state-badge', 'data-role': 'state' });
    view.dates = h('p', { class: 'card-dates' });
    // The bar is decoration; the sentence under it says the same in words.
    view.steps = h('ol', { class: 'lifecycle', 'aria-hidden': 'true' }, config.lifecycle.map((state) => h('li', { 'data-state': state })));
    view.position = h('p', { class: 'lifecycle-text', 'data-role': 'position' });

    view.counts = {};
    const rows = STAGES.map((stage) => {
      view.counts[stage] = h('td', { 'data-count': stage, text: '0' });
      return h('tr', {}, h('th', { scope: 'row', text: t(`funnel.${stage}`) }), view.counts[stage]);
    });
    view.caption = h('caption', { class: 'visually-hidden' });
    view.canvas = h('canvas', { role: 'img' });
    const funnelHeading = `funnel-${id}`;
    const funnel = h(
      'section',
      { class: 'funnel', 'aria-labelledby': funnelHeading },
      h('h4', { id: funnelHeading, text: t('funnel.heading') }),
      h('div', { class: 'funnel-chart' }, view.canvas),
      h('table', {}, view.caption, h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('funnel.stage') }), h('th', { scope: 'col', text: t('funnel.people') }))), h('tbody', {}, rows)),
    );

    view.milestone = h('p', { 'data-role': 'milestone' });
    view.report = h('p', { 'data-role': 'report' });
    view.overdue = h('div', { 'data-role': 'overdue' });
    view.blockersHeading = h('h4', {});
    view.blockers = h('div', { class: 'blockers', 'data-role': 'blockers' });

    view.buttons = h('div', { class: 'action-buttons' });
    view.wavesList = h('div', {});
    view.waves = h('div', { class: 'waves', id: `waves-${id}`, hidden: true }, h('h5', { class: 'visually-hidden', text: t('waves.heading') }), view.wavesList);
    view.status = h('p', { class: 'card-status', role: 'status', 'data-role': 'card-status' });
    const actions = h(
      'section',
      { class: 'actions', 'aria-labelledby': `actions-${id}` },
      h('h4', { id: `actions-${id}`, text: t('actions.heading') }),
      canAct ? [view.buttons, view.waves] : h('p', { class: 'none', text: t('actions.readOnly') }),
      view.status,
    );

    view.article = h(
      'article',
      { class: `card${c.kind === 'summit' ? ' is-summit' : ''}`, id: `conference-${id}`, 'aria-labelledby': `title-${id}`, 'data-conference-id': id },
      h('div', { class: 'card-head' }, view.title, view.badge),
      view.kind,
      view.dates,
      view.steps,
      view.position,
      funnel,
      h('section', {}, h('h4', { text: t('milestone.heading') }), view.milestone),
      h('section', {}, h('h4', { text: t('report.heading') }), view.report),
      h('section', {}, h('h4', { text: t('overdue.heading') }), view.overdue),
      h('section', {}, view.blockersHeading, view.blockers),
      actions,
    );

    view.timelineLink = h('a', { href: `#conference-${id}` });
    view.timelineWhen = h('span', { class: 'when' });
    view.timelineState = h('span', { class: 'where' });
    view.timelineItem = h('li', { 'data-conference-id': id }, view.timelineLink, view.timelineWhen, view.timelineState);

    view.chart = window.Chart
      ? new window.Chart(view.canvas, {
          type: 'bar',
          data: {
            labels: CHART_STAGES.map((stage) => t(`funnel.${stage}`)),
            datasets: [{ label: t('funnel.people'), data: CHART_STAGES.map(() => 0), backgroundColor: CHART_COLOURS, borderWidth: 0 }],
          },
          options: {
            indexAxis: 'y',
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            locale,
            plugins: { legend: { display: false }, tooltip: { rtl } },
            scales: { x: { beginAtZero: true, reverse: rtl, ticks: { precision: 0 } }, y: { position: rtl ? 'right' : 'left' } },
          },
        })
      : null;

    cardViews.set(id, view);
    return view;
  }

  function updateCard(view, c) {
    view.current = c;
    setText(view.title, c.title);
    setText(view.kind, [t(`kind.${c.kind}`), c.city && `${c.city}${c.country ? ` (${c.country})` : ''}`].filter(Boolean).join(' · '));
    setText(view.badge, stateName(c.state));
    view.badge.dataset.state = c.state;
    setText(view.dates, [dateRange(c.startsOn, c.endsOn), c.timezone && t('card.timezone', { zone: c.timezone })].filter(Boolean).join(' · '));

    const step = config.lifecycle.indexOf(c.state);
    Array.from(view.steps.children).forEach((li, index) => {
      li.classList.toggle('is-done', step >= 0 && index < step);
      li.classList.toggle('is-current', index === step);
    });
    setText(view.position, step >= 0 ? t('lifecycle.position', { step: step + 1, total: config.lifecycle.length, state: stateName(c.state) }) : t('lifecycle.aside', { state: stateName(c.state) }));

    const formatted = {};
    for (const stage of STAGES) {
      formatted[stage] = numbers.format(c.counts[stage] || 0);
      setText(view.counts[stage], formatted[stage]);
    }
    setText(view.caption, t('funnel.caption', { title: c.title }));
    view.canvas.setAttribute('aria-label', t('funnel.summary', formatted));
    if (view.chart) {
      const data = CHART_STAGES.map((stage) => c.counts[stage] || 0);
      if (data.join() !== view.chart.data.datasets[0].data.join()) {
        view.chart.data.datasets[0].data = data;
        view.chart.update('none');
      }
    }

    const milestone = c.nextMilestone;
    setText(view.milestone, milestone ? `${t(`milestone.${milestone.name}`)}: ${milestone.at ? instant(milestone.at, c.timezone) : t('milestone.noDate')}` : t('milestone.none'));

    renderReport(view, c);

    renderList(
      view.overdue,
      c.overdue.map((item) => {
        const kind = messages[`overdue.kind.${item.kind}`] !== undefined ? t(`overdue.kind.${item.kind}`) : t('overdue.kind.other');
        const since = item.since ? ` (${t('overdue.since', { when: instant(item.since, c.timezone) })})` : '';
        return h('li', { class: 'overdue-item' }, h('strong', { text: `${kind}: ` }), `${item.message}${since}`);
      }),
      t('overdue.none'),
    );

    if (c.nextTransition) {
      setText(view.blockersHeading, t('blockers.heading', { state: stateName(c.nextTransition) }));
      renderList(view.blockers, c.blockers.map((guard) => h('li', { 'data-guard': guard.guard, text: guardText(guard) })), t('blockers.none', { state: stateName(c.nextTransition) }));
    } else {
      setText(view.blockersHeading, stateName(c.state));
      renderList(view.blockers, [], t('blockers.final'));
    }

    if (canAct) renderActions(view, c);

    setText(view.timelineLink, shortTitle(c));
    setText(view.timelineWhen, dateRange(c.startsOn, c.endsOn));
    setText(view.timelineState, stateName(c.state));
    view.timelineItem.className = ['concluded', 'reported', 'closed'].includes(c.state)
      ? 'is-done'
      : ['postponed', 'cancelled'].includes(c.state)
        ? 'is-off'
        : c.state === 'planning'
          ? ''
          : 'is-current';
  }

  /** The follow-up report's state, with its downloads once a generation is stored. */
  function renderReport(view, c) {
    const report = c.report || { state: 'none', downloads: {} };
    const key = `${report.state}:${report.generation || 0}`;
    if (view.report.dataset.key === key) return;
    view.report.dataset.key = key;
    view.report.dataset.state = report.state;
    const links = ['pdf', 'md', 'csv']
      .filter((format) => report.downloads && report.downloads[format])
      .flatMap((format, i) => [i ? ' · ' : ' ', h('a', { href: report.downloads[format], text: t(`report.download.${format}`) })]);
    view.report.replaceChildren(t(`report.state.${report.state}`), ...links);
  }

  /** A list, or a sentence saying there is nothing; rebuilt only when its words change. */
  function renderList(container, items, emptyText) {
    const next = items.length ? h('ul', { class: 'items' }, items) : h('p', { class: 'none', text: emptyText });
    if (container.firstChild && container.firstChild.outerHTML === next.outerHTML) return;
    container.replaceChildren(next);
  }

  // ---- actions -----------------------------------------------------------------------------

  function renderActions(view, c) {
    const key = JSON.stringify([c.state, c.transitions]);
    if (view.actionsKey === key) return;
    view.actionsKey = key;
    const focused = view.buttons.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    const buttons = c.transitions.map((to) =>
      h(
        'button',
        { type: 'button', class: to === 'cancelled' ? 'danger' : to === 'postponed' ? 'secondary' : null, 'data-action': `transition:${to}`, onclick: (event) => confirmTransition(view, to, event.currentTarget) },
        to === 'postponed' ? t('action.postpone') : to === 'cancelled' ? t('action.cancel') : t('action.moveTo', { state: stateName(to) }),
      ),
    );
    const wavesPossible = c.state === 'planning' || c.state === 'inviting';
    if (wavesPossible) {
      view.wavesButton = h(
        'button',
        { type: 'button', class: 'secondary', 'data-action': 'waves', 'aria-expanded': String(view.wavesOpen), 'aria-controls': view.waves.id, onclick: () => toggleWaves(view) },
        t('action.waves'),
      );
      buttons.push(view.wavesButton);
    } else {
      view.wavesOpen = false;
      view.waves.hidden = true;
    }
    if (c.state === 'concluded') {
      buttons.push(h('button', { type: 'button', 'data-action': 'report', onclick: (event) => confirmReport(view, event.currentTarget) }, t('action.report')));
    }
    view.buttons.replaceChildren(...buttons);
    if (focused) {
      const again = view.buttons.querySelector(`[data-action="${focused}"]`);
      (again || view.title).focus();
    }
  }

  function setCardStatus(view, text, isError) {
    view.status.classList.toggle('is-error', !!isError);
    view.status.textContent = text;
  }

  function confirmTransition(view, to, opener) {
    const c = view.current;
    const destructive = NEEDS_REASON.includes(to);
    confirmAction({
      title: to === 'postponed' ? t('confirm.postpone.title', { title: shortTitle(c) }) : to === 'cancelled' ? t('confirm.cancel.title', { title: shortTitle(c) }) : t('confirm.transition.title', { title: shortTitle(c), state: stateName(to) }),
      text: to === 'postponed' ? t('confirm.postpone.text') : to === 'cancelled' ? t('confirm.cancel.text') : t('confirm.transition.text', { from: stateName(c.state), to: stateName(to) }),
      needsReason: destructive,
      opener,
      view,
      run: async (reason) => {
        const res = await send('POST', `/api/conferences/${c.id}/transitions`, reason ? { to, reason } : { to });
        if (res.status === 200) return { ok: true, message: t('result.transitioned', { title: shortTitle(c), state: stateName(res.body.state) }) };
        if (res.status === 409 && res.body && Array.isArray(res.body.failedGuards) && res.body.failedGuards.length) {
          return { ok: false, heading: t('result.blocked'), lines: res.body.failedGuards.map(guardText) };
        }
        return failure(res);
      },
    });
  }

  function confirmReport(view, opener) {
    const c = view.current;
    confirmAction({
      title: t('confirm.report.title', { title: shortTitle(c) }),
      text: t('confirm.report.text'),
      opener,
      view,
      run: async () => {
        const res = await send('POST', `/api/conferences/${c.id}/report`, {});
        if (res.status >= 200 && res.status < 300) return { ok: true, message: t('result.reportStarted', { title: shortTitle(c) }) };
        if (missingRoute(res)) return { ok: false, lines: [t('result.reportUnavailable')] };
        return failure(res);
      },
    });
  }

  function toggleWaves(view) {
    view.wavesOpen = !view.wavesOpen;
    view.wavesButton.setAttribute('aria-expanded', String(view.wavesOpen));
    view.waves.hidden = !view.wavesOpen;
    if (view.wavesOpen) loadWaves(view);
  }

  async function loadWaves(view) {
    const c = view.current;
    view.wavesList.replaceChildren(h('p', { class: 'none', text: t('waves.loading') }));
    const res = await send('GET', `/api/conferences/${c.id}/waves?limit=100`);
    if (missingRoute(res)) return view.wavesList.replaceChildren(h('p', { class: 'none', 'data-role': 'waves-unavailable', text: t('waves.unavailable') }));
    if (res.status !== 200) return view.wavesList.replaceChildren(h('p', { class: 'none', text: failure(res).lines[0] }));
    const all = Array.isArray(res.body) ? res.body : (res.body && res.body.items) || [];
    const waiting = all.filter((wave) => WAVE_STATES_TO_DISPATCH.includes(wave.state));
    if (!waiting.length) return view.wavesList.replaceChildren(h('p', { class: 'none', text: t('waves.none') }));
    view.wavesList.replaceChildren(
      h(
        'ul',
        {},
        waiting.map((wave) => {
          const size = typeof wave.audienceSize === 'number' ? wave.audienceSize : (wave.counts && wave.counts.targeted) || 0;
          const when = wave.sendAt ? ` · ${t('waves.sendAt', { when: instant(wave.sendAt, c.timezone) })}` : '';
          return h(
            'li',
            { 'data-wave-id': wave.id },
            h('span', { text: `${tn('waves.item', size, { name: wave.name, state: t(`wave.state.${wave.state}`) })}${when}` }),
            h('button', { type: 'button', 'data-action': `dispatch:${wave.id}`, onclick: (event) => confirmDispatch(view, wave, size, event.currentTarget) }, t('waves.dispatch', { name: wave.name })),
          );
        }),
      ),
    );
  }

  function confirmDispatch(view, wave, size, opener) {
    confirmAction({
      title: t('confirm.dispatch.title', { name: wave.name }),
      text: tn('confirm.dispatch.text', size),
      opener,
      view,
      run: async () => {
        const res = await send('POST', `/api/waves/${wave.id}/dispatch`, {});
        if (res.status === 202 || res.status === 200) {
          loadWaves(view);
          return { ok: true, message: t(res.body && res.body.state === 'scheduled' ? 'result.scheduled' : 'result.dispatched', { name: wave.name }) };
        }
        return failure(res);
      },
    });
  }

  // ---- confirmation dialog -----------------------------------------------------------------

  const dialog = document.getElementById('confirm-dialog');
  const dialogForm = document.getElementById('confirm-form');
  const dialogTitle = document.getElementById('confirm-title');
  const dialogText = document.getElementById('confirm-text');
  const reasonField = document.getElementById('confirm-reason-field');
  const reasonInput = document.getElementById('confirm-reason');
  const dialogError = document.getElementById('confirm-error');
  const confirmButton = document.getElementById('confirm-ok');
  const backButton = document.getElementById('confirm-back');
  let pending = null;

  function confirmAction(action) {
    pending = action;
    dialogTitle.textContent = action.title;
    dialogText.textContent = action.text;
    reasonField.hidden = !action.needsReason;
    reasonInput.value = '';
    reasonInput.removeAttribute('aria-invalid');
    showDialogError(null);
    confirmButton.disabled = false;
    confirmButton.textContent = t('confirm.ok');
    dialog.showModal();
    (action.needsReason ? reasonInput : confirmButton).focus();
  }

  function showDialogError(lines, heading) {
    if (!lines) {
      dialogError.hidden = true;
      dialogError.replaceChildren();
      return;
    }
    dialogError.replaceChildren(...(heading ? [h('p', { text: heading })] : []), lines.length === 1 && !heading ? h('p', { text: lines[0] }) : h('ul', {}, lines.map((line) => h('li', { text: line }))));
    dialogError.hidden = false;
  }

  dialogForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = pending;
    if (!action || confirmButton.disabled) return;
    const reason = reasonInput.value.trim();
    if (action.needsReason && !reason) {
      reasonInput.setAttribute('aria-invalid', 'true');
      showDialogError([t('confirm.reasonRequired')]);
      reasonInput.focus();
      return;
    }
    confirmButton.disabled = true;
    confirmButton.textContent = t('confirm.working');
    const outcome = await action.run(reason);
    if (pending !== action) return;
    if (outcome.ok) {
      dialog.close('done');
      setCardStatus(action.view, outcome.message, false);
      refresh();
      return;
    }
    confirmButton.disabled = false;
    confirmButton.textContent = t('confirm.ok');
    showDialogError(outcome.lines, outcome.heading);
  });

  backButton.addEventListener('click', () => dialog.close('back'));

  dialog.addEventListener('close', () => {
    const action = pending;
    pending = null;
    if (!action) return;
    // Back to where the secretariat was; if that button went away with the change, to its card.
    if (action.opener && action.opener.isConnected) action.opener.focus();
    else if (action.view) action.view.title.focus();
  });

  // ---- queues ------------------------------------------------------------------------------

  const queueRows = new Map();
  const queueBody = document.getElementById('queues-body');
  const queueSummary = document.getElementById('queues-summary');

  function renderQueues(queues) {
    queues.forEach((queue, index) => {
      let row = queueRows.get(queue.queue);
      if (!row) {
        row = { cells: {} };
        row.tr = h('tr', { 'data-queue': queue.queue }, h('th', { scope: 'row', text: queue.queue }), ['waiting', 'active', 'delayed', 'failed'].map((state) => (row.cells[state] = h('td', { 'data-state': state }))));
        queueRows.set(queue.queue, row);
      }
      for (const state of ['waiting', 'active', 'delayed', 'failed']) setText(row.cells[state], numbers.format(queue[state]));
      row.tr.classList.toggle('has-failures', queue.failed > 0);
      placeAt(queueBody, row.tr, index);
    });
    const failed = queues.reduce((sum, queue) => sum + queue.failed, 0);
    setText(queueSummary, failed ? tn('queues.failing', failed) : t('queues.healthy'));
  }

  // ---- refresh -----------------------------------------------------------------------------

  function render(view) {
    root.setAttribute('aria-busy', 'false');
    const byId = new Map(view.conferences.map((c) => [c.id, c]));
    for (const c of view.conferences) cardView(c).current = c;

    if (!view.series.length) {
      emptyNotice = emptyNotice || h('p', { class: 'message', text: t('status.empty') });
      root.replaceChildren(emptyNotice);
    } else if (emptyNotice) {
      emptyNotice.remove();
      emptyNotice = null;
    }

    view.series.forEach((series, index) => {
      const sv = seriesView(series);
      placeAt(root, sv.section, index);
      updateSeries(sv, series);
      series.conferenceIds.forEach((id, position) => {
        const c = byId.get(id);
        if (!c) return;
        const card = cardView(c);
        updateCard(card, c);
        placeAt(sv.cards, card.article, position);
        placeAt(sv.timeline, card.timelineItem, position);
      });
    });
    for (const [id, sv] of seriesViews) {
      if (!view.series.some((s) => s.id === id)) {
        sv.section.remove();
        seriesViews.delete(id);
      }
    }
    for (const [id, card] of cardViews) {
      if (!byId.has(id)) {
        card.article.remove();
        card.timelineItem.remove();
        if (card.chart) card.chart.destroy();
        cardViews.delete(id);
      }
    }
    renderQueues(view.queues);
  }

  /** What moved since the last refresh, in words, for the live region. */
  function changesSince(previous, next) {
    if (!previous) return [];
    const before = new Map(previous.conferences.map((c) => [c.id, c]));
    const sentences = [];
    for (const c of next.conferences) {
      const old = before.get(c.id);
      if (!old) continue;
      if (old.state !== c.state) sentences.push(t('live.state', { title: shortTitle(c), state: stateName(c.state) }));
      const moved = STAGES.filter((stage) => (old.counts[stage] || 0) !== (c.counts[stage] || 0)).map((stage) =>
        t('live.change', { stage: t(`funnel.${stage}`), from: numbers.format(old.counts[stage] || 0), to: numbers.format(c.counts[stage] || 0) }),
      );
      if (moved.length) sentences.push(t('live.counts', { title: shortTitle(c), changes: lists.format(moved) }));
    }
    return sentences;
  }

  let timer = null;
  let running = null;
  let again = false;
  let stopped = false;
  let failing = false;

  function sessionEnded() {
    if (stopped) return;
    stopped = true;
    window.clearTimeout(timer);
    statusLine.classList.add('is-error');
    statusLine.replaceChildren(`${t('status.sessionEnded')} `, h('a', { href: '/dashboard', text: t('status.signInAgain') }));
    announce(t('status.sessionEnded'));
  }

  function schedule() {
    window.clearTimeout(timer);
    if (!stopped) timer = window.setTimeout(refresh, config.pollMs);
  }

  /** One refresh at a time; one asked for meanwhile runs right after, so an action's effect is never missed. */
  function refresh() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const res = await send('GET', '/api/pipeline');
      if (res.status === 200) {
        const changes = changesSince(lastView, res.body);
        render(res.body);
        lastView = res.body;
        failing = false;
        statusLine.classList.remove('is-error');
        const unavailable = res.body.unavailable && res.body.unavailable.length ? ` ${t('status.unavailable', { list: lists.format(res.body.unavailable) })}` : '';
        // The service's own time: on the manual clock, the time the dry run has reached.
        setText(statusLine, `${t('status.updated', { time: clockTimes.format(new Date(res.body.generatedAt)) })}${unavailable}`);
        if (changes.length) announce(changes.join(' '));
      } else if (res.status === 401) {
        sessionEnded();
      } else {
        const reason = (res.body && res.body.message) || String(res.status);
        statusLine.classList.add('is-error');
        setText(statusLine, t('status.failed', { reason }));
        if (!failing) announce(statusLine.textContent);
        failing = true;
      }
    })().finally(() => {
      running = null;
      if (again) {
        again = false;
        refresh();
      } else {
        schedule();
      }
    });
    return running;
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !stopped) refresh();
  });

  refresh();
})();
