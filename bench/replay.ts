/**
 * The bare replay of bench:api, run as a process of its own so that it competes with the load
 * generator exactly as the real server does: a bare Fastify route per endpoint that runs the SQL
 * statements the real request ran (captured by bench/api.ts, in the same order, one after the
 * other, with the same values and row mode) and sends the JSON body the real request answered,
 * already serialised. What the real server spends beyond this is its own overhead.
 *
 * Reads `{ databaseUrl, routes: { name: { statements, body } } }` from the file named by argv[2];
 * prints `replay at <url>` when listening.
 */
import fs from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';

export interface Statement {
  text: string;
  values: (string | null)[];
  rowMode?: 'array';
}

export interface ReplayPlan {
  databaseUrl: string;
  routes: Record<string, { statements: Statement[]; body: string }>;
}

const plan = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as ReplayPlan;
// The same pool size as the server's (db.ts).
const pool = new pg.Pool({ connectionString: plan.databaseUrl, max: 10 });
const app = Fastify({ logger: false });
for (const [name, route] of Object.entries(plan.routes)) {
  app.get(`/replay/${name}`, async (_request, reply) => {
    for (const s of route.statements) await pool.query({ text: s.text, values: s.values, ...(s.rowMode ? { rowMode: s.rowMode } : {}) });
    return reply.type('application/json; charset=utf-8').send(route.body);
  });
}
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`replay at ${url}`);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
