// The hosted capture page: consent → document photo → live selfie → checking → result.
// Plain modern JavaScript, no dependencies, nothing loaded from other hosts.
(() => {
  'use strict';

  const STRINGS = {
    es: {
      brand: 'Verificación de identidad',
      loading: 'Cargando…',
      stepOf: (n) => `Paso ${n} de 3`,
      consentTitle: 'Antes de empezar',
      consentText: 'Vamos a pedirte una foto del frente de tu documento y una selfie. Las usamos solo para verificar tu identidad, comparando tu rostro con el de tu documento.',
      consentCheck: 'Acepto que se procesen mis imágenes y mis datos biométricos para verificar mi identidad.',
      continue: 'Continuar',
      documentTitle: 'Foto del frente de tu documento',
      documentTips: ['Usá el frente, donde está tu foto.', 'Buena luz, sin reflejos.', 'Que se vea entero y nítido.'],
      documentPick: 'Sacar o elegir una foto',
      send: 'Enviar',
      retake: 'Elegir otra',
      selfieTitle: 'Una selfie',
      selfieTips: 'Mirá a la cámara y ubicá tu rostro dentro del óvalo. Sin anteojos de sol ni gorra.',
      selfieCapture: 'Sacar selfie',
      selfieRetake: 'Sacar otra',
      selfieUpload: 'Subir una foto en su lugar',
      selfiePick: 'Elegir una foto',
      cameraLabel: 'Vista de la cámara frontal',
      cameraUnavailable: 'No pudimos usar la cámara. Podés subir una selfie desde tu dispositivo.',
      documentPreview: 'Vista previa del documento',
      selfiePreview: 'Vista previa de la selfie',
      checking: 'Estamos verificando tu identidad…',
      checkingHint: 'Puede tardar unos segundos. No cierres esta página.',
      approved: '¡Listo! Tu identidad fue verificada.',
      rejected: 'No pudimos verificar tu identidad.',
      in_review: 'Recibimos tus fotos. Vamos a revisarlas y te avisaremos.',
      expired: 'Este enlace venció. Pedí uno nuevo a quien te lo envió.',
      cancelled: 'Esta verificación fue cancelada.',
      abandoned: 'Esta verificación quedó sin terminar. Pedí un enlace nuevo.',
      notFound: 'Este enlace no es válido. Revisá que esté completo o pedí uno nuevo.',
      redirecting: 'Te estamos redirigiendo…',
      backToSite: 'Volver al sitio',
      tryAgain: 'Reintentar',
      rateLimited: 'Demasiados intentos. Esperá un minuto y volvé a intentar.',
      badImage: (m) => `No pudimos usar esa imagen (${m}). Probá con otra.`,
      failed: 'Algo salió mal. Volvé a intentar.',
      offline: 'Sin conexión. Revisá tu conexión y volvé a intentar.',
    },
    en: {
      brand: 'Identity verification',
      loading: 'Loading…',
      stepOf: (n) => `Step ${n} of 3`,
      consentTitle: 'Before you start',
      consentText: 'We will ask you for a photo of the front of your ID document and a selfie. We use them only to verify your identity, by comparing your face with the one on your document.',
      consentCheck: 'I agree to the processing of my images and biometric data to verify my identity.',
      continue: 'Continue',
      documentTitle: 'Photo of the front of your ID',
      documentTips: ['Use the front side, with your photo.', 'Good light, no glare.', 'Whole document, in focus.'],
      documentPick: 'Take or choose a photo',
      send: 'Send',
      retake: 'Choose another',
      selfieTitle: 'A selfie',
      selfieTips: 'Look at the camera and place your face inside the oval. No sunglasses or cap.',
      selfieCapture: 'Take selfie',
      selfieRetake: 'Take another',
      selfieUpload: 'Upload a photo instead',
      selfiePick: 'Choose a photo',
      cameraLabel: 'Front camera view',
      cameraUnavailable: 'We could not use the camera. You can upload a selfie from your device.',
      documentPreview: 'Document preview',
      selfiePreview: 'Selfie preview',
      checking: 'Checking your identity…',
      checkingHint: 'This may take a few seconds. Please keep this page open.',
      approved: 'Done! Your identity was verified.',
      rejected: 'We could not verify your identity.',
      in_review: 'We received your photos. We will review them and let you know.',
      expired: 'This link has expired. Ask whoever sent it for a new one.',
      cancelled: 'This verification was cancelled.',
      abandoned: 'This verification was left unfinished. Ask for a new link.',
      notFound: 'This link is not valid. Check that it is complete or ask for a new one.',
      redirecting: 'Redirecting you…',
      backToSite: 'Back to the site',
      tryAgain: 'Try again',
      rateLimited: 'Too many attempts. Wait a minute and try again.',
      badImage: (m) => `We could not use that image (${m}). Try another one.`,
      failed: 'Something went wrong. Please try again.',
      offline: 'No connection. Check your connection and try again.',
    },
  };

  const REDIRECT_DELAY_MS = 2500;
  const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/tiff';
  const params = new URLSearchParams(location.search);
  const lang = pickLanguage();
  const t = STRINGS[lang];
  const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const base = `/kyc/session/${encodeURIComponent(token)}`;
  const main = document.getElementById('app');
  let stream = null;

  document.documentElement.lang = lang;
  document.title = t.brand;
  document.getElementById('brand').textContent = t.brand;

  function pickLanguage() {
    const asked = (params.get('lang') || '').toLowerCase();
    if (asked === 'en' || asked === 'es') return asked;
    const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || 'es';
    return preferred.toLowerCase().startsWith('en') ? 'en' : 'es';
  }

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
    if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
  }

  function errorBox(message) {
    return el('p', { class: 'error', role: 'alert' }, message);
  }

  function showError(container, message) {
    container.querySelectorAll('.error').forEach((node) => node.remove());
    container.prepend(errorBox(message));
  }

  // ---- API ----
  async function call(method, path, body) {
    let response;
    try {
      response = await fetch(base + path, { method, body, headers: { accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
    } catch {
      return { ok: false, message: t.offline };
    }
    let data = null;
    try { data = await response.json(); } catch { data = null; }
    if (response.ok) return { ok: true, data };
    const code = data && data.code;
    if (code === 'NOT_FOUND') { renderResult('notFound'); return { ok: false, handled: true }; }
    if (code === 'CONFLICT') { await start(); return { ok: false, handled: true }; }
    if (code === 'RATE_LIMITED') return { ok: false, message: t.rateLimited };
    if (code === 'INVALID_REQUEST') return { ok: false, message: t.badImage(String((data && data.message) || '')) };
    return { ok: false, message: t.failed };
  }

  function imageForm(field, blob, name) {
    const form = new FormData();
    form.append(field, blob, name);
    return form;
  }

  async function start() {
    const result = await call('GET', '/state');
    if (!result.ok) {
      if (!result.handled) screen('error', el('h1', {}, t.failed), errorBox(result.message), el('div', { class: 'actions' }, el('button', { type: 'button', onclick: start }, t.tryAgain)));
      return;
    }
    render(result.data);
  }

  function render(state) {
    if (state.step === 'consent') return renderConsent();
    if (state.step === 'document') return renderDocument();
    if (state.step === 'selfie') return renderSelfie();
    return renderResult(state.status, state.callback);
  }

  // ---- Steps ----
  function renderConsent() {
    const box = el('input', { type: 'checkbox', id: 'consent', name: 'consent' });
    const go = el('button', { type: 'button', id: 'consent-continue', disabled: true }, t.continue);
    box.addEventListener('change', () => { go.disabled = !box.checked; });
    const card = el('section', { class: 'card', 'aria-labelledby': 'title' },
      el('p', { class: 'steps' }, t.stepOf(1)),
      el('h1', { id: 'title' }, t.consentTitle),
      el('p', {}, t.consentText),
      el('label', { class: 'check', for: 'consent' }, box, el('span', {}, t.consentCheck)),
      el('div', { class: 'actions' }, go));
    go.addEventListener('click', async () => {
      go.disabled = true;
      const result = await call('POST', '/consent');
      if (result.ok) renderDocument();
      else if (!result.handled) { showError(card, result.message); go.disabled = false; }
    });
    screen('consent', card);
  }

  /** A file picker styled as a large button; `capture` hints phones to open the camera. */
  function filePicker(id, label, capture, onFile) {
    const input = el('input', { type: 'file', id, accept: IMAGE_TYPES, capture, class: 'visually-hidden' });
    input.addEventListener('change', () => { if (input.files && input.files[0]) onFile(input.files[0]); input.value = ''; });
    return [input, el('label', { for: id, class: 'button secondary', role: 'button', tabindex: '0', onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } } }, label)];
  }

  function renderDocument() {
    const card = el('section', { class: 'card', 'aria-labelledby': 'title' });
    const choose = () => {
      card.replaceChildren(
        el('p', { class: 'steps' }, t.stepOf(2)),
        el('h1', { id: 'title' }, t.documentTitle),
        el('ul', { class: 'tips' }, t.documentTips.map((tip) => el('li', {}, tip))),
        el('div', { class: 'actions' }, filePicker('document-file', t.documentPick, 'environment', review)));
    };
    const review = (file) => {
      const url = URL.createObjectURL(file);
      const send = el('button', { type: 'button', id: 'document-send' }, t.send);
      card.replaceChildren(
        el('p', { class: 'steps' }, t.stepOf(2)),
        el('h1', { id: 'title' }, t.documentTitle),
        el('img', { class: 'preview', src: url, alt: t.documentPreview }),
        el('div', { class: 'actions' }, send, el('button', { type: 'button', class: 'secondary', onclick: choose }, t.retake)));
      send.addEventListener('click', async () => {
        send.disabled = true;
        const result = await call('POST', '/document', imageForm('document', file, file.name || 'document.jpg'));
        URL.revokeObjectURL(url);
        if (result.ok) renderSelfie();
        else if (!result.handled) { choose(); showError(card, result.message); }
      });
      send.focus();
    };
    choose();
    screen('document', card);
  }

  function renderSelfie() {
    const card = el('section', { class: 'card', 'aria-labelledby': 'title' });
    const header = () => [el('p', { class: 'steps' }, t.stepOf(3)), el('h1', { id: 'title' }, t.selfieTitle)];
    const upload = (notice) => {
      stopCamera();
      card.replaceChildren(...header(), notice ? el('p', { role: 'status' }, notice) : el('p', {}, t.selfieTips),
        el('div', { class: 'actions' }, filePicker('selfie-file', t.selfiePick, 'user', (file) => review(file, upload))));
    };
    const review = (blob, again) => {
      stopCamera();
      const url = URL.createObjectURL(blob);
      const send = el('button', { type: 'button', id: 'selfie-send' }, t.send);
      card.replaceChildren(...header(), el('img', { class: 'preview', src: url, alt: t.selfiePreview }),
        el('div', { class: 'actions' }, send, el('button', { type: 'button', class: 'secondary', onclick: () => again() }, t.selfieRetake)));
      send.addEventListener('click', () => submitSelfie(blob, card, again));
      send.focus();
    };
    const camera = async () => {
      const video = el('video', { autoplay: true, muted: true, playsinline: true, 'aria-label': t.cameraLabel });
      const shoot = el('button', { type: 'button', id: 'selfie-capture', disabled: true }, t.selfieCapture);
      card.replaceChildren(...header(), el('p', {}, t.selfieTips),
        el('div', { class: 'camera' }, video, el('div', { class: 'guide', 'aria-hidden': 'true' })),
        el('div', { class: 'actions' }, shoot, el('button', { type: 'button', class: 'secondary', id: 'selfie-upload', onclick: () => upload() }, t.selfieUpload)));
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 960 } }, audio: false });
        video.srcObject = stream;
        await video.play();
        shoot.disabled = false;
      } catch {
        upload(t.cameraUnavailable);
        return;
      }
      shoot.addEventListener('click', () => {
        const canvas = document.createElement('canvas');
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        canvas.getContext('2d').drawImage(video, 0, 0);
        canvas.toBlob((blob) => { if (blob) review(blob, camera); }, 'image/jpeg', 0.92);
      });
    };
    screen('selfie', card);
    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) camera(); else upload();
  }

  async function submitSelfie(blob, card, again) {
    screen('checking', el('section', { class: 'card', 'aria-busy': 'true' },
      el('h1', { id: 'title' }, t.checking), el('div', { class: 'spinner', role: 'progressbar', 'aria-label': t.checking }), el('p', { class: 'muted' }, t.checkingHint)));
    const result = await call('POST', '/selfie', imageForm('selfie', blob, blob.name || 'selfie.jpg'));
    if (result.ok) return renderResult(result.data.status, result.data.callback);
    if (result.handled) return;
    screen('selfie', card);
    again();
    showError(card, result.message);
  }

  function renderResult(status, callback) {
    const kind = ['approved', 'rejected', 'in_review'].includes(status) ? status : 'other';
    const icon = { approved: '✓', rejected: '✕', in_review: '…', other: '!' }[kind];
    const section = el('section', { class: `card result ${kind}`, 'data-status': status },
      el('div', { class: 'icon', 'aria-hidden': 'true' }, icon),
      el('h1', { id: 'title' }, t[status] || t.failed));
    if (callback && ['approved', 'rejected', 'in_review'].includes(status)) {
      const target = new URL(callback);
      target.searchParams.set('status', status);
      section.append(el('p', { class: 'muted', role: 'status' }, t.redirecting), el('div', { class: 'actions' }, el('a', { class: 'button', href: target.href }, t.backToSite)));
      setTimeout(() => location.assign(target.href), REDIRECT_DELAY_MS);
    }
    screen('result', section);
  }

  function stopCamera() {
    if (stream) { stream.getTracks().forEach((track) => track.stop()); stream = null; }
  }

  start();
})();
