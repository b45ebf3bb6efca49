import { defineConfig } from 'vitest/config';

/**
 * API and unit tests. They run on PGlite by default and on PostgreSQL + PostGIS when
 * DATABASE_URL is set (CI runs both). One migrated, seeded template database is made once
 * (global setup); each test file starts from a copy of it.
 */
export default defineConfig({
  test: {
    include: [
      'packages/domain/src/**/*.test.ts',
      'packages/server/src/**/*.test.ts',
      'packages/server/test/**/*.test.ts',
      'packages/web/src/**/*.test.ts',
      'packages/web/src/**/*.test.tsx',
    ],
    // The embedded default's own lifecycle (data directory, lock) has no meaning on PostgreSQL.
    exclude: ['**/node_modules/**', ...(process.env.DATABASE_URL ? ['packages/server/test/lifecycle.test.ts'] : [])],
    globalSetup: ['packages/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
