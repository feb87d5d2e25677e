/** Unit specs live beside the code (`*.spec.ts`); integration and e2e specs live in test/ (`*.e2e-spec.ts`). */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '(apps|libs|test)/.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  // content-disposition (used by @fastify/static for Swagger UI) ships ES modules only; Jest needs CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^@app/(core|face|audit|storage|queue|renaper|outbound|document)$': '<rootDir>/libs/$1/src',
    '^@app/(core|face|audit|storage|queue|renaper|outbound|document)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
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
