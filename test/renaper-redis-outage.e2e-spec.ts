import { startTestApi, TestApi, TestOrganization } from './support/app';
import Redis from 'ioredis';
import { REDIS_CONNECTION } from '@app/queue';
import {
  doubleCheckForm,
  enableRenaper,
  eventually,
  freePort,
  OwnRedis,
  postFaceMatch,
  renaperQueue,
  Sandbox,
  startOwnRedis,
  startSandbox,
} from './support/renaper';

/**
 * Redis (the job queue) goes away: a double-check request is refused fast with 503, while a plain
 * face match, which needs no queue, keeps working. The suite runs its own redis-server and stops it.
 */
describe('RENAPER double-check while Redis is down', () => {
  let redis: OwnRedis;
  let api: TestApi;
  let sandbox: Sandbox;
  let org: TestOrganization;

  beforeAll(async () => {
    redis = await startOwnRedis(await freePort());
    sandbox = await startSandbox({ faceAnswerDelayMs: 300 });
    api = await startTestApi('renaper-redis-outage', { REDIS_URL: redis.url, RENAPER_POLL_INTERVAL_MS: '200' });
    org = await api.createOrganization('Redis Outage Co');
    await enableRenaper(api, org, sandbox);
  }, 120_000);

  afterAll(async () => {
    // Bring a Redis back on the same port and wait for the API to reconnect, so its queue
    // connections can close cleanly (BullMQ cannot QUIT a connection that is down).
    if (redis) redis = await startOwnRedis(redis.port);
    if (api) {
      const connection = api.app.get<Redis>(REDIS_CONNECTION);
      const queue = renaperQueue(api);
      await eventually(
        () =>
          Promise.all([connection.ping(), queue.getJobCounts()]).then(
            () => true,
            () => false,
          ),
        (reconnected) => reconnected,
        20_000,
        200,
      );
    }
    await api?.close();
    await sandbox?.close();
    await redis?.stop();
  });

  it('refuses a double-check with 503 SERVICE_UNAVAILABLE within 2 s while a plain face match still answers 200', async () => {
    const valid = await sandbox.person('valid');
    await redis.stop();

    const refused = await postFaceMatch(api, org, await doubleCheckForm(sandbox, valid));
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.elapsedMs).toBeLessThan(2000);

    const plain = await postFaceMatch(api, org, await doubleCheckForm(sandbox, valid, { doubleCheckRenaper: undefined }));
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ match: true, status: 'approved' });
    expect(plain.body).not.toHaveProperty('responseDoubleChecks');
    expect((await sandbox.control.stats()).calls).toEqual({ token: 0, personData: 0, personValidity: 0, faceSubmit: 0, faceResult: 0 });
  });
});
