// The hosted capture page's shared toolkit: the person's words, DOM helpers, the API call, the
// camera and the last screens (checking, result). Loaded after strings.js and before selfie.js and
// app.js; they are plain scripts too (no bundler), so they meet on one global object,
// window.KycHostedPage, instead of imports.
(() => {
  'use strict';

  const REDIRECT_DELAY_MS = 2500;
  const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/tiff';
  // The person's language and the page's words in it (strings.js, loaded first).
  const lang = window.KycHostedLanguage;
  const t = window.KycHostedStrings[lang];
  const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const base = `/kyc/session/${encodeURIComponent(token)}`;
  const main = document.getElementById('app');
  let stream = null;

  // ---- DOM helpers (text only: nothing from the network becomes HTML) ----
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'class') node.className = value;
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function screen(step, ...children) {
    stopCamera();
    main.dataset.step = step;
    main.replaceChildren(...children);
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }

  function errorBox(message, reason) {
    return el('p', { class: 'error', role: 'alert', 'data-reason': reason }, message);
  }

  function showError(container, message, reason) {
    container.querySelectorAll('.error').forEach((node) => node.remove());
    container.prepend(errorBox(message, reason));
  }

  // ---- API ----
  async function call(method, path, body) {
    let response;
    try {
      response = await fetch(base + path, {
        method,
        body,
        headers: { accept: 'application/json' },
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      return { ok: false, message: t.offline };
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (response.ok) return { ok: true, data };
    const code = data && data.code;
    if (code === 'NOT_FOUND') {
      renderResult('notFound');
      return { ok: false, handled: true };
    }
    if (code === 'CONFLICT') {
      // The session moved on elsewhere (another tab, a step sent twice): start over from its state.
      // The flow is app.js's, loaded last, so it is looked up when needed.
      await page.start();
      return { ok: false, handled: true };
    }
    if (code === 'RATE_LIMITED') return { ok: false, message: t.rateLimited };
    // The document step names why it refused a DNI photo (details.reason, also on the error box): say it in the person's words.
    const reason = data && data.details && data.details.reason;
    if (code === 'INVALID_REQUEST' && reason && t.barcode[reason]) return { ok: false, message: t.barcode[reason], reason };
    if (code === 'INVALID_REQUEST') return { ok: false, message: t.badImage(String((data && data.message) || '')) };
    return { ok: false, message: t.failed };
  }

  function imageForm(field, blob, name) {
    const form = new FormData();
    form.append(field, blob, name);
    return form;
  }

  /** A file picker styled as a large button; `capture` hints phones to open the camera. */
  function filePicker(id, label, capture, onFile) {
    const input = el('input', { type: 'file', id, accept: IMAGE_TYPES, capture, class: 'visually-hidden' });
    input.addEventListener('change', () => {
      if (input.files && input.files[0]) onFile(input.files[0]);
      input.value = '';
    });
    return [
      input,
      el(
        'label',
        {
          for: id,
          class: 'button secondary',
          role: 'button',
          tabindex: '0',
          onkeydown: (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              input.click();
            }
          },
        },
        label,
      ),
    ];
  }

  // ---- Camera: one stream at a time, stopped whenever the screen changes ----
  async function openCamera(constraints) {
    stream = await navigator.mediaDevices.getUserMedia(constraints);
    return stream;
  }

  function stopCamera() {
    if (stream) {
      stream.getTracks().forEach((track) => track.stop());
      stream = null;
    }
  }

  // ---- Last screens ----
  function checkingScreen(message) {
    screen(
      'checking',
      el(
        'section',
        { class: 'card', 'aria-busy': 'true' },
        el('h1', { id: 'title' }, message || t.checking),
        el('div', { class: 'spinner', role: 'progressbar', 'aria-label': t.checking }),
        el('p', { class: 'muted' }, t.checkingHint),
      ),
    );
  }

  function renderResult(status, callback) {
    const kind = ['approved', 'rejected', 'in_review'].includes(status) ? status : 'other';
    const icon = { approved: '✓', rejected: '✕', in_review: '…', other: '!' }[kind];
    const section = el(
      'section',
      { class: `card result ${kind}`, 'data-status': status },
      el('div', { class: 'icon', 'aria-hidden': 'true' }, icon),
      el('h1', { id: 'title' }, t[status] || t.failed),
    );
    if (callback && ['approved', 'rejected', 'in_review'].includes(status)) {
      const target = new URL(callback);
      target.searchParams.set('status', status);
      section.append(
        el('p', { class: 'muted', role: 'status' }, t.redirecting),
        el('div', { class: 'actions' }, el('a', { class: 'button', href: target.href }, t.backToSite)),
      );
      setTimeout(() => location.assign(target.href), REDIRECT_DELAY_MS);
    }
    screen('result', section);
  }

  // selfie.js adds renderSelfie and app.js adds start.
  const page = {
    lang,
    t,
    main,
    el,
    screen,
    errorBox,
    showError,
    call,
    imageForm,
    filePicker,
    openCamera,
    stopCamera,
    checkingScreen,
    renderResult,
  };
  window.KycHostedPage = page;
})();
