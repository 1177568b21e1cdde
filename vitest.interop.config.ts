import { defineConfig } from 'vitest/config';

// `npm run test:interop`: suites that drive clients outside the npm dependency set (Python requests, the
// Salesforce CLI installed on demand outside the repository).
export default defineConfig({
  test: {
    include: ['tests/interop/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['tests/global-setup.ts'],
  },
});
