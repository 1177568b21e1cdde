import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Suites share generated org files through tests/helpers/org.ts (built once per run in globalSetup).
    globalSetup: ['tests/global-setup.ts'],
  },
});
