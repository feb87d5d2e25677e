import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { expect } from '@jest/globals';
import { INestApplicationContext } from '@nestjs/common';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { FaceEngine } from '@app/face';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { ValidationResponseDto } from '../apps/api/src/validations/validation.dto';
import { photographCard, renderDniFront } from './support/dni-card';
import { buildFaceFixtures, FaceFixtures } from './support/faces';
import { ErrorBody, json } from './support/http';
import { file, multipart, MultipartBody } from './support/multipart';
import { eventually, startInProcessWorker } from './support/renaper';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'the-webhook-secret-of-the-hosted-capture-suite';
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'hosted');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The hosted capture page in a real browser (Debian's Chromium driven by playwright-core) against
 * the real API listening on a port, the real worker delivering signed webhooks to a local receiver,
 * real PostgreSQL, Redis and face models: from a created session to a decision with file uploads
 * (the organization allows the upload fallback, so the uploaded selfie goes to review). The live
 * selfie with the camera and its challenge is hosted-liveness.e2e-spec.ts.
 */
describe('Hosted capture page (real browser)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;
  let org: TestOrganization;
  let origin: string;
  let faces: FaceFixtures;
  let scratch: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    scratch = mkdtempSync(join(tmpdir(), 'kyc-hosted-'));
    receiver = await startWebhookReceiver(SECRET);
    api = await startTestApi('hosted-capture', {
      PUBLIC_BASE_URL: 'http://kyc.example.test',
      WEBHOOK_BACKOFF_MS: '150',
      WEBHOOK_MAX_ATTEMPTS: '3',
    });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    worker = await startInProcessWorker();
    faces = await buildFaceFixtures(api.app.get(FaceEngine));
    org = await api.createOrganization('Hosted Co');
    const settings = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: org.headers,
      payload: { kycValidation: { enabled: true, webhookUrl: receiver.url, webhookSecret: SECRET, allowSelfieUpload: true } },
    });
    expect(settings.statusCode).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** A new session for a new entity; the page address on this test's port (the link names PUBLIC_BASE_URL). */
  async function createSession(
    extra: Record<string, unknown> = {},
    owner: TestOrganization = org,
  ): Promise<{ id: string; token: string; pageUrl: string }> {
    const entity = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: owner.headers,
      payload: { type: 'person', name: 'Ana Pérez' },
    });
    expect(entity.statusCode).toBe(201);
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/kyc/validations',
      headers: owner.headers,
      payload: { entityId: json<EntityResponseDto>(entity).id, ...extra },
    });
    expect(created.statusCode).toBe(201);
    const { id, providerSessionUrl } = json<ValidationResponseDto>(created);
    const match = /^http:\/\/kyc\.example\.test\/kyc\/session\/([A-Za-z0-9_-]+)$/.exec(providerSessionUrl ?? '');
    expect(match).not.toBeNull();
    const token = match![1];
    return { id, token, pageUrl: `${origin}/kyc/session/${token}` };
  }

  async function launch(name: string, locale: string, extraArgs: string[] = []): Promise<BrowserContext> {
    const userDataDir = mkdtempSync(join(scratch, `${name}-profile-`));
    return chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...extraArgs],
      locale,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
  }

  async function shot(page: Page, run: string, n: number, step: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${run}-${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
  }

  /** The validation via the API and its three webhooks, each signed with the organization's secret. */
  async function expectDecidedWithSignedWebhooks(id: string, status: 'in_review'): Promise<void> {
    const validation = await api.app.inject({ method: 'GET', url: `/api/kyc/validations/${id}`, headers: org.headers });
    expect(validation.json()).toMatchObject({ id, status, decision: expect.objectContaining({ status }) });
    const events = await eventually(
      () => receiver.forVerification(id).map((r) => r.body?.event),
      (names) => names.includes(`kyc.validation_${status}`),
    );
    expect(events).toEqual(['kyc.validation_created', 'kyc.validation_in_progress', `kyc.validation_${status}`]);
    for (const request of receiver.forVerification(id)) {
      expect(request.signatureValid).toBe(true);
      expect(request.signatureV2Valid).toBe(true);
      expect(request.body?.payload).toMatchObject({ id, organizationId: org.organizationId });
    }
  }

  it('completes the flow with file uploads where the organization allows them (in Spanish for a Spanish browser): the uploaded selfie goes to review, and the page redirects to the callback with the status', async () => {
    const session = await createSession({ callback: `${origin}/health?from=hosted` });
    const documentPath = join(scratch, 'document.jpg');
    const selfiePath = join(scratch, 'selfie.jpg');
    writeFileSync(documentPath, faces.personADocument);
    writeFileSync(selfiePath, faces.personA);
    const context = await launch('files', 'es-AR');
    const otherHosts: string[] = [];
    try {
      const page = await context.newPage();
      page.on('request', (request) => {
        const url = new URL(request.url());
        // blob: URLs are the page's own previews (their origin is the page's).
        if (url.protocol !== 'blob:' && url.protocol !== 'data:' && url.origin !== origin) otherHosts.push(request.url());
      });
      const response = await page.goto(session.pageUrl);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
      await page.locator('main[data-step="consent"]').waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('es');
      await shot(page, 'files', 1, 'consent');
      await page.getByLabel(/Acepto que se procesen/).check();
      await page.getByRole('button', { name: 'Continuar' }).click();

      await page.locator('main[data-step="document"]').waitFor();
      await shot(page, 'files', 2, 'document');
      await page.setInputFiles('#document-file', documentPath);
      await page.locator('#document-send').waitFor();
      await shot(page, 'files', 3, 'document-preview');
      await page.click('#document-send');

      await page.locator('main[data-step="selfie"]').waitFor();
      // The organization allows the upload fallback: the page offers it beside the live selfie.
      await page.click('#selfie-upload');
      await page.locator('#selfie-file').waitFor({ state: 'attached' });
      await shot(page, 'files', 4, 'selfie-upload');
      await page.setInputFiles('#selfie-file', selfiePath);
      await page.locator('#selfie-send').waitFor();
      await shot(page, 'files', 5, 'selfie-preview');
      await page.click('#selfie-send');

      await page.locator('main[data-step="checking"], main[data-step="result"]').first().waitFor();
      await shot(page, 'files', 6, 'checking');
      await page.locator('main[data-step="result"] [data-status="in_review"]').waitFor({ timeout: 60_000 });
      await shot(page, 'files', 7, 'result');
      await page.waitForURL(/\/health\?from=hosted&status=in_review$/, { timeout: 15_000 });
      await shot(page, 'files', 8, 'callback');
    } finally {
      await context.close();
    }
    // Nothing was loaded from another host (the callback is on this host too in this test).
    expect(otherHosts).toEqual([]);
    await expectDecidedWithSignedWebhooks(session.id, 'in_review');
  }, 120_000);

  it('asks for another photo, before the selfie, when the organization requires a readable DNI barcode and the photo has none', async () => {
    const strict = await api.createOrganization('Hosted Strict Co');
    const settings = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: strict.headers,
      payload: { kycValidation: { enabled: true, webhookSecret: SECRET }, documentReading: { requireReadableBarcode: true } },
    });
    expect(settings.statusCode).toBe(200);
    const session = await createSession({}, strict);
    const person = {
      tramite: '00623451287',
      lastName: 'SOSA',
      firstName: 'MARIA VALERIA',
      sex: 'F' as const,
      dni: '28456712',
      ejemplar: 'B',
      birth: '09/03/1981',
      emission: '15/06/2019',
    };
    const photo = { name: 'phone', rotation: 3, jpegQuality: 80, cardWidth: 1000 };
    const covered = join(scratch, 'card-covered.jpg');
    const readable = join(scratch, 'card-readable.jpg');
    writeFileSync(covered, await photographCard(await renderDniFront(person, { portrait: faces.personA, withoutBarcode: true }), photo));
    writeFileSync(readable, await photographCard(await renderDniFront(person, { portrait: faces.personA }), photo));
    const context = await launch('barcode', 'es-AR');
    try {
      const page = await context.newPage();
      await page.goto(session.pageUrl);
      await page.getByLabel(/Acepto que se procesen/).check();
      await page.getByRole('button', { name: 'Continuar' }).click();
      await page.locator('main[data-step="document"]').waitFor();
      await page.setInputFiles('#document-file', covered);
      await page.click('#document-send');

      const refusal = page.locator('main[data-step="document"] .error[data-reason="BARCODE_NOT_DETECTED"]');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/No pudimos leer el código de barras de tu DNI\. Sacá otra foto/);
      await shot(page, 'barcode', 1, 'retake');
      // The retake is offered right there, and a readable card moves on to the selfie.
      await page.setInputFiles('#document-file', readable);
      await page.click('#document-send');
      await page.locator('main[data-step="selfie"]').waitFor();
      await shot(page, 'barcode', 2, 'selfie');
    } finally {
      await context.close();
    }
  }, 120_000);

  describe('endpoints', () => {
    const post = (url: string, form?: MultipartBody) =>
      api.app.inject({ method: 'POST', url, ...(form && { payload: form.payload, headers: form.headers }) });

    it('serves the page publicly with a same-origin CSP and no referrer, outside the /api prefix', async () => {
      const { token } = await createSession();
      const page = await api.app.inject({ method: 'GET', url: `/kyc/session/${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['content-security-policy']).toMatch(/^default-src 'self'/);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.body).not.toMatch(/https?:\/\//);
      // Every script the page loads, in the order it needs them (each uses the ones before it), is served.
      const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]);
      expect(scripts).toEqual(['/kyc/hosted/strings.js', '/kyc/hosted/shared.js', '/kyc/hosted/selfie.js', '/kyc/hosted/app.js']);
      for (const url of scripts) {
        const script = await api.app.inject({ method: 'GET', url });
        expect(script.statusCode).toBe(200);
        expect(script.headers['content-type']).toContain('javascript');
        expect(script.headers['x-content-type-options']).toBe('nosniff');
      }
      const styles = await api.app.inject({ method: 'GET', url: '/kyc/hosted/app.css' });
      expect(styles.headers['content-type']).toContain('text/css');
      // Only the page's own files: no other name, and no way out of the assets folder.
      for (const url of ['/kyc/hosted/index.html', '/kyc/hosted/other.js', '/kyc/hosted/..%2f..%2fhosted-assets.ts']) {
        const missing = await api.app.inject({ method: 'GET', url });
        expect(missing.statusCode).toBe(404);
        expect(json<ErrorBody>(missing).code).toBe('NOT_FOUND');
      }
    });

    it('answers NOT_FOUND for an unknown token and CONFLICT for a step sent twice or out of order', async () => {
      const unknown = await api.app.inject({ method: 'GET', url: '/kyc/session/not-a-real-session-token-at-all/state' });
      expect(json<ErrorBody>(unknown).code).toBe('NOT_FOUND');
      const { token } = await createSession();
      const early = await post(`/kyc/session/${token}/document`, await multipart({ document: file(faces.personADocument) }));
      expect(early.statusCode).toBe(409);
      expect((await post(`/kyc/session/${token}/consent`)).statusCode).toBe(200);
      expect((await post(`/kyc/session/${token}/consent`)).json()).toMatchObject({ code: 'CONFLICT' });
      const selfieFirst = await post(`/kyc/session/${token}/selfie`, await multipart({ selfie: file(faces.personA) }));
      expect(selfieFirst.statusCode).toBe(409);
      const first = await post(`/kyc/session/${token}/document`, await multipart({ document: file(faces.personADocument) }));
      expect(first.json()).toMatchObject({ status: 'in_progress', step: 'selfie', documentReceived: true });
      const second = await post(`/kyc/session/${token}/document`, await multipart({ document: file(faces.personADocument) }));
      expect(second.statusCode).toBe(409);
    });

    it('applies the image rules to the uploads (bytes, not the declared type), naming the field', async () => {
      const { token } = await createSession();
      await post(`/kyc/session/${token}/consent`);
      const text = await post(
        `/kyc/session/${token}/document`,
        await multipart({ document: file(Buffer.from('not an image at all'), 'id.jpg', 'image/jpeg') }),
      );
      expect(text.statusCode).toBe(400);
      expect(text.json()).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/^document: /) });
      const base64 = await post(
        `/kyc/session/${token}/document`,
        await multipart({ document: `data:image/jpeg;base64,${faces.personADocument.toString('base64')}` }),
      );
      expect(base64.statusCode).toBe(200);
    });

    it('rate limits a session token', async () => {
      const { token } = await createSession();
      const codes: number[] = [];
      for (let i = 0; i < 35; i++) codes.push((await api.app.inject({ method: 'GET', url: `/kyc/session/${token}/state` })).statusCode);
      expect(codes.slice(0, 30).every((code) => code === 200)).toBe(true);
      const limited = await api.app.inject({ method: 'GET', url: `/kyc/session/${token}/state` });
      expect(limited.statusCode).toBe(429);
      expect(json<ErrorBody>(limited).code).toBe('RATE_LIMITED');
    });
  });
});
