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
  // No forceExit: `npm test` runs the suites in worker processes (--maxWorkers=3), and Jest ends a
  // worker that does not exit by itself (it then warns "A worker process has failed to exit
  // gracefully"), so a run cannot hang. Some runs print that warning: one suite still leaves a handle
  // open (not yet found; the suites checked alone with --runInBand --detectOpenHandles all exit by
  // themselves). A full run in one process (--runInBand) may not end on its own because of it.
};
