/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/lib'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is `npm run typecheck`'s job; tests only transpile, which keeps them fast on 2 cores.
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
