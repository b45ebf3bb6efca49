/**
 * `npm run openapi:check`: the API contract as others read it. Builds the app on a throw-away
 * in-memory PGlite (no migrations, no jobs, no MQTT: only the routes matter), writes its OpenAPI
 * document to a temporary folder, then
 *   1. lints it with Redocly's recommended rules (any error fails; warnings are printed),
 *   2. generates TypeScript types from it with openapi-typescript (a generator nobody here wrote),
 *   3. type-checks those types together with a small client that uses one operation's request,
 *      response and error types, so that a document the generator misreads fails here.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../packages/server/src/app.ts';
import { fileStoreFor, loadConfig } from '../packages/server/src/index.ts';
import { auditView, serverModules } from '../packages/server/src/modules.ts';
import { systemClock } from '../packages/server/src/platform/clock.ts';
import { openDatabase } from '../packages/server/src/platform/db.ts';
import { EventBus } from '../packages/server/src/platform/events.ts';
import { inboxOf } from '../packages/server/src/platform/inbox.ts';
import { JobRunner } from '../packages/server/src/platform/jobs.ts';
import type { Platform } from '../packages/server/src/platform/platform.ts';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/** The document exactly as the server serves it at /api/openapi.json. */
async function servedDocument(dataDir: string): Promise<string> {
  const config = loadConfig({ CITYSAFE_DATA_DIR: dataDir });
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  try {
    // The services are made but never started: routes use them only when a request comes, and
    // none comes but this one.
    const log = pino({ level: 'silent' });
    const platform: Platform = {
      config,
      database,
      db: database.db,
      jobs: new JobRunner(database.db, log, config.jobsPollMs),
      events: new EventBus(database),
      files: fileStoreFor(config),
      auditView,
      log,
      clock: systemClock,
      inbox: (actor) => inboxOf(platform, serverModules, actor),
    };
    const { app } = await buildApp(platform);
    try {
      const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json: ${res.statusCode} ${res.body}`);
      return res.body;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** A client of one operation, written against the generated types only. */
const client = `import type { components, paths } from './api';

type Tasks = paths['/api/campaigns/{id}/tasks']['get'];
type Page = Tasks['responses'][200]['content']['application/json'];
type NotFound = Tasks['responses'][404]['content']['application/json'];

export function firstTaskContent(page: Page): string | undefined {
  return page.items[0]?.content;
}

export const query: NonNullable<Tasks['parameters']['query']> = { page: 1, pageSize: 20 };
export const path: Tasks['parameters']['path'] = { id: '00000000-0000-4000-8000-000000000000' };

export function messageOf(body: NotFound): string {
  const error: components['schemas']['ErrorBody']['error'] = body.error;
  return \`\${error.code}: \${error.message.zh} / \${error.message.en}\`;
}

// The generated types must be precise: a wrong shape is refused (if they were \`any\`, these would fail as unused).
// @ts-expect-error total is a number
export const wrongTotal: Page = { items: [], total: '1', page: 1, pageSize: 20 };
// @ts-expect-error no such error code
export const wrongCode: NotFound['error']['code'] = 'NO_SUCH_CODE';
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-openapi-'));
try {
  const document = path.join(work, 'openapi.json');
  fs.writeFileSync(document, await servedDocument(work));
  console.log(`openapi:check: document written (${fs.statSync(document).size} bytes)`);

  // Exits non-zero on any error of the recommended rules; warnings are shown but do not fail.
  execFileSync(bin('redocly'), ['lint', '--extends=recommended', '--format=summary', document], { stdio: 'inherit' });

  const types = path.join(work, 'api.d.ts');
  execFileSync(bin('openapi-typescript'), [document, '--output', types], { stdio: 'inherit' });
  fs.writeFileSync(path.join(work, 'client.ts'), client);
  fs.writeFileSync(
    path.join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        target: 'ES2023',
        module: 'preserve',
        moduleResolution: 'bundler',
        types: [],
      },
      files: ['api.d.ts', 'client.ts'],
    }),
  );
  execFileSync(bin('tsc'), ['-p', path.join(work, 'tsconfig.json')], { stdio: 'inherit' });
  console.log('openapi:check: lint passed, generated client types check');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
