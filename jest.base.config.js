/** What every layer's Jest config shares: the TypeScript transform and the `@app/*` paths. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  // content-disposition (used by @fastify/static for Swagger UI) ships ES modules only; Jest needs CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^@app/(core|face|audit|storage|queue|renaper|outbound|document|session)$': '<rootDir>/libs/$1/src',
    '^@app/(core|face|audit|storage|queue|renaper|outbound|document|session)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
};
