/*
 * What the dashboard's and the desk's scripts share: the page's locale, its messages, building
 * elements and asking the API for JSON. Loaded before either page's own script.
 */
(() => {
  'use strict';

  /** The page's language, in the browser's regional variant of it when there is one (en-GB, fr-CA). */
  const pageLocale = (lang) => (navigator.languages || []).find((tag) => tag.split('-')[0] === lang) || lang;

  /** Looks a message up and fills its {slots}; a missing message shows its key, a slot without a value stays visible. */
  const translator = (messages) =>
    function t(key, values) {
      const template = messages[key] !== undefined ? messages[key] : key;
      return template.replace(/\{(\w+)\}/g, (whole, name) => (values && values[name] !== undefined ? String(values[name]) : whole));
    };

  /** An element with its attributes (class, text, on<event> listeners) and children; absent values are left out. */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  }

  /** A same-origin request; the answer's JSON body (null when it has none), or status 0 when the network failed. */
  async function requestJson(path, init) {
    try {
      const response = await fetch(path, Object.assign({ credentials: 'same-origin' }, init));
      const text = await response.text();
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      return { status: response.status, ok: response.ok, body };
    } catch (error) {
      return { status: 0, ok: false, body: { message: error && error.message ? error.message : 'network error' } };
    }
  }

  window.ConvenePage = Object.freeze({ pageLocale, translator, h, requestJson });
})();
