import { expect } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { BrowserContext, chromium, Page } from 'playwright-core';
import type { EntityResponseDto } from '../apps/api/src/entities/entity.dto';
import type { HostedChallengeDto } from '../apps/api/src/hosted/hosted-session.dto';
import type { KycSettingsResponseDto } from '../apps/api/src/organizations/kyc-settings.dto';
import type { ValidationResponseDto } from '../apps/api/src/validations/validation.dto';
import { CameraShot, writeY4mSequence } from './support/fake-camera';
import { degradeLikeDocument } from './support/faces';
import { json } from './support/http';
import { file, multipart, MultipartBody } from './support/multipart';
import { startTestApi, TestApi, TestOrganization } from './support/app';

const SECRET = 'the-webhook-secret-of-the-hosted-liveness-suite';
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'hosted');
/** Labelled photos of several people (../shared/faces/deepface, the same set the accuracy gate reads). */
const DEEPFACE = join(__dirname, '..', '..', 'shared', 'faces', 'deepface', 'images');
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
/** The page's phase length (CHALLENGE_SHAPE.phaseMs): each pose of the video is held that long. */
const PHASE_SECONDS = 2.5;

type Step = 'turn_left' | 'turn_right' | 'come_closer';

interface Person {
  /** Looking at the camera (head-pose yaw about 0). */
  frontal: Buffer;
  /** Head turned to the person's own left (nose towards the image's right: yaw +0.26). */
  left: Buffer;
  /** Head turned to the person's own right (yaw -0.35). */
  right: Buffer;
  /** The frontal photo cropped tighter: the face fills 1.4 times more of the frame. */
  closer: Buffer;
}

/** The decision fields these tests read. */
interface Decision {
  status: string;
  warnings: string[];
  liveness: {
    method: string;
    score: number | null;
    passive: string | null;
    frames: number;
    challenge: { steps: string[]; passed: boolean; failures: string[]; attempts: number } | null;
    matchesDocumentImage: boolean;
    replayed: boolean;
  };
}

/**
 * The live selfie of the hosted page in Debian's Chromium: the fake camera plays a Y4M built from
 * real photos (one person in several head poses, one photo held still, or two people), the page
 * runs the challenge the server issued and the server decides with the real models. The challenge
 * is random; the test reads the steps the server sent to the page (intercepting the response
 * before the page sees it) and builds the video for them before the page opens the camera.
 */
describe('Hosted page: live selfie with a challenge (real browser)', () => {
  let api: TestApi;
  let org: TestOrganization;
  let uploadOrg: TestOrganization;
  let origin: string;
  let scratch: string;
  let jack: Person;
  let mixed: Person;
  let jackDocument: Buffer;

  const photo = (name: string) => readFileSync(join(DEEPFACE, name));

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    scratch = mkdtempSync(join(tmpdir(), 'kyc-liveness-'));
    api = await startTestApi('hosted-liveness', { PUBLIC_BASE_URL: 'http://kyc.example.test', KYC_LIVENESS_MAX_ATTEMPTS: '2' });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    // jack_dorsey: img62 frontal (yaw -0.04), img16 turned to his left (+0.26), img59 to his right (-0.35); img17 as his ID.
    const frontal = photo('img62.jpg');
    jack = { frontal, left: photo('img16.jpg'), right: photo('img59.jpg'), closer: await zoom(frontal, 1.4) };
    jackDocument = await degradeLikeDocument(photo('img17.jpg'));
    // The same head poses, by other people: mark_zuckerberg img58 (+0.19) and leonardo_dicaprio img34 (-0.30).
    mixed = { frontal, left: photo('img58.jpg'), right: photo('img34.jpg'), closer: await zoom(photo('img58.jpg'), 1.4) };
    org = await api.createOrganization('Liveness Co');
    uploadOrg = await api.createOrganization('Upload Co');
    await configure(org, { enabled: true, webhookSecret: SECRET });
    await configure(uploadOrg, { enabled: true, webhookSecret: SECRET, allowSelfieUpload: true });
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  async function configure(owner: TestOrganization, kycValidation: Record<string, unknown>): Promise<void> {
    const response = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: owner.headers,
      payload: { kycValidation },
    });
    expect(response.statusCode).toBe(200);
  }

  async function zoom(image: Buffer, factor: number): Promise<Buffer> {
    const { width = 0, height = 0 } = await sharp(image).metadata();
    const [w, h] = [Math.round(width / factor), Math.round(height / factor)];
    return sharp(image)
      .extract({ left: Math.round((width - w) / 2), top: Math.round((height - h) / 2), width: w, height: h })
      .jpeg({ quality: 92 })
      .toBuffer();
  }

  async function createSession(owner: TestOrganization = org): Promise<{ id: string; entityId: string; token: string; pageUrl: string }> {
    const entity = await api.app.inject({
      method: 'POST',
      url: '/api/entities',
      headers: owner.headers,
      payload: { type: 'person', name: 'Jack' },
    });
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/kyc/validations',
      headers: owner.headers,
      payload: { entityId: json<EntityResponseDto>(entity).id },
    });
    expect(created.statusCode).toBe(201);
    const opened = json<ValidationResponseDto>(created);
    const token = /\/kyc\/session\/([A-Za-z0-9_-]+)$/.exec(opened.providerSessionUrl ?? '')![1];
    return { id: opened.id, entityId: json<EntityResponseDto>(entity).id, token, pageUrl: `${origin}/kyc/session/${token}` };
  }

  async function validation(id: string, owner: TestOrganization = org): Promise<{ status: string; decision: Decision | null }> {
    return (await api.app.inject({ method: 'GET', url: `/api/kyc/validations/${id}`, headers: owner.headers })).json<{
      status: string;
      decision: Decision | null;
    }>();
  }

  /** The video for the issued steps: the person looks at the camera, then does each step (the last held longer). */
  function shotsFor(person: Person, steps: Step[]): CameraShot[] {
    const pose = { turn_left: person.left, turn_right: person.right, come_closer: person.closer };
    return [
      { image: person.frontal, seconds: PHASE_SECONDS },
      ...steps.map((step, i) => ({ image: pose[step], seconds: i === steps.length - 1 ? PHASE_SECONDS * 2 : PHASE_SECONDS })),
    ];
  }

  /**
   * A phone-sized browser whose fake camera plays `video`. Each challenge the page asks for is
   * answered by the real server; the response reaches the page only after the video for its steps
   * is written (the page opens the camera after that).
   */
  async function launch(
    name: string,
    locale: string,
    video: (steps: Step[]) => CameraShot[],
  ): Promise<{ context: BrowserContext; page: Page; issued: Step[][] }> {
    const videoPath = join(scratch, `${name}.y4m`);
    await writeY4mSequence(videoPath, [{ image: jack.frontal, seconds: 1 }]);
    const context = await chromium.launchPersistentContext(mkdtempSync(join(scratch, `${name}-profile-`)), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        ...CHROMIUM_FLAGS,
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${videoPath}`,
      ],
      locale,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const issued: Step[][] = [];
    await page.route('**/kyc/session/*/challenge', async (route) => {
      const response = await route.fetch();
      // The challenge, or an error body (no steps) when the page asks for one it may not have.
      const body = (await response.json()) as { steps?: Step[] };
      if (Array.isArray(body.steps)) {
        issued.push(body.steps);
        await writeY4mSequence(videoPath, video(body.steps), { sensorNoise: true, fps: 4 });
      }
      await route.fulfill({ response });
    });
    return { context, page, issued };
  }

  async function shot(page: Page, run: string, n: number, step: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `liveness-${run}-${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
  }

  /** The failure codes the retry screen lists. */
  async function reasonCodes(page: Page): Promise<Array<string | null>> {
    const items = page.locator('#liveness-reasons li');
    const codes: Array<string | null> = [];
    for (let i = 0; i < (await items.count()); i++) codes.push(await items.nth(i).getAttribute('data-code'));
    return codes;
  }

  /** Consent and the document, through the page, up to the live selfie's introduction. */
  async function reachSelfie(page: Page, url: string, document: Buffer, english: boolean): Promise<void> {
    const documentPath = join(scratch, `document-${Date.now()}.jpg`);
    await sharp(document).toFile(documentPath);
    await page.goto(url);
    await page.locator('main[data-step="consent"]').waitFor();
    await page.locator('#consent').check();
    await page.click('#consent-continue');
    await page.locator('main[data-step="document"]').waitFor();
    await page.setInputFiles('#document-file', documentPath);
    await page.click('#document-send');
    await page.locator('#liveness-start').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe(english ? 'en' : 'es');
  }

  it('approves one person turning as asked (Spanish, phone): frames checked for presence, the frontal frame matched with the ID', async () => {
    const session = await createSession();
    const { context, page, issued } = await launch('genuine', 'es-AR', (steps) => shotsFor(jack, steps));
    try {
      await reachSelfie(page, session.pageUrl, jackDocument, false);
      await shot(page, 'genuine-es', 1, 'intro');
      expect(await page.locator('#selfie-upload').count()).toBe(0);
      await page.click('#liveness-start');
      await page.locator('main[data-phase="center"] #liveness-prompt').waitFor({ timeout: 60_000 });
      expect(await page.textContent('#liveness-prompt')).toBe('Mirá a la cámara');
      await page.waitForFunction("(() => { const v = document.querySelector('video'); return v !== null && v.videoWidth > 0; })()");
      await shot(page, 'genuine-es', 2, 'look-at-camera');
      await page.locator(`main[data-phase="${issued[0][0]}"]`).waitFor();
      await shot(page, 'genuine-es', 3, issued[0][0]);
      await page.locator('main[data-step="result"], main[data-step="retry"]').first().waitFor({ timeout: 60_000 });
      // A retry screen names what failed: none of it may appear.
      expect(await reasonCodes(page)).toEqual([]);
      await page.locator('main[data-step="result"] [data-status="approved"]').waitFor();
      await shot(page, 'genuine-es', 4, 'approved');
    } finally {
      await context.close();
    }
    expect(issued).toHaveLength(1);
    const { status, decision } = await validation(session.id);
    expect(status).toBe('approved');
    expect(decision).toMatchObject({
      warnings: [],
      liveness: {
        method: 'challenge',
        passive: 'live',
        frames: 6,
        matchesDocumentImage: false,
        replayed: false,
        challenge: { steps: issued[0], passed: true, failures: [], attempts: 1 },
      },
    });
    expect(decision!.liveness.score).toBeGreaterThanOrEqual(50);
  }, 150_000);

  it('fails one photo held in front of the camera, offers a retry with the reasons (English), and rejects after the last attempt', async () => {
    const session = await createSession();
    const { context, page, issued } = await launch('static', 'en-US', () => [{ image: jack.frontal, seconds: 10 }]);
    try {
      await reachSelfie(page, `${session.pageUrl}?lang=en`, jackDocument, true);
      await page.click('#liveness-start');
      await page.locator('main[data-step="retry"]').waitFor({ timeout: 60_000 });
      await shot(page, 'static-en', 1, 'retry');
      const reasons = await reasonCodes(page);
      expect(reasons).toEqual(expect.arrayContaining(['POSE_NOT_MATCHED', 'DUPLICATE_FRAMES']));
      expect(await page.textContent('h1')).toBe('We could not confirm you are there in person');
      expect((await validation(session.id)).status).toBe('in_progress');
      await page.click('#liveness-retry');
      await page.click('#liveness-start');
      await page.locator('main[data-step="result"] [data-status="rejected"]').waitFor({ timeout: 60_000 });
      await shot(page, 'static-en', 2, 'rejected');
    } finally {
      await context.close();
    }
    expect(issued).toHaveLength(2);
    const { status, decision } = await validation(session.id);
    expect(status).toBe('rejected');
    expect(decision!.warnings).toContain('LIVENESS_CHALLENGE_FAILED');
    expect(decision!.liveness.challenge).toMatchObject({
      passed: false,
      attempts: 2,
      failures: expect.arrayContaining(['POSE_NOT_MATCHED', 'DUPLICATE_FRAMES']),
    });
  }, 180_000);

  it('fails a sequence that mixes two people: the page asks for a retry and the session stays undecided', async () => {
    const session = await createSession();
    const { context, page } = await launch('mixed', 'es-AR', (steps) => shotsFor(mixed, steps));
    try {
      await reachSelfie(page, session.pageUrl, jackDocument, false);
      await page.click('#liveness-start');
      await page.locator('main[data-step="retry"]').waitFor({ timeout: 60_000 });
      await shot(page, 'mixed-es', 1, 'retry');
      const reasons = await reasonCodes(page);
      expect(reasons).toContain('IDENTITY_CHANGED');
      expect(await page.textContent('#liveness-reasons')).toContain('no muestran siempre a la misma persona');
    } finally {
      await context.close();
    }
    expect(await validation(session.id)).toMatchObject({ status: 'in_progress', decision: null });
  }, 150_000);

  it('rejects the ID photo itself shown to the camera (the same JPEG as the document): SELFIE_MATCHES_DOCUMENT_IMAGE', async () => {
    const session = await createSession();
    const { context, page, issued } = await launch('id-photo', 'en-US', () => [{ image: jackDocument, seconds: 10 }]);
    try {
      await reachSelfie(page, `${session.pageUrl}?lang=en`, jackDocument, true);
      await page.click('#liveness-start');
      await page.locator('main[data-step="retry"]').waitFor({ timeout: 60_000 });
      await page.click('#liveness-retry');
      await page.click('#liveness-start');
      await page.locator('main[data-step="result"] [data-status="rejected"]').waitFor({ timeout: 60_000 });
      await shot(page, 'id-photo-en', 1, 'rejected');
    } finally {
      await context.close();
    }
    expect(issued).toHaveLength(2);
    const { status, decision } = await validation(session.id);
    expect(status).toBe('rejected');
    expect(decision!.warnings).toEqual(expect.arrayContaining(['SELFIE_MATCHES_DOCUMENT_IMAGE', 'LIVENESS_CHALLENGE_FAILED']));
    expect(decision!.liveness).toMatchObject({ matchesDocumentImage: true, challenge: { passed: false } });
  }, 180_000);

  it('hides the upload fallback unless the organization enables it, and refuses an upload while it is off', async () => {
    const closed = await createSession(org);
    const open = await createSession(uploadOrg);
    const { context, page } = await launch('upload', 'es-AR', () => [{ image: jack.frontal, seconds: 1 }]);
    try {
      await reachSelfie(page, closed.pageUrl, jackDocument, false);
      expect(await page.locator('#selfie-upload').count()).toBe(0);
      await reachSelfie(page, `${open.pageUrl}?lang=en`, jackDocument, true);
      await page.locator('#selfie-upload').waitFor();
      await shot(page, 'upload-en', 1, 'intro-with-upload');
      await page.click('#selfie-upload');
      await page.locator('#selfie-file').waitFor({ state: 'attached' });
      expect(await page.textContent('main')).toContain('always reviewed by a person');
      await shot(page, 'upload-en', 2, 'upload');
    } finally {
      await context.close();
    }
    const refused = await post(`/kyc/session/${closed.token}/selfie`, await multipart({ selfie: file(jack.frontal) }));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'NOT_ENABLED', message: expect.stringContaining('live selfie') });
    // Off by default; turning it on is in the settings' change log.
    expect(
      json<KycSettingsResponseDto>(
        await api.app.inject({ method: 'GET', url: '/api/organizations/current/kyc-settings', headers: org.headers }),
      ).kycValidation.allowSelfieUpload,
    ).toBe(false);
    const changes: Array<{ changes: Record<string, unknown> }> = await api.app
      .get(DataSource)
      .query('SELECT changes FROM kyc_settings_changes WHERE organization_id = $1', [uploadOrg.organizationId]);
    expect(changes.map((row) => row.changes)).toContainEqual(
      expect.objectContaining({ 'kycValidation.allowSelfieUpload': { old: false, new: true } }),
    );
  }, 150_000);

  const post = (url: string, form?: MultipartBody) =>
    api.app.inject({ method: 'POST', url, ...(form && { payload: form.payload, headers: form.headers }) });

  async function atSelfieStep(owner: TestOrganization, document: Buffer) {
    const session = await createSession(owner);
    expect((await post(`/kyc/session/${session.token}/consent`)).statusCode).toBe(200);
    expect((await post(`/kyc/session/${session.token}/document`, await multipart({ document: file(document) }))).statusCode).toBe(200);
    return session;
  }

  describe('endpoints', () => {
    it('rejects the same JPEG as document and uploaded selfie (SELFIE_MATCHES_DOCUMENT_IMAGE); reviews an uploaded selfie (SELFIE_NOT_LIVE_CAPTURED) and a replayed one (SELFIE_REPLAYED)', async () => {
      const same = await atSelfieStep(uploadOrg, jack.frontal);
      const rejected = await post(`/kyc/session/${same.token}/selfie`, await multipart({ selfie: file(jack.frontal) }));
      expect(rejected.json()).toMatchObject({ status: 'rejected', step: 'result' });
      expect((await validation(same.id, uploadOrg)).decision).toMatchObject({
        warnings: expect.arrayContaining(['SELFIE_MATCHES_DOCUMENT_IMAGE', 'SELFIE_NOT_LIVE_CAPTURED']),
        liveness: { method: 'upload', matchesDocumentImage: true },
      });

      const uploaded = await atSelfieStep(uploadOrg, jackDocument);
      const reviewed = await post(`/kyc/session/${uploaded.token}/selfie`, await multipart({ selfie: file(jack.left) }));
      expect(reviewed.json()).toMatchObject({ status: 'in_review' });
      expect((await validation(uploaded.id, uploadOrg)).decision).toMatchObject({
        warnings: ['SELFIE_NOT_LIVE_CAPTURED'],
        liveness: { method: 'upload', replayed: false },
      });

      const replay = await atSelfieStep(uploadOrg, jackDocument);
      await post(`/kyc/session/${replay.token}/selfie`, await multipart({ selfie: file(jack.left) }));
      expect((await validation(replay.id, uploadOrg)).decision).toMatchObject({
        status: 'in_review',
        warnings: ['SELFIE_NOT_LIVE_CAPTURED', 'SELFIE_REPLAYED'],
      });
    }, 120_000);

    it('binds the nonce to the session, uses it once, refuses frames the challenge did not ask for, and limits the attempts', async () => {
      const session = await atSelfieStep(org, jackDocument);
      const other = await atSelfieStep(org, jackDocument);
      const challenge = json<HostedChallengeDto>(await post(`/kyc/session/${session.token}/challenge`));
      expect(challenge).toMatchObject({ nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), framesPerPhase: 2, attemptsLeft: 1 });
      expect(challenge.steps).toHaveLength(2);
      const frames = async (nonce: string, phases: string[]) =>
        multipart({ nonce, ...Object.fromEntries(phases.map((phase, i) => [`${phase}_0`, file(i === 0 ? jack.frontal : jack.right)])) });

      const elsewhere = await post(`/kyc/session/${other.token}/liveness`, await frames(challenge.nonce, ['center', ...challenge.steps]));
      expect(elsewhere.statusCode).toBe(409);
      const unasked = (['turn_left', 'turn_right', 'come_closer'] as const).find((step) => !challenge.steps.includes(step))!;
      const stray = await post(
        `/kyc/session/${session.token}/liveness`,
        await frames(challenge.nonce, ['center', ...challenge.steps, unasked]),
      );
      expect(stray.json()).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining(unasked) });
      expect((await post(`/kyc/session/${session.token}/liveness`, await frames(challenge.nonce, ['center']))).statusCode).toBe(409);

      const second = json<HostedChallengeDto>(await post(`/kyc/session/${session.token}/challenge`));
      expect(second.attemptsLeft).toBe(0);
      const missing = await post(`/kyc/session/${session.token}/liveness`, await multipart({ center_0: file(jack.frontal) }));
      expect(missing.json()).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/^nonce: /) });
      expect((await post(`/kyc/session/${session.token}/challenge`)).json()).toMatchObject({ code: 'CONFLICT' });
      // The last challenge is answered wrongly (no movement): the session is decided, rejected.
      const last = await post(
        `/kyc/session/${session.token}/liveness`,
        await multipart({
          nonce: second.nonce,
          ...Object.fromEntries(['center', ...second.steps].map((phase) => [`${phase}_0`, file(jack.frontal)])),
        }),
      );
      expect(last.json()).toMatchObject({ status: 'rejected', liveness: { passed: false, attemptsLeft: 0 } });
    }, 120_000);

    it('keeps only hashes of the frames, and erases them with the entity', async () => {
      const session = await atSelfieStep(uploadOrg, jackDocument);
      await post(`/kyc/session/${session.token}/selfie`, await multipart({ selfie: file(await zoom(jack.right, 1.1)) }));
      const rows = () =>
        api.app
          .get(DataSource)
          .query<{ sha256: string; perceptual_hash: string }[]>(
            'SELECT sha256, perceptual_hash FROM session_frame_hashes WHERE entity_id = $1',
            [session.entityId],
          );
      const stored = await rows();
      expect(stored).toEqual([
        { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), perceptual_hash: expect.stringMatching(/^[0-9a-f]{16}$/) },
      ]);
      const erased = await api.app.inject({
        method: 'DELETE',
        url: `/api/entities/${session.entityId}/biometrics`,
        headers: uploadOrg.headers,
      });
      expect(erased.statusCode).toBe(200);
      expect(await rows()).toEqual([]);
    }, 120_000);
  });
});
