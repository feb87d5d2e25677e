/**
 * The fast layer (`npm run test:unit`): every `*.spec.ts`, none of the `*.int-spec.ts` or
 * `*.e2e-spec.ts`. test/unit/guard.ts makes a unit spec fail at once if it opens a socket, listens,
 * starts a worker thread or loads onnxruntime, so a slow dependency cannot creep into this layer.
 */
const base = require('./jest.base.config');

module.exports = {
  ...base,
  testRegex: '(apps|libs|test)/.*\\.spec\\.ts$', // not int-spec / e2e-spec: they end in -spec.ts
  setupFilesAfterEnv: ['<rootDir>/test/unit/guard.ts'],
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^onnxruntime-node$': '<rootDir>/test/unit/onnxruntime-refused.ts',
  },
};
