/*
 * The secretariat's desk: each page renders one view through the API with the browser session.
 * The API decides what a role may do; the page only hides actions a viewer could not take.
 */
(() => {
  'use strict';

  const { pageLocale, translator, h, requestJson } = window.ConvenePage;
  const config = JSON.parse(document.getElementById('desk-config').textContent);
  const messages = config.messages;
  const lang = config.lang;
  const canAct = config.role === 'admin' || config.role === 'coordinator';
  const root = document.getElementById('desk');
  const announcer = document.getElementById('desk-announcer');
  // Sent on every write: the API refuses cookie-authenticated writes without it.
  const WRITE_HEADER = { 'X-Requested-With': 'convene-dashboard' };
  const FINISHED_WAVE = ['completed', 'completed_with_failures', 'cancelled'];

  const locale = pageLocale(lang);
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const lists = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const userZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // Named in the page's language by the server, which has all of CLDR (a browser's build may not).
  const countryNames = new Map(config.choices.countries.map((c) => [c.code, c.name]));
  const languageNames = new Intl.DisplayNames([locale], { type: 'language' });

  // ---- words and dates ----------------------------------------------------------------------

  const t = translator(messages);
  const countryName = (code) => (code ? countryNames.get(code) || code : '');
  const typeName = (type) => t(`desk.type.${type}`);
  const responseName = (r) => (messages[`desk.response.${r}`] !== undefined ? t(`desk.response.${r}`) : r);

  /** A calendar date, written the way the language writes dates (10 March 2027 / 10 mars 2027). */
  function day(iso) {
    if (!iso) return '';
    const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
  }
  function days(start, end) {
    if (!start) return t('desk.noDates');
    if (!end || end === start) return day(start);
    const toDate = (iso) => {
      const [y, m, d] = iso.split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d));
    };
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).formatRange(toDate(start), toDate(end));
  }
  /** An instant in a zone, the same way on every page of one language. */
  function when(iso, zone) {
    if (!iso) return '';
    try {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: zone || userZone }).format(new Date(iso)) + ` (${zone || userZone})`;
    } catch {
      return iso;
    }
  }

  // ---- DOM ----------------------------------------------------------------------------------

  const announce = (text) => {
    announcer.textContent = text;
  };
  const section = (title, id, ...children) => h('section', { class: 'desk-section', 'aria-labelledby': id }, h('h2', { id, text: title }), ...children);
  const message = (text, error) => h('p', { class: error ? 'message message-error' : 'message', role: error ? 'alert' : 'status', text });

  /** A table with a caption; columns are [header, cell(row)], a cell being text or a node. */
  function table(caption, columns, rows, empty) {
    if (!rows.length) return h('p', { class: 'none', text: empty || t('desk.none') });
    return h(
      'table',
      { class: 'desk-table' },
      h('caption', { class: 'visually-hidden', text: caption }),
      h('thead', {}, h('tr', {}, columns.map(([header]) => h('th', { scope: 'col', text: header })))),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            columns.map(([, cell]) => {
              const value = cell(row);
              return h('td', {}, value instanceof Node ? value : value === null || value === undefined ? '' : String(value));
            }),
          ),
        ),
      ),
    );
  }

  let fieldCounter = 0;
  /** A labelled control with a place for the API's message about it. */
  function field(label, control, options) {
    const id = control.id || `f${++fieldCounter}`;
    control.id = id;
    const errorId = `${id}-error`;
    const help = options && options.help ? h('p', { class: 'help', id: `${id}-help`, text: options.help }) : null;
    if (help) control.setAttribute('aria-describedby', help.id);
    const error = h('p', { class: 'field-error', id: errorId, hidden: true });
    return h('div', { class: `field${options && options.wide ? ' field-wide' : ''}`, 'data-field': options && options.name }, h('label', { for: id, text: label }), control, help, error);
  }
  const input = (name, value, attrs) => h('input', Object.assign({ name, value: value === null || value === undefined ? '' : value }, attrs || {}));
  function select(name, options, current, attrs) {
    return h(
      'select',
      Object.assign({ name }, attrs || {}),
      options.map(([value, label]) => h('option', { value, selected: Array.isArray(current) ? current.includes(value) : current === value, text: label })),
    );
  }
  const countryOptions = () =>
    config.choices.countries.map((c) => [c.code, c.name]);

  /** Shows the API's field messages beside their fields, and the rest above the form. */
  function showErrors(form, res) {
    for (const node of form.querySelectorAll('.field-error')) {
      node.hidden = true;
      node.textContent = '';
    }
    for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
    const summary = form.querySelector('.form-summary');
    summary.replaceChildren();
    if (!res) return;
    const placed = [];
    for (const f of (res.body && res.body.fields) || []) {
      const box = form.querySelector(`[data-field="${CSS.escape(String(f.field))}"]`) || form.querySelector(`[data-field="${CSS.escape(String(f.field).split('.')[0])}"]`);
      if (!box) continue;
      const error = box.querySelector('.field-error');
      error.textContent = f.problems.join(' ');
      error.hidden = false;
      const control = box.querySelector('input, select, textarea');
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' '));
      placed.push(control);
    }
    summary.append(message(failure(res), true));
    if (placed[0]) placed[0].focus();
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  async function api(method, path, body, contentType) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') Object.assign(headers, WRITE_HEADER);
    if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
    const res = await requestJson(path, { method, headers, body: body === undefined ? undefined : contentType ? body : JSON.stringify(body) });
    if (res.status === 401) window.location.assign('/dashboard');
    return res;
  }
  const failure = (res) => t('desk.refused', { status: res.status, message: (res.body && res.body.message) || '' });

  async function all(path) {
    const items = [];
    let cursor = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await api('GET', `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      if (!res.ok) throw res;
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }
  const get = async (path) => {
    const res = await api('GET', path);
    if (!res.ok) throw res;
    return res.body;
  };

  const formValues = (form) => {
    const values = {};
    for (const control of form.elements) {
      if (!control.name) continue;
      if (control.type === 'checkbox') {
        if (control.checked) (values[control.name] = values[control.name] || []).push(control.value);
      } else if (control.multiple) {
        const chosen = [...control.selectedOptions].map((o) => o.value);
        if (chosen.length) values[control.name] = chosen;
      } else if (control.type === 'radio') {
        if (control.checked) values[control.name] = control.value;
      } else if (control.value.trim() !== '') values[control.name] = control.value.trim();
    }
    return values;
  };

  // ---- conferences --------------------------------------------------------------------------

  const CONFERENCE_FIELDS = ['title', 'city', 'country', 'partners', 'startsOn', 'endsOn', 'timezone', 'capacity', 'languages', 'rsvpDeadline', 'delegationQuota'];

  /** The languages a conference has texts in: its working languages (English too, the only place for an English venue). */
  const translatedLanguages = (c) => c.languages || [];

  /** Title, city and venue per working language, each field named as the API names it (translations.fr.title). */
  function translationFields(c) {
    const languages = translatedLanguages(c);
    if (!languages.length) return null;
    const texts = c.translations || {};
    return h(
      'div',
      { class: 'field-wide', 'data-field': 'translations' },
      h('h3', { text: t('desk.translations') }),
      h('p', { class: 'help', text: t('desk.translations.help') }),
      languages.map((code) => {
        const language = languageNames.of(code);
        const own = texts[code] || {};
        const one = (name, label) =>
          field(t('desk.f.inLanguage', { field: label, language }), input(`translations.${code}.${name}`, own[name], { lang: code, dir: code === 'ar' ? 'rtl' : null }), { name: `translations.${code}.${name}` });
        return h(
          'fieldset',
          { class: 'desk-form desk-texts', 'data-field': `translations.${code}` },
          h('legend', { text: language }),
          one('title', t('desk.f.title')),
          one('city', t('desk.f.city')),
          one('venue', t('desk.f.venue')),
        );
      }),
    );
  }

  /** The translations as the form holds them; a language left empty is dropped, so English is used for it. */
  function translationsOf(values, c) {
    const translations = {};
    for (const code of translatedLanguages(c)) {
      const text = {};
      for (const name of ['title', 'city', 'venue']) if (values[`translations.${code}.${name}`] !== undefined) text[name] = values[`translations.${code}.${name}`];
      if (Object.keys(text).length) translations[code] = text;
    }
    return translations;
  }

  function conferenceForm(conference, onSubmit) {
    const c = conference || {};
    const form = h(
      'form',
      { class: 'desk-form', novalidate: true },
      h('div', { class: 'form-summary field-wide' }),
      field(t('desk.f.title'), input('title', c.title, { required: true, maxlength: 300 }), { name: 'title', wide: true }),
      field(t('desk.f.city'), input('city', c.city), { name: 'city' }),
      field(t('desk.f.country'), select('country', [['', t('desk.choose')], ...countryOptions()], c.country), { name: 'country' }),
      field(t('desk.f.partners'), input('partners', (c.partners || []).join(', ')), { name: 'partners', help: t('desk.f.partnersHelp') }),
      field(t('desk.f.startsOn'), input('startsOn', c.startsOn, { type: 'date' }), { name: 'startsOn' }),
      field(t('desk.f.endsOn'), input('endsOn', c.endsOn, { type: 'date' }), { name: 'endsOn' }),
      field(t('desk.f.timezone'), input('timezone', c.timezone, { placeholder: 'Europe/Minsk' }), { name: 'timezone', help: t('desk.f.timezoneHelp') }),
      field(t('desk.f.capacity'), input('capacity', c.capacity, { type: 'number', min: 1 }), { name: 'capacity' }),
      field(t('desk.f.rsvpDeadline'), input('rsvpDeadline', c.rsvpDeadline ? c.rsvpDeadline.slice(0, 10) : '', { type: 'date' }), { name: 'rsvpDeadline' }),
      field(t('desk.f.delegationQuota'), input('delegationQuota', c.delegationQuota, { type: 'number', min: 0 }), { name: 'delegationQuota' }),
      h(
        'fieldset',
        { class: 'checkboxes field-wide', 'data-field': 'languages' },
        h('legend', { text: t('desk.f.languages') }),
        config.choices.languages.map((code) => h('label', {}, h('input', { type: 'checkbox', name: 'languages', value: code, checked: (c.languages || []).includes(code) }), ` ${languageNames.of(code)}`)),
        h('p', { class: 'field-error', id: 'languages-error', hidden: true }),
      ),
      conference ? translationFields(c) : null,
      h('div', { class: 'desk-buttons field-wide' }, h('button', { type: 'submit', text: conference ? t('desk.save') : t('desk.create') })),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const values = formValues(form);
      const body = {};
      for (const name of CONFERENCE_FIELDS) {
        if (values[name] === undefined) continue;
        if (name === 'capacity' || name === 'delegationQuota') body[name] = Number(values[name]);
        else if (name === 'partners') body[name] = values[name].split(',').map((p) => p.trim()).filter(Boolean);
        else body[name] = values[name];
      }
      if (conference) body.translations = translationsOf(values, c);
      const res = await onSubmit(body);
      if (!res.ok) showErrors(form, res);
    });
    return form;
  }

  async function conferencesView() {
    const series = await all('/api/series');
    const details = await Promise.all(series.map((s) => get(`/api/series/${s.id}`)));
    const rows = details.flatMap((s) => s.conferences.map((c) => Object.assign({ seriesName: s.name }, c)));
    const parts = [
      section(
        t('desk.conferences.list'),
        'conferences-list',
        table(
          t('desk.conferences.list'),
          [
            [t('desk.f.series'), (c) => h('a', { href: `/dashboard/desk/series/${c.seriesId}`, text: c.seriesName })],
            [t('desk.f.title'), (c) => h('a', { href: `/dashboard/desk/conference/${c.id}`, text: c.title })],
            [t('desk.f.kind'), (c) => t(`desk.kind.${c.kind}`)],
            [t('desk.f.state'), (c) => t(`state.${c.state}`)],
            [t('desk.f.dates'), (c) => days(c.startsOn, c.endsOn)],
            [t('desk.f.country'), (c) => countryName(c.country)],
          ],
          rows,
          t('desk.conferences.none'),
        ),
      ),
    ];
    if (canAct) {
      const summit = (name, label, control) => field(label, control, { name: `summit.${name}` });
      const form = h(
        'form',
        { class: 'desk-form', novalidate: true },
        h('div', { class: 'form-summary field-wide' }),
        field(t('desk.series.name'), input('name', '', { required: true, maxlength: 300 }), { name: 'name', wide: true }),
        summit('title', t('desk.series.summitTitle'), input('title', '', { required: true })),
        summit('city', t('desk.f.city'), input('city', '')),
        summit('country', t('desk.f.country'), select('country', [['', t('desk.choose')], ...countryOptions()], '')),
        summit('startsOn', t('desk.f.startsOn'), input('startsOn', '', { type: 'date' })),
        summit('endsOn', t('desk.f.endsOn'), input('endsOn', '', { type: 'date' })),
        summit('timezone', t('desk.f.timezone'), input('timezone', '', { placeholder: 'America/New_York' })),
        summit('capacity', t('desk.f.capacity'), input('capacity', '', { type: 'number', min: 1 })),
        h('h3', { class: 'field-wide', text: t('desk.series.secretariat') }),
        h('p', { class: 'help field-wide', text: t('desk.series.secretariatHelp') }),
        field(t('desk.series.secretariatName'), input('secretariat.name', '', { autocomplete: 'organization' }), { name: 'secretariat.name' }),
        field(t('desk.f.email'), input('secretariat.email', '', { type: 'email', autocomplete: 'email' }), { name: 'secretariat.email' }),
        field(t('desk.f.phone'), input('secretariat.phone', '', { type: 'tel', autocomplete: 'tel' }), { name: 'secretariat.phone' }),
        h('div', { class: 'desk-buttons field-wide' }, h('button', { type: 'submit', text: t('desk.series.create') })),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const v = formValues(form);
        const summitFields = {};
        for (const name of ['title', 'city', 'country', 'startsOn', 'endsOn', 'timezone', 'capacity']) if (v[name] !== undefined) summitFields[name] = name === 'capacity' ? Number(v[name]) : v[name];
        const secretariat = {};
        for (const name of ['name', 'email', 'phone']) if (v[`secretariat.${name}`] !== undefined) secretariat[name] = v[`secretariat.${name}`];
        const body = { name: v.name || '', summit: summitFields };
        if (Object.keys(secretariat).length) body.secretariat = secretariat;
        const res = await api('POST', '/api/series', body);
        if (res.ok) return window.location.reload();
        showErrors(form, res);
      });
      parts.push(section(t('desk.series.new'), 'series-new', form));
    }
    if (canAct && details.length) {
      const chooser = select('series', details.map((s) => [s.id, s.name]), details[0].id);
      const form = conferenceForm(null, async (body) => {
        const res = await api('POST', `/api/series/${chooser.value}/conferences`, body);
        if (res.ok) window.location.assign(`/dashboard/desk/conference/${res.body.id}`);
        return res;
      });
      form.prepend(field(t('desk.f.series'), chooser, { name: 'series', wide: true }));
      parts.push(section(t('desk.conferences.new'), 'conference-new', form));
    }
    return parts;
  }

  /** Whether the summit can go ahead, in the words the dashboard uses. */
  function readinessText(series) {
    const readiness = series.summitReadiness;
    if (readiness.ready) return t('summit.ready');
    if (readiness.regionalConferences === 0) return t('summit.noRegionals');
    const titleOf = (id) => (series.conferences.find((c) => c.id === id) || { title: id }).title;
    const count = readiness.missingReports.length;
    const form = `summit.waiting.${plurals.select(count)}`;
    return t(messages[form] !== undefined ? form : 'summit.waiting.other', { count: numbers.format(count), list: lists.format(readiness.missingReports.map(titleOf)) });
  }

  const secretariatText = (secretariat) =>
    secretariat ? [secretariat.name, secretariat.email, secretariat.phone].filter(Boolean).join(' · ') : t('desk.series.noSecretariat');

  async function seriesView(id) {
    let series = await get(`/api/series/${id}`);
    const heading = document.getElementById('desk-heading');
    const named = () => {
      heading.textContent = series.name;
      document.title = `${series.name} · ${t('app.name')}`;
    };
    named();
    const secretariatShown = h('dd', { id: 'series-secretariat', text: secretariatText(series.secretariat) });
    const facts = h(
      'dl',
      {},
      h('dt', { text: t('desk.series.secretariat') }),
      secretariatShown,
      h('dt', { text: t('desk.series.readiness') }),
      h('dd', { text: readinessText(series) }),
    );
    const list = table(
      t('desk.title.conferences'),
      [
        [t('desk.f.title'), (c) => h('a', { href: `/dashboard/desk/conference/${c.id}`, text: c.title })],
        [t('desk.f.kind'), (c) => t(`desk.kind.${c.kind}`)],
        [t('desk.f.state'), (c) => t(`state.${c.state}`)],
        [t('desk.f.dates'), (c) => days(c.startsOn, c.endsOn)],
        [t('desk.f.country'), (c) => countryName(c.country)],
      ],
      series.conferences,
    );
    const parts = [section(t('desk.series.details'), 'series-details', facts), section(t('desk.title.conferences'), 'series-conferences', list)];
    if (canAct) {
      const s = series.secretariat || {};
      const form = h(
        'form',
        { class: 'desk-form', novalidate: true },
        h('div', { class: 'form-summary field-wide' }),
        field(t('desk.series.name'), input('name', series.name, { required: true, maxlength: 300 }), { name: 'name', wide: true }),
        h('h3', { class: 'field-wide', text: t('desk.series.secretariat') }),
        h('p', { class: 'help field-wide', text: t('desk.series.secretariatEditHelp') }),
        field(t('desk.series.secretariatName'), input('secretariat.name', s.name, { autocomplete: 'organization' }), { name: 'secretariat.name' }),
        field(t('desk.f.email'), input('secretariat.email', s.email, { type: 'email', autocomplete: 'email' }), { name: 'secretariat.email' }),
        field(t('desk.f.phone'), input('secretariat.phone', s.phone, { type: 'tel', autocomplete: 'tel' }), { name: 'secretariat.phone' }),
        h('div', { class: 'desk-buttons field-wide' }, h('button', { type: 'submit', text: t('desk.save') })),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const v = formValues(form);
        const secretariat = {};
        for (const name of ['name', 'email', 'phone']) if (v[`secretariat.${name}`] !== undefined) secretariat[name] = v[`secretariat.${name}`];
        // All three left empty removes the secretariat; the API names whatever else is missing.
        const body = { name: v.name || '', secretariat: Object.keys(secretariat).length ? secretariat : null };
        const res = await api('PATCH', `/api/series/${id}`, body);
        showErrors(form, res.ok ? null : res);
        if (!res.ok) return;
        series = res.body;
        named();
        secretariatShown.textContent = secretariatText(series.secretariat);
        announce(t('desk.saved'));
      });
      parts.push(section(t('desk.series.edit'), 'series-edit', form));
    }
    return parts;
  }

  async function conferenceView(id) {
    const conference = await get(`/api/conferences/${id}`);
    const pipeline = await get('/api/pipeline');
    const standing = pipeline.conferences.find((c) => c.id === id) || { transitions: [], blockers: [], nextTransition: null };
    document.getElementById('desk-heading').textContent = conference.title;
    document.title = `${conference.title} · ${t('app.name')}`;
    const status = h('div', {});
    const facts = h(
      'dl',
      {},
      h('dt', { text: t('desk.f.series') }),
      h('dd', {}, h('a', { href: `/dashboard/desk/series/${conference.seriesId}`, text: t('desk.series.open') })),
      h('dt', { text: t('desk.f.state') }),
      h('dd', { text: t(`state.${conference.state}`) }),
      h('dt', { text: t('desk.f.dates') }),
      h('dd', { text: days(conference.startsOn, conference.endsOn) }),
      h('dt', { text: t('desk.f.rsvpDeadline') }),
      h('dd', { text: conference.rsvpDeadline ? `${when(conference.rsvpDeadline, conference.timezone)} · ${when(conference.rsvpDeadline)}` : t('desk.notSet') }),
    );
    const blockers = standing.blockers.length
      ? h('div', {}, h('p', { text: t('desk.lifecycle.blocked', { state: t(`state.${standing.nextTransition}`) }) }), h('ul', { class: 'guards' }, standing.blockers.map((b) => h('li', { text: b.message }))))
      : null;
    const buttons = canAct
      ? h(
          'div',
          { class: 'desk-buttons' },
          standing.transitions.map((to) =>
            h('button', {
              type: 'button',
              class: ['postponed', 'cancelled'].includes(to) ? 'danger' : null,
              text: t('desk.lifecycle.to', { state: t(`state.${to}`) }),
              onclick: async () => {
                let reason;
                if (['postponed', 'cancelled'].includes(to)) {
                  reason = window.prompt(t('confirm.reason'));
                  if (!reason) return;
                }
                const res = await api('POST', `/api/conferences/${id}/transitions`, reason ? { to, reason } : { to });
                if (res.ok) return window.location.reload();
                status.replaceChildren(message(failure(res), true), h('ul', { class: 'guards' }, ((res.body && res.body.failedGuards) || []).map((g) => h('li', { text: g.message }))));
              },
            }),
          ),
        )
      : null;
    const parts = [section(t('desk.lifecycle'), 'lifecycle', facts, blockers, buttons, status)];
    if (canAct) {
      parts.push(
        section(
          t('desk.conference.edit'),
          'conference-edit',
          conferenceForm(conference, async (body) => {
            const res = await api('PATCH', `/api/conferences/${id}`, body);
            if (!res.ok) return res;
            // Other working languages mean other translation fields: draw the form again for them.
            if (translatedLanguages(res.body).join() !== translatedLanguages(conference).join()) window.location.reload();
            else announce(t('desk.saved'));
            return res;
          }),
        ),
      );
    }
    return parts;
  }

  // ---- contacts -----------------------------------------------------------------------------

  const regionOptions = () =>
    config.choices.regions.map((r) => [r.code, r.kind === 'regionalGroup' ? `${r.name} (${t('desk.regionalGroup')})` : `${r.name} (M49 ${r.code})`]);

  async function contactsView() {
    const params = new URLSearchParams(window.location.search);
    const filter = h(
      'form',
      { class: 'desk-form', method: 'get', role: 'search' },
      field(t('desk.search'), input('q', params.get('q'), { type: 'search' })),
      field(t('desk.f.stakeholderType'), select('stakeholderType', [['', t('desk.any')], ...config.choices.stakeholderTypes.map((s) => [s, typeName(s)])], params.get('stakeholderType') || '')),
      field(t('desk.f.country'), select('country', [['', t('desk.any')], ...countryOptions()], params.get('country') || '')),
      field(t('desk.f.region'), select('region', [['', t('desk.any')], ...regionOptions()], params.get('region') || '')),
      h('div', { class: 'desk-buttons field-wide' }, h('button', { type: 'submit', text: t('desk.filter') })),
    );
    const query = new URLSearchParams();
    for (const name of ['q', 'stakeholderType', 'country', 'region']) if (params.get(name)) query.set(name, params.get(name));
    const res = await api('GET', `/api/contacts?limit=200${query.size ? `&${query}` : ''}`);
    const list = res.ok
      ? table(
          t('desk.nav.contacts'),
          [
            [t('desk.f.name'), (c) => h('a', { href: `/dashboard/desk/contact/${c.id}`, text: c.fullName })],
            [t('desk.f.organisation'), (c) => c.organisation],
            [t('desk.f.stakeholderType'), (c) => typeName(c.stakeholderType)],
            [t('desk.f.country'), (c) => countryName(c.country)],
            [t('desk.f.deliverable'), (c) => (c.deliverable ? t('desk.yes') : t('desk.no'))],
          ],
          res.body.items,
          t('desk.contacts.none'),
        )
      : message(failure(res), true);
    const parts = [section(t('desk.contacts.find'), 'contacts-find', filter), section(t('desk.contacts.list'), 'contacts-list', list, res.ok && res.body.nextCursor ? h('p', { text: t('desk.contacts.more') }) : null)];
    if (canAct) {
      const result = h('div', { id: 'import-result' });
      const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true });
      const upload = h(
        'form',
        { class: 'desk-form' },
        h('div', { class: 'form-summary field-wide' }),
        field(t('desk.import.file'), file, { wide: true, help: t('desk.import.help') }),
        h('div', { class: 'desk-buttons field-wide' }, h('button', { type: 'submit', text: t('desk.import.submit') })),
      );
      upload.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (!file.files[0]) return;
        const res = await api('POST', '/api/contacts/import', await file.files[0].text(), 'text/csv');
        if (!res.ok) return result.replaceChildren(message(failure(res), true));
        const summary = t('desk.import.done', { created: res.body.created, updated: res.body.updated, rejected: res.body.rejected.length });
        announce(summary);
        result.replaceChildren(
          message(summary, false),
          res.body.rejected.length ? h('p', { text: t('desk.import.fix') }) : null,
          res.body.rejected.length
            ? table(
                t('desk.import.rejected'),
                [
                  [t('desk.import.row'), (r) => r.row],
                  [t('desk.import.problems'), (r) => r.errors.join('; ')],
                ],
                res.body.rejected,
              )
            : null,
        );
      });
      parts.push(section(t('desk.import'), 'contacts-import', upload, result));
    }
    return parts;
  }

  async function contactView(id) {
    const res = await api('GET', `/api/contacts/${id}`);
    if (!res.ok) return [message(failure(res), true)];
    const c = res.body;
    document.getElementById('desk-heading').textContent = c.fullName;
    const rows = [
      [t('desk.f.name'), [c.honorific, c.fullName].filter(Boolean).join(' ')],
      [t('desk.f.email'), c.email],
      [t('desk.f.jobTitle'), c.jobTitle],
      [t('desk.f.organisation'), c.organisation],
      [t('desk.f.country'), countryName(c.country)],
      [t('desk.f.stakeholderType'), typeName(c.stakeholderType)],
      [t('desk.f.language'), languageNames.of(c.language)],
      [t('desk.f.deliverable'), c.deliverable ? t('desk.yes') : `${t('desk.no')} — ${c.undeliverableReason || ''}`],
    ];
    const facts = h('dl', {}, rows.flatMap(([label, value]) => [h('dt', { text: label }), h('dd', { text: value || '—' })]));
    const parts = [section(t('desk.contact.details'), 'contact-details', facts)];
    if (canAct) {
      const status = h('div', {});
      parts.push(
        section(
          t('desk.contact.erase'),
          'contact-erase',
          h('p', { text: t('desk.contact.eraseHelp') }),
          h('button', {
            type: 'button',
            class: 'danger',
            text: t('desk.contact.erase'),
            onclick: async () => {
              if (!window.confirm(t('desk.contact.eraseConfirm', { name: c.fullName }))) return;
              const erased = await api('DELETE', `/api/contacts/${id}`);
              if (erased.ok) window.location.assign('/dashboard/desk/contacts');
              else status.replaceChildren(message(failure(erased), true));
            },
          }),
          status,
        ),
      );
    }
    return parts;
  }

  // ---- waves --------------------------------------------------------------------------------

  function waveCounts(w) {
    const total = Math.max(0, w.counts.targeted - w.counts.alreadyInvited);
    return { done: Math.min(total, w.counts.sent + w.counts.failed + w.counts.bounced), total };
  }

  function waveProgress(wave) {
    const bar = h('progress', { class: 'desk-progress', max: 1, value: 0, 'aria-label': t('desk.wave.progress', { name: wave.name }) });
    const text = h('p', {});
    const box = h('div', { 'data-wave': wave.id }, bar, text);
    const draw = (w) => {
      const { done, total } = waveCounts(w);
      bar.max = Math.max(total, 1);
      bar.value = w.state === 'completed' && total === 0 ? 1 : done;
      const percent = total ? Math.round((100 * done) / total) : FINISHED_WAVE.includes(w.state) ? 100 : 0;
      text.textContent = t('desk.wave.status', { state: t(`wave.state.${w.state}`), percent, sent: w.counts.sent, failed: w.counts.failed, bounced: w.counts.bounced, already: w.counts.alreadyInvited });
    };
    draw(wave);
    if (['dispatching', 'scheduled'].includes(wave.state)) {
      const timer = window.setInterval(async () => {
        const res = await api('GET', `/api/waves/${wave.id}`);
        if (!res.ok) return;
        draw(res.body);
        if (FINISHED_WAVE.includes(res.body.state)) {
          window.clearInterval(timer);
          announce(text.textContent);
        }
      }, 1000);
    }
    return box;
  }

  async function wavesView(conferenceId) {
    const conference = await get(`/api/conferences/${conferenceId}`);
    const waves = await all(`/api/conferences/${conferenceId}/waves`);
    document.getElementById('desk-heading').textContent = t('desk.waves.of', { title: conference.title });
    const list = table(
      t('desk.nav.waves'),
      [
        [t('desk.f.name'), (w) => w.name],
        [t('desk.wave.audienceSize'), (w) => numbers.format(w.audienceSize)],
        [t('desk.wave.sendAt'), (w) => (w.sendAt ? `${when(w.sendAt, conference.timezone)} · ${when(w.sendAt)}` : t('desk.wave.onDispatch'))],
        [t('desk.wave.progressHeading'), (w) => waveProgress(w)],
        [t('desk.wave.failures'), (w) => (w.counts.failed || w.counts.bounced ? h('a', { href: `/dashboard/desk/invitations/${conferenceId}?delivery=failed`, text: t('desk.wave.seeFailures') }) : '—')],
      ],
      waves,
      t('desk.waves.none'),
    );
    const parts = [section(t('desk.waves.list'), 'waves-list', list)];
    if (!canAct) return parts;

    const size = h('p', { class: 'audience-size', id: 'audience-size', 'aria-live': 'polite', text: t('desk.wave.pick') });
    const types = h(
      'fieldset',
      { class: 'checkboxes', 'data-field': 'audience' },
      h('legend', { text: t('desk.f.stakeholderTypes') }),
      config.choices.stakeholderTypes.map((s) => h('label', {}, h('input', { type: 'checkbox', name: 'stakeholderTypes', value: s }), ` ${typeName(s)}`)),
    );
    const countries = select('countries', countryOptions(), [], { multiple: true, size: 8 });
    const regions = select('regions', regionOptions().filter(([code]) => !/^[A-Z_]+$/.test(code)), [], { multiple: true, size: 8 });
    const groups = select('groups', regionOptions().filter(([code]) => /^[A-Z_]+$/.test(code)), [], { multiple: true, size: 5 });
    const sendAt = input('sendAt', '', { type: 'datetime-local' });
    const sendAtShown = h('p', { class: 'help', id: 'send-at-shown', 'aria-live': 'polite' });
    const form = h(
      'form',
      { class: 'desk-form', novalidate: true },
      h('div', { class: 'form-summary field-wide' }),
      field(t('desk.f.name'), input('name', '', { required: true, maxlength: 200 }), { name: 'name', wide: true }),
      types,
      field(t('desk.f.countries'), countries, { help: t('desk.multiHelp') }),
      field(t('desk.f.regions'), regions, { help: t('desk.multiHelp') }),
      field(t('desk.f.groups'), groups, { help: t('desk.multiHelp') }),
      h('div', { class: 'field-wide' }, size),
      h(
        'fieldset',
        { class: 'checkboxes field-wide' },
        h('legend', { text: t('desk.wave.when') }),
        h('label', {}, h('input', { type: 'radio', name: 'timing', value: 'now', checked: true }), ` ${t('desk.wave.now')}`),
        h('label', {}, h('input', { type: 'radio', name: 'timing', value: 'later' }), ` ${t('desk.wave.later')}`),
        field(t('desk.wave.sendAtLocal', { zone: userZone }), sendAt, {}),
        sendAtShown,
      ),
      h('div', { class: 'desk-buttons field-wide' }, h('button', { type: 'submit', text: t('desk.wave.send') })),
    );
    const audience = () => {
      const v = formValues(form);
      const a = {};
      if (v.stakeholderTypes) a.stakeholderTypes = v.stakeholderTypes;
      if (v.countries) a.countries = v.countries;
      const regionCodes = [...(v.regions || []), ...(v.groups || [])];
      if (regionCodes.length) a.regions = regionCodes;
      return a;
    };
    let asked = 0;
    const preview = async () => {
      const a = audience();
      if (!Object.keys(a).length) return (size.textContent = t('desk.wave.pick'));
      const mine = ++asked;
      const res = await api('POST', `/api/conferences/${conferenceId}/audience-preview`, { audience: a });
      if (mine !== asked) return;
      size.textContent = res.ok ? t('desk.wave.size', { size: numbers.format(res.body.audienceSize), already: numbers.format(res.body.alreadyInvited), undeliverable: numbers.format(res.body.undeliverable) }) : failure(res);
    };
    form.addEventListener('change', (event) => {
      if (event.target === sendAt || event.target.name === 'timing') {
        sendAtShown.textContent = sendAt.value ? t('desk.wave.sendAtShown', { conference: when(new Date(sendAt.value).toISOString(), conference.timezone), user: when(new Date(sendAt.value).toISOString()) }) : '';
        return;
      }
      preview();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const v = formValues(form);
      const body = { name: v.name || '', audience: audience() };
      if (v.timing === 'later' && sendAt.value) body.sendAt = new Date(sendAt.value).toISOString();
      const created = await api('POST', `/api/conferences/${conferenceId}/waves`, body);
      if (!created.ok) return showErrors(form, created);
      const dispatched = await api('POST', `/api/waves/${created.body.id}/dispatch`, {});
      if (!dispatched.ok) return showErrors(form, dispatched);
      window.location.reload();
    });
    parts.unshift(section(t('desk.waves.compose'), 'wave-compose', form));
    return parts;
  }

  // ---- invitations, participants, credentials, reminders ------------------------------------

  async function invitationsView(conferenceId) {
    const conference = await get(`/api/conferences/${conferenceId}`);
    document.getElementById('desk-heading').textContent = t('desk.invitations.of', { title: conference.title });
    const params = new URLSearchParams(window.location.search);
    const filter = h(
      'form',
      { class: 'desk-form', method: 'get' },
      field(t('desk.f.delivery'), select('delivery', [['', t('desk.any')], ...['queued', 'sent', 'failed', 'bounced'].map((d) => [d, t(`desk.delivery.${d}`)])], params.get('delivery') || '')),
      field(t('desk.f.response'), select('response', [['', t('desk.any')], ...['none', 'accepted', 'declined', 'waitlisted', 'offered', 'cancelled'].map((r) => [r, t(`desk.response.${r}`)])], params.get('response') || '')),
      h('div', { class: 'desk-buttons field-wide' }, h('button', { type: 'submit', text: t('desk.filter') })),
    );
    const query = new URLSearchParams();
    for (const name of ['delivery', 'response']) if (params.get(name)) query.set(name, params.get(name));
    const res = await api('GET', `/api/conferences/${conferenceId}/invitations?limit=200${query.size ? `&${query}` : ''}`);
    const history = async (invitation, cell) => {
      const answers = await api('GET', `/api/invitations/${invitation.id}/answers`);
      cell.replaceChildren(
        answers.ok
          ? h('ul', {}, answers.body.items.map((a) => h('li', { text: `${when(a.occurredAt)}: ${responseName(a.from || 'none')} → ${responseName(a.to)}` })))
          : message(failure(answers), true),
      );
      if (answers.ok && !answers.body.items.length) cell.replaceChildren(t('desk.invitations.noHistory'));
    };
    const list = res.ok
      ? table(
          t('desk.nav.invitations'),
          [
            [t('desk.f.name'), (i) => (i.invitee ? i.invitee.fullName : t('desk.erased'))],
            [t('desk.f.organisation'), (i) => i.invitee && i.invitee.organisation],
            [t('desk.f.country'), (i) => i.invitee && countryName(i.invitee.country)],
            [t('desk.f.delivery'), (i) => t(`desk.delivery.${i.delivery}`) + (i.deliveryError ? ` — ${i.deliveryError}` : '')],
            [t('desk.f.response'), (i) => t(`desk.response.${i.response}`)],
            [t('desk.f.sentAt'), (i) => when(i.sentAt, conference.timezone)],
            [
              t('desk.invitations.history'),
              (i) => {
                const cell = h('div', {});
                cell.append(h('button', { type: 'button', class: 'secondary', text: t('desk.invitations.showHistory'), 'aria-label': t('desk.invitations.historyOf', { name: i.invitee ? i.invitee.fullName : t('desk.erased') }), onclick: () => history(i, cell) }));
                return cell;
              },
            ],
          ],
          res.body.items,
          t('desk.invitations.none'),
        )
      : message(failure(res), true);
    return [section(t('desk.filter'), 'invitations-filter', filter), section(t('desk.invitations.list'), 'invitations-list', h('p', { id: 'invitation-count', text: res.ok ? t('desk.shown', { count: res.body.items.length }) : '' }), list)];
  }

  /**
   * Columns of the participants list; badges, visa letters and check-in add theirs here when the
   * logistics screens land.
   */
  const PARTICIPANT_COLUMNS = [
    [() => t('desk.f.name'), (p) => p.fullName],
    [() => t('desk.f.organisation'), (p) => p.organisation],
    [() => t('desk.f.country'), (p) => countryName(p.country)],
    [() => t('desk.f.capacity'), (p) => p.capacity],
    [() => t('desk.f.state'), (p) => p.status],
  ];

  async function participantsView(conferenceId) {
    const conference = await get(`/api/conferences/${conferenceId}`);
    document.getElementById('desk-heading').textContent = t('desk.participants.of', { title: conference.title });
    const participants = await all(`/api/conferences/${conferenceId}/participants`);
    const credentials = await all(`/api/conferences/${conferenceId}/credentials`);
    const csv = h('a', { href: `/api/conferences/${conferenceId}/participants?format=csv`, download: `participants-${conferenceId}.csv`, text: t('desk.participants.csv') });
    const review = (credential, status, cell) => async () => {
      let reason;
      if (status === 'rejected') {
        reason = window.prompt(t('desk.credentials.reason'));
        if (!reason) return;
      }
      const res = await api('PATCH', `/api/credentials/${credential.id}`, reason ? { status, reason } : { status });
      if (!res.ok) return cell.replaceChildren(message(failure(res), true));
      cell.replaceChildren(t(`desk.credential.${res.body.status}`));
      announce(t(`desk.credential.${res.body.status}`));
    };
    const credentialList = table(
      t('desk.credentials'),
      [
        [t('desk.credentials.file'), (c) => h('a', { href: `/api/credentials/${c.id}/document`, text: c.filename })],
        [t('desk.credentials.kind'), (c) => t(`desk.credentialKind.${c.kind}`)],
        [t('desk.credentials.uploaded'), (c) => when(c.uploadedAt)],
        [
          t('desk.f.state'),
          (c) => {
            const cell = h('div', {}, t(`desk.credential.${c.status}`), c.reason ? ` — ${c.reason}` : '');
            if (canAct && c.status === 'pending') {
              cell.append(
                h(
                  'div',
                  { class: 'desk-buttons' },
                  h('button', { type: 'button', text: t('desk.credentials.verify'), onclick: review(c, 'verified', cell) }),
                  h('button', { type: 'button', class: 'danger', text: t('desk.credentials.reject'), onclick: review(c, 'rejected', cell) }),
                ),
              );
            }
            return cell;
          },
        ],
      ],
      credentials,
      t('desk.credentials.none'),
    );
    return [
      section(
        t('desk.participants.list'),
        'participants-list',
        h('p', {}, csv),
        table(
          t('desk.participants.list'),
          PARTICIPANT_COLUMNS.map(([header, cell]) => [header(), cell]),
          participants,
          t('desk.participants.none'),
        ),
      ),
      section(t('desk.credentials'), 'credentials-list', credentialList),
    ];
  }

  async function remindersView(conferenceId) {
    const conference = await get(`/api/conferences/${conferenceId}`);
    document.getElementById('desk-heading').textContent = t('desk.reminders.of', { title: conference.title });
    const policy = await get(`/api/conferences/${conferenceId}/reminder-policy`);
    const steps = await all(`/api/conferences/${conferenceId}/reminders`);
    const parts = [];
    const form = h(
      'form',
      { class: 'desk-form', novalidate: true },
      h('div', { class: 'form-summary field-wide' }),
      field(t('desk.reminders.nonResponders'), input('nonResponders', policy.nonResponders.daysBeforeDeadline.join(', '), { disabled: !canAct }), { name: 'nonResponders', help: t('desk.reminders.daysHelp') }),
      field(t('desk.reminders.participants'), input('participants', policy.participants.daysBeforeStart.join(', '), { disabled: !canAct }), { name: 'participants', help: t('desk.reminders.daysHelp') }),
      field(t('desk.reminders.quietFrom'), input('quietFrom', policy.quietHours && policy.quietHours.from, { type: 'time', disabled: !canAct }), { name: 'quietHours' }),
      field(t('desk.reminders.quietTo'), input('quietTo', policy.quietHours && policy.quietHours.to, { type: 'time', disabled: !canAct }), {}),
      field(t('desk.reminders.digestAt'), input('digestAt', policy.digest && policy.digest.at, { type: 'time', disabled: !canAct }), { name: 'digest' }),
      canAct ? h('div', { class: 'desk-buttons field-wide' }, h('button', { type: 'submit', text: t('desk.save') })) : null,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const v = formValues(form);
      const daysOf = (text) => (text || '').split(',').map((d) => d.trim()).filter(Boolean).map(Number);
      const body = { nonResponders: { daysBeforeDeadline: daysOf(v.nonResponders) }, participants: { daysBeforeStart: daysOf(v.participants) } };
      body.quietHours = v.quietFrom && v.quietTo ? { from: v.quietFrom, to: v.quietTo } : null;
      body.digest = v.digestAt ? { at: v.digestAt } : null;
      const res = await api('PUT', `/api/conferences/${conferenceId}/reminder-policy`, body);
      if (res.ok) return window.location.reload();
      showErrors(form, res);
    });
    parts.push(section(policy.isDefault ? t('desk.reminders.policyDefault') : t('desk.reminders.policy'), 'reminder-policy', form));
    parts.push(
      section(
        t('desk.reminders.steps'),
        'reminder-steps',
        table(
          t('desk.reminders.steps'),
          [
            [t('desk.reminders.step'), (s) => t(`desk.step.${s.kind}`, { days: s.offsetDays })],
            [t('desk.reminders.due'), (s) => `${when(s.dueAt, conference.timezone)}`],
            [t('desk.f.state'), (s) => s.state],
            [t('desk.reminders.targeted'), (s) => s.counts.targeted],
            [t('desk.reminders.sent'), (s) => s.counts.sent],
            [t('desk.reminders.skipped'), (s) => s.counts.skipped],
            [t('desk.reminders.failed'), (s) => s.counts.failed],
          ],
          steps,
          t('desk.reminders.none'),
        ),
      ),
    );
    return parts;
  }

  // ---- keys ---------------------------------------------------------------------------------

  async function keysView() {
    if (config.role !== 'admin') return [message(t('desk.keys.adminOnly'), false)];
    const keys = await all('/api/keys');
    const shown = h('div', { id: 'key-created' });
    const form = h(
      'form',
      { class: 'desk-form', novalidate: true },
      h('div', { class: 'form-summary field-wide' }),
      field(t('desk.f.name'), input('name', '', { required: true, maxlength: 100 }), { name: 'name' }),
      field(t('desk.keys.role'), select('role', ['admin', 'coordinator', 'viewer', 'checkin'].map((r) => [r, t(`role.${r}`)]), 'viewer'), { name: 'role' }),
      h('div', { class: 'desk-buttons field-wide' }, h('button', { type: 'submit', text: t('desk.create') })),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const res = await api('POST', '/api/keys', formValues(form));
      if (!res.ok) return showErrors(form, res);
      showErrors(form, null);
      shown.replaceChildren(message(t('desk.keys.once'), false), h('p', {}, h('code', { id: 'new-key', text: res.body.key })));
      announce(t('desk.keys.once'));
    });
    const list = table(
      t('desk.keys.list'),
      [
        [t('desk.f.name'), (k) => k.name],
        [t('desk.keys.role'), (k) => t(`role.${k.role}`)],
        [t('desk.keys.created'), (k) => when(k.createdAt)],
        [
          t('desk.keys.revoked'),
          (k) =>
            k.revokedAt
              ? when(k.revokedAt)
              : h('button', {
                  type: 'button',
                  class: 'danger',
                  text: t('desk.keys.revoke'),
                  'aria-label': t('desk.keys.revokeNamed', { name: k.name }),
                  onclick: async () => {
                    if (!window.confirm(t('desk.keys.revokeConfirm', { name: k.name }))) return;
                    const res = await api('DELETE', `/api/keys/${k.id}`);
                    if (res.ok) window.location.reload();
                    else shown.replaceChildren(message(failure(res), true));
                  },
                }),
        ],
      ],
      keys,
    );
    return [section(t('desk.keys.new'), 'key-new', form, shown), section(t('desk.keys.list'), 'keys-list', list)];
  }

  // ---- page ---------------------------------------------------------------------------------

  const VIEWS = { conferences: conferencesView, series: seriesView, conference: conferenceView, contacts: contactsView, contact: contactView, waves: wavesView, invitations: invitationsView, participants: participantsView, reminders: remindersView, keys: keysView };

  async function showClock() {
    const res = await api('GET', '/api/admin/clock');
    if (res.ok && res.body.mode === 'manual') document.getElementById('desk-clock').textContent = t('desk.clock.manual', { time: when(res.body.now) });
  }

  async function start() {
    const clock = showClock();
    try {
      const parts = await VIEWS[config.view](config.id);
      root.replaceChildren(...parts);
    } catch (res) {
      root.replaceChildren(message(res && res.status !== undefined ? failure(res) : String(res), true));
    }
    // The page is drawn once the clock line is too, so nothing on it changes after it says it is ready.
    await clock;
    root.setAttribute('aria-busy', 'false');
  }

  start();
})();
