// The hosted page's third step, the live selfie: a challenge issued by the server, frames captured
// while the person follows it, and (when the organization allows it) an uploaded photo instead.
// Loaded after shared.js (its toolkit) and before app.js (the flow that opens this step).
(() => {
  'use strict';

  const page = window.KycHostedPage;
  const { t, main, el, screen, errorBox, showError, call, imageForm, filePicker, openCamera, stopCamera, checkingScreen, renderResult } =
    page;
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
        video.srcObject = await openCamera({
          video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 960 } },
          audio: false,
        });
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

  page.renderSelfie = renderSelfie;
})();
