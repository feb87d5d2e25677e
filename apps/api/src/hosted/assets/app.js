// The hosted capture page's flow: consent → document photo → live selfie → checking → result.
// Plain modern JavaScript, no dependencies, nothing loaded from other hosts. Loaded last: it uses
// shared.js (the toolkit) and selfie.js (the live selfie step), then starts the page.
(() => {
  'use strict';

  const page = window.KycHostedPage;
  const { lang, t, el, screen, errorBox, showError, call, imageForm, filePicker, renderResult, renderSelfie } = page;

  document.documentElement.lang = lang;
  document.title = t.brand;
  document.getElementById('brand').textContent = t.brand;

  async function start() {
    const result = await call('GET', '/state');
    if (!result.ok) {
      if (!result.handled)
        screen(
          'error',
          el('h1', {}, t.failed),
          errorBox(result.message),
          el('div', { class: 'actions' }, el('button', { type: 'button', onclick: start }, t.tryAgain)),
        );
      return;
    }
    render(result.data);
  }

  function render(state) {
    if (state.step === 'consent') return renderConsent();
    if (state.step === 'document') return renderDocument();
    if (state.step === 'selfie') return renderSelfie(state);
    return renderResult(state.status, state.callback);
  }

  // ---- Steps ----
  function renderConsent() {
    const box = el('input', { type: 'checkbox', id: 'consent', name: 'consent' });
    const go = el('button', { type: 'button', id: 'consent-continue', disabled: true }, t.continue);
    box.addEventListener('change', () => {
      go.disabled = !box.checked;
    });
    const card = el(
      'section',
      { class: 'card', 'aria-labelledby': 'title' },
      el('p', { class: 'steps' }, t.stepOf(1)),
      el('h1', { id: 'title' }, t.consentTitle),
      el('p', {}, t.consentText),
      el('label', { class: 'check', for: 'consent' }, box, el('span', {}, t.consentCheck)),
      el('div', { class: 'actions' }, go),
    );
    go.addEventListener('click', async () => {
      go.disabled = true;
      const result = await call('POST', '/consent');
      if (result.ok) renderDocument();
      else if (!result.handled) {
        showError(card, result.message);
        go.disabled = false;
      }
    });
    screen('consent', card);
  }

  function renderDocument() {
    const card = el('section', { class: 'card', 'aria-labelledby': 'title' });
    const choose = () => {
      card.replaceChildren(
        el('p', { class: 'steps' }, t.stepOf(2)),
        el('h1', { id: 'title' }, t.documentTitle),
        el(
          'ul',
          { class: 'tips' },
          t.documentTips.map((tip) => el('li', {}, tip)),
        ),
        el('div', { class: 'actions' }, filePicker('document-file', t.documentPick, 'environment', review)),
      );
    };
    const review = (file) => {
      const url = URL.createObjectURL(file);
      const send = el('button', { type: 'button', id: 'document-send' }, t.send);
      card.replaceChildren(
        el('p', { class: 'steps' }, t.stepOf(2)),
        el('h1', { id: 'title' }, t.documentTitle),
        el('img', { class: 'preview', src: url, alt: t.documentPreview }),
        el('div', { class: 'actions' }, send, el('button', { type: 'button', class: 'secondary', onclick: choose }, t.retake)),
      );
      send.addEventListener('click', async () => {
        send.disabled = true;
        const result = await call('POST', '/document', imageForm('document', file, file.name || 'document.jpg'));
        URL.revokeObjectURL(url);
        if (result.ok) renderSelfie(result.data);
        else if (!result.handled) {
          choose();
          showError(card, result.message, result.reason);
        }
      });
      send.focus();
    };
    choose();
    screen('document', card);
  }

  // shared.js answers a CONFLICT (the session moved on) by starting over from the session's state.
  page.start = start;
  start();
})();
