import { defineConfig } from 'vitest/config';

/**
 * The database outage test (`npm run test:outage`): PostgreSQL stopped and started under write
 * load. It makes and stops its own throw-away cluster, so it runs apart from the main suite (which
 * would skip it on PGlite and must not lose its shared PostgreSQL), as its own CI step.
 */
export default defineConfig({
  test: {
    include: ['packages/server/test/outage/*.spec.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
