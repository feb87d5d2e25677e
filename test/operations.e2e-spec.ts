import { expect } from '@jest/globals';
import type { EventLoopReport, ReadinessReport } from '../apps/api/src/health/health.service';
import { startTestApi, TestApi } from './support/app';
import { json } from './support/http';

const ADMIN_TOKEN = 'operator-secret-0123456789';

describe('operations: queue dashboard, queue health, event-loop delay', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('operations', { ADMIN_TOKEN });
  });

  afterAll(() => api.close());

  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const operator = { authorization: `Bearer ${ADMIN_TOKEN}` };

  it('serves the read-only queue dashboard to operators only', async () => {
    const anonymous = await api.app.inject({ method: 'GET', url: '/admin/queues' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);

    const wrong = await api.app.inject({
      method: 'GET',
      url: '/admin/queues',
      headers: { authorization: basic('admin', 'not-the-token-at-all') },
    });
    expect(wrong.statusCode).toBe(401);

    const org = await api.createOrganization();
    const organizationAdmin = await api.app.inject({ method: 'GET', url: '/admin/queues', headers: org.headers });
    expect(organizationAdmin.statusCode).toBe(401);

    const operator = await api.app.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: basic('admin', ADMIN_TOKEN) } });
    expect(operator.statusCode).toBe(200);
    expect(operator.headers['content-type']).toMatch(/text\/html/);
  });

  it('reports queue depth and failures in the readiness details', async () => {
    const ready = json<ReadinessReport>(await api.app.inject({ method: 'GET', url: '/health/ready', headers: operator }));
    expect(ready.details.queues.status).toBe('up');
    // A check's details are open-ended (`Record<string, unknown>`): match the queue counts by shape.
    expect(ready.details.queues).toMatchObject({
      counts: {
        renaper: expect.objectContaining({
          waiting: expect.any(Number),
          active: expect.any(Number),
          delayed: expect.any(Number),
          failed: expect.any(Number),
        }),
      },
    });
  });

  it('reports event-loop delay percentiles for the window since the previous call, then starts a new window', async () => {
    const eventLoop = async () =>
      json<EventLoopReport>(await api.app.inject({ method: 'GET', url: '/health/event-loop', headers: operator }));
    await eventLoop();
    // Node's delay monitor drops the first tick after a reset (it has no previous tick to measure
    // from): let it tick twice at its 10 ms resolution before blocking, or the block goes unseen.
    await new Promise((resolve) => setTimeout(resolve, 25));
    // Block this process's event loop (the API's) for a known time, then let its timers run.
    const blockedMs = 200;
    const started = Date.now();
    while (Date.now() - started < blockedMs) {
      // busy: the delay monitor's timer cannot fire
    }
    // The monitor records a delay when its (overdue) libuv timer runs. A timer set now falls due after
    // it, and libuv runs due timers in order, so once ours has run the block is in the histogram.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const blocked = await eventLoop();
    expect(blocked.sinceMs).toBeGreaterThanOrEqual(blockedMs);
    // The monitor samples every 10 ms: its late timer saw at least the block minus one interval.
    expect(blocked.maxMs).toBeGreaterThanOrEqual(blockedMs - 10);
    expect(blocked.maxMs).toBeGreaterThanOrEqual(blocked.p99Ms);
    expect(blocked.p99Ms).toBeGreaterThanOrEqual(blocked.p50Ms);

    // The previous call reset the window: the block is no longer in it.
    const next = await eventLoop();
    expect(next.maxMs).toBeLessThan(blocked.maxMs);
    expect(next.sinceMs).toBeLessThan(blocked.sinceMs);
  });
});
