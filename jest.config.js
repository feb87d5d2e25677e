/**
 * Every layer (`npm test`). Three suffixes decide the layer of a spec:
 * - `*.spec.ts`      unit: beside the code (or in test/ for bench helpers); no model, database, Redis,
 *                    listening socket or worker thread (jest.unit.config.js runs them and refuses those);
 * - `*.int-spec.ts`  integration beside the code: real models, worker threads or a loopback server;
 * - `*.e2e-spec.ts`  end to end in test/: the real app with PostgreSQL, Redis, models and photos.
 */
const base = require('./jest.base.config');

module.exports = {
  ...base,
  testRegex: '(apps|libs|test)/.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  testTimeout: 60000,
  // Every suite closes what it opened, but one of the newer suites still leaves a handle (a worker
  // thread or a keep-alive socket, not yet found) that keeps Jest from exiting after its summary;
  // CI must not hang on it. Remove once `jest --detectOpenHandles` names it.
  forceExit: true,
};
