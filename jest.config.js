/**
 * One `npm test`: unit tests (src/**\/*.spec.ts), contract tests (test/contract: the HTTP and MQTT
 * pipeline around stubbed services, see test/support/contract.ts) and end-to-end tests
 * (test/**\/*.e2e-spec.ts).
 * The e2e tests boot the whole service against one database and broker, so files run one at a
 * time (maxWorkers 1); see test/support/service.ts for which database and broker they use.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

module.exports = {
  maxWorkers: 1,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
    },
    {
      displayName: 'contract',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/contract/**/*.contract-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
    },
  ],
};
