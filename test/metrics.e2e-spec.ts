import { expect } from '@jest/globals';
import { INestApplicationContext } from '@nestjs/common';
import { startTestApi, TestApi, TestOrganization } from './support/app';
import { file } from './support/multipart';
import {
  doubleCheckForm,
  enableRenaper,
  eventually,
  freePort,
  postFaceMatch,
  Sandbox,
  startInProcessWorker,
  startSandbox,
} from './support/renaper';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const ADMIN_TOKEN = 'metrics-suite-admin-token-0123456789';
const SECRET = 'the-webhook-secret-of-the-metrics-suite';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The value of one series in a Prometheus text page (0 when absent); `labels` must all match. */
function valueOf(page: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of page.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/**
 * GET /metrics of the API and of the worker, scraped like Prometheus does: the series exist,
 * and they move when a face match, a RENAPER double-check and a webhook delivery run. No label may
 * carry an id, a token or a secret.
 */
describe('Prometheus metrics (API and worker)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let org: TestOrganization;
  let workerMetricsUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    receiver = await startWebhookReceiver(SECRET);
    api = await startTestApi('metrics', {
      ADMIN_TOKEN,
      RENAPER_WAIT_SECONDS: '0',
      RENAPER_POLL_INTERVAL_MS: '200',
      WEBHOOK_BACKOFF_MS: '200',
    });
    const port = await freePort();
    worker = await startInProcessWorker({ WORKER_METRICS_PORT: String(port), HOST: '127.0.0.1' });
    workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
    org = await api.createOrganization('Metrics Co');
    await enableRenaper(api, org, sandbox);
    const settings = await api.app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers: org.headers,
      payload: { kycValidation: { enabled: true, webhookUrl: receiver.url, webhookSecret: SECRET } },
    });
    expect(settings.statusCode).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sandbox?.close();
    await receiver?.close();
  });

  async function apiPage(): Promise<string> {
    const response = await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.body;
  }

  async function workerPage(): Promise<string> {
    const response = await fetch(workerMetricsUrl, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text();
  }

  it('refuses a scrape without the admin token, in the contract shape, on both processes', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-wrong-token-wrong', org.headers.authorization]) {
      const response = await api.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        code: 'UNAUTHORIZED',
        message: expect.stringContaining('ADMIN_TOKEN'),
        requestId: expect.any(String),
      });
    }
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).statusCode,
    ).not.toBe(200);
    const refused = await fetch(workerMetricsUrl);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('moves the HTTP, face stage and decision series with a face match, by route pattern and never by id', async () => {
    const { selfie, document } = await sandbox.faces(await sandbox.person('valid'));
    const before = await apiPage();
    const answered = await postFaceMatch(api, org, { documentImage: file(document), selfieImage: file(selfie) });
    expect(answered.status).toBe(200);
    const read = await api.app.inject({
      method: 'GET',
      url: `/api/kyc/face-match/verifications/${answered.body.verificationId}`,
      headers: org.headers,
    });
    expect(read.statusCode).toBe(200);
    const after = await apiPage();

    const route = { route: '/api/kyc/face-match', status: '200' };
    expect(
      valueOf(after, 'kyc_http_request_duration_seconds_count', route) - valueOf(before, 'kyc_http_request_duration_seconds_count', route),
    ).toBe(1);
    expect(
      valueOf(after, 'kyc_http_request_duration_seconds_count', { route: '/api/kyc/face-match/verifications/:id' }),
    ).toBeGreaterThanOrEqual(1);
    for (const stage of ['decode', 'detect', 'embed']) {
      expect(
        valueOf(after, 'kyc_face_stage_duration_seconds_count', { stage }) -
          valueOf(before, 'kyc_face_stage_duration_seconds_count', { stage }),
      ).toBe(2);
    }
    const decision = { kind: 'face_match', status: answered.body.status };
    expect(valueOf(after, 'kyc_decisions_total', decision) - valueOf(before, 'kyc_decisions_total', decision)).toBe(1);
    expect(after).toMatch(/^kyc_face_queue_depth \d+$/m);
    expect(after).toContain('kyc_face_queue_rejections_total');
    expect(after).toMatch(/^kyc_queue_jobs\{queue="renaper",state="waiting"\} \d+$/m);
    expect(after).not.toMatch(UUID);
    expect(after).not.toContain(org.apiKey);
  });

  it('moves the worker series when a double-check finishes and its webhook is delivered', async () => {
    const before = await workerPage();
    const answered = await postFaceMatch(api, org, await doubleCheckForm(sandbox, await sandbox.person('valid')));
    expect(answered.body.status).toBe('in_review');
    const id: string = answered.body.verificationId;
    await eventually(
      () => receiver.forVerification(id),
      (hooks) => hooks.some((hook) => hook.body?.payload?.status === 'approved'),
      60_000,
      200,
    );
    const after = await eventually(
      workerPage,
      (page) =>
        valueOf(page, 'kyc_webhook_delivery_attempts_total', { outcome: 'delivered' }) >
        valueOf(before, 'kyc_webhook_delivery_attempts_total', { outcome: 'delivered' }),
      10_000,
      200,
    );

    expect(
      valueOf(after, 'kyc_renaper_checks_total', { status: 'approved' }) -
        valueOf(before, 'kyc_renaper_checks_total', { status: 'approved' }),
    ).toBe(1);
    for (const step of ['data', 'submit', 'poll']) {
      expect(valueOf(after, 'kyc_renaper_call_duration_seconds_count', { step, result: 'ok' })).toBeGreaterThan(
        valueOf(before, 'kyc_renaper_call_duration_seconds_count', { step, result: 'ok' }),
      );
    }
    expect(after).toMatch(/^kyc_queue_jobs\{queue="webhooks",state="delayed"\} \d+$/m);
    expect(after).not.toMatch(UUID);
    expect(after).not.toContain(SECRET);
  });
});
