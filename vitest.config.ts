import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // tests/interop needs software outside npm (Python requests): `npm run test:interop`, run by CI.
    exclude: ['tests/interop/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Suites share generated org files through tests/helpers/org.ts (built once per run in globalSetup).
    globalSetup: ['tests/global-setup.ts'],
  },
});
