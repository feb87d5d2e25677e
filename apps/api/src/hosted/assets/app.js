// The hosted capture page: consent → document photo → live selfie → checking → result.
// Plain modern JavaScript, no dependencies, nothing loaded from other hosts.
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

  document.documentElement.lang = lang;
  document.title = t.brand;
  document.getElementById('brand').textContent = t.brand;

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
      await start();
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

  // ---- Live selfie: a challenge issued by the server, frames captured while the person follows it ----
  const FRAME_MAX_SIDE = 640;
  const FRAME_QUALITY = 0.85;
  // Frames are taken 45% and 70% into each phase: once the person had time to move, before the next prompt.
  const CAPTURE_AT = [0.45, 0.7];

  function renderSelfie(state) {
    const uploadAllowed = Boolean(state && state.selfieUploadAllowed);
    const card = el('section', { class: 'card', 'aria-labelledby': 'title' });
    const header = () => [el('p', { class: 'steps' }, t.stepOf(3)), el('h1', { id: 'title' }, t.selfieTitle)];
    const uploadLink = () =>
      uploadAllowed
        ? el('button', { type: 'button', class: 'secondary', id: 'selfie-upload', onclick: () => upload() }, t.selfieUpload)
        : null;
    const intro = (problem) => {
      stopCamera();
      const go = el('button', { type: 'button', id: 'liveness-start' }, t.livenessStart);
      go.addEventListener('click', () => runChallenge());
      card.replaceChildren(
        ...header(),
        ...(problem ? [problem] : []),
        el('p', {}, t.selfieTips),
        el('p', { class: 'muted' }, t.livenessWhy),
        el('div', { class: 'actions' }, go, uploadLink()),
      );
    };
    const upload = (notice) => {
      stopCamera();
      card.replaceChildren(
        ...header(),
        el('p', { role: 'status' }, notice || t.uploadReviewed),
        el(
          'div',
          { class: 'actions' },
          filePicker('selfie-file', t.selfiePick, 'user', (file) => review(file)),
        ),
      );
    };
    const review = (blob) => {
      const url = URL.createObjectURL(blob);
      const send = el('button', { type: 'button', id: 'selfie-send' }, t.send);
      card.replaceChildren(
        ...header(),
        el('img', { class: 'preview', src: url, alt: t.selfiePreview }),
        el(
          'div',
          { class: 'actions' },
          send,
          el('button', { type: 'button', class: 'secondary', onclick: () => upload() }, t.selfieRetake),
        ),
      );
      send.addEventListener('click', () => submitUpload(blob, card, () => upload()));
      send.focus();
    };
    const runChallenge = async () => {
      const issued = await call('POST', '/challenge');
      if (!issued.ok) {
        if (!issued.handled) {
          intro();
          showError(card, issued.message);
        }
        return;
      }
      const challenge = issued.data;
      const video = el('video', { autoplay: true, muted: true, playsinline: true, 'aria-label': t.cameraLabel });
      const prompt = el('p', { class: 'prompt', id: 'liveness-prompt', role: 'status', 'aria-live': 'assertive' }, '');
      const counter = el('p', { class: 'steps', id: 'liveness-counter' }, '');
      card.replaceChildren(
        ...header(),
        counter,
        prompt,
        el('div', { class: 'camera' }, video, el('div', { class: 'guide', 'aria-hidden': 'true' })),
      );
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 960 } },
          audio: false,
        });
        video.srcObject = stream;
        await video.play();
      } catch {
        if (uploadAllowed) upload(t.cameraUnavailable);
        else intro(errorBox(t.cameraNeeded));
        return;
      }
      const phases = ['center'].concat(challenge.steps);
      const frames = [];
      for (let n = 0; n < phases.length; n++) {
        const phase = phases[n];
        main.dataset.phase = phase;
        counter.textContent = t.phaseOf(n + 1, phases.length);
        prompt.textContent = t.phase[phase];
        const started = performance.now();
        for (let i = 0; i < challenge.framesPerPhase; i++) {
          const at = started + challenge.phaseMs * CAPTURE_AT[Math.min(i, CAPTURE_AT.length - 1)];
          await wait(at - performance.now());
          const blob = await grabFrame(video);
          if (blob) frames.push({ field: `${phase}_${i}`, blob });
        }
        await wait(started + challenge.phaseMs - performance.now());
      }
      delete main.dataset.phase;
      stopCamera();
      await submitFrames(challenge.nonce, frames, card, intro);
    };
    screen('selfie', card);
    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) intro();
    else if (uploadAllowed) upload(t.cameraUnavailable);
    else intro(errorBox(t.cameraNeeded));
  }

  function wait(ms) {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  /** The current video frame as a JPEG, its longest side at most FRAME_MAX_SIDE (a phone's upload stays small). */
  function grabFrame(video) {
    const scale = Math.min(1, FRAME_MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', FRAME_QUALITY));
  }

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

  async function submitFrames(nonce, frames, card, intro) {
    checkingScreen(t.checking);
    const form = new FormData();
    form.append('nonce', nonce);
    for (const frame of frames) form.append(frame.field, frame.blob, `${frame.field}.jpg`);
    const result = await call('POST', '/liveness', form);
    if (result.handled) return;
    screen('selfie', card);
    if (!result.ok) {
      intro();
      showError(card, result.message);
      return;
    }
    const state = result.data;
    if (state.step !== 'selfie') return renderResult(state.status, state.callback);
    renderRetry(card, state.liveness, intro);
  }

  function renderRetry(card, attempt, intro) {
    const reasons = (attempt && attempt.failures) || [];
    const again = el('button', { type: 'button', id: 'liveness-retry' }, t.livenessRetry);
    again.addEventListener('click', () => intro());
    card.replaceChildren(
      el('p', { class: 'steps' }, t.stepOf(3)),
      el('h1', { id: 'title' }, t.livenessFailed),
      el(
        'ul',
        { class: 'tips', id: 'liveness-reasons' },
        reasons.map((reason) => el('li', { 'data-code': reason.code }, t.failure[reason.code] || reason.message)),
      ),
      el('p', { class: 'muted' }, t.attemptsLeft(attempt ? attempt.attemptsLeft : 0)),
      el('div', { class: 'actions' }, again),
    );
    main.dataset.step = 'retry';
    card.querySelector('h1').focus();
  }

  async function submitUpload(blob, card, again) {
    checkingScreen(t.checking);
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

  function stopCamera() {
    if (stream) {
      stream.getTracks().forEach((track) => track.stop());
      stream = null;
    }
  }

  start();
})();
