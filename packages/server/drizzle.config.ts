import { defineConfig } from 'drizzle-kit';

/** Every table lives in a `*.tables.ts` file: the platform's, and each module's in its folder. */
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./packages/server/src/platform/*.tables.ts', './packages/server/src/modules/*/*.tables.ts'],
  out: './packages/server/migrations',
});
