/**
 * Every layer (`npm test`), as two Jest projects. The suffix of a spec decides its layer:
 * - `*.spec.ts`      unit: beside the code (or in test/ for bench helpers); no model, database, Redis,
 *                    listening socket or worker thread (`npm run test:unit` runs them alone, in seconds);
 * - `*.int-spec.ts`  integration, beside the code: real models, worker threads or a loopback server;
 * - `*.e2e-spec.ts`  end to end, in test/: the real app with PostgreSQL, Redis, models and photos.
 */
const base = require('./jest.base.config');
const unit = require('./jest.unit.config');

module.exports = {
  projects: [
    { ...unit, displayName: 'unit' },
    { ...base, displayName: 'integration', testRegex: '(apps|libs|test)/.*\\.(int-spec|e2e-spec)\\.ts$' },
  ],
  testTimeout: 60000,
  // Every suite closes what it opened, but one of the newer suites still leaves a handle (a worker
  // thread or a keep-alive socket, not yet found) that keeps Jest from exiting after its summary;
  // CI must not hang on it. Remove once `jest --detectOpenHandles` names it. Ruled out (each run
  // alone, --runInBand --detectOpenHandles, without forceExit: exits by itself, no handle reported):
  // document-reader, id-verification, s3-storage, s3-outage, metrics, cluster, webhooks,
  // renaper-resilience, redis-restart-recovery, hosted-capture, hosted-liveness, outbound-http,
  // webhook-sender. Not yet checked alone: the other e2e suites and unit specs, and the full
  // in-band run (suites sharing one process).
  forceExit: true,
};
