import { startTestApi, TestApi } from './support/app';

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
    const ready = (await api.app.inject({ method: 'GET', url: '/health/ready', headers: operator })).json();
    expect(ready.details.queues.status).toBe('up');
    expect(ready.details.queues.counts.renaper).toEqual(
      expect.objectContaining({
        waiting: expect.any(Number),
        active: expect.any(Number),
        delayed: expect.any(Number),
        failed: expect.any(Number),
      }),
    );
  });

  it('reports event-loop delay percentiles for the window since the previous call', async () => {
    await api.app.inject({ method: 'GET', url: '/health/event-loop', headers: operator });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const report = (await api.app.inject({ method: 'GET', url: '/health/event-loop', headers: operator })).json();
    expect(report.sinceMs).toBeGreaterThanOrEqual(100);
    expect(report.p99Ms).toBeGreaterThanOrEqual(report.p50Ms);
    expect(report.maxMs).toBeGreaterThanOrEqual(report.p99Ms);
  });
});
