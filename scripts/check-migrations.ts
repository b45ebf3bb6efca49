/**
 * `npm run db:check`: fails when the tables in code and the committed migrations differ.
 *
 * drizzle-kit generates into a throw-away copy of the migrations folder, from the same config as
 * `npm run db:generate`; if it would write a migration, the schema changed without one (or a
 * migration was edited by hand), and the SQL it would write is printed. It also fails when the
 * migration files and drizzle's journal disagree — two branches that each added `0004_…` and were
 * merged without renumbering one of them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import config from '../packages/server/drizzle.config.ts';

const root = path.resolve(import.meta.dirname, '..');
const committed = path.resolve(root, config.out!);

/** The migration names (file name without `.sql`) in a migrations folder. */
const sqlFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -'.sql'.length))
    .sort();

/** Files and journal name the same migrations, each index once. */
function journalProblems(dir: string): string[] {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const tags = journal.entries.map((e) => e.tag).sort();
  const files = sqlFiles(dir);
  const problems: string[] = [];
  for (const f of files) if (!tags.includes(f)) problems.push(`${f}.sql is not in meta/_journal.json`);
  for (const tag of tags) if (!files.includes(tag)) problems.push(`meta/_journal.json names ${tag}, which has no .sql file`);
  const prefixes = files.map((f) => f.slice(0, 4));
  for (const p of new Set(prefixes)) if (prefixes.filter((x) => x === p).length > 1) problems.push(`two migrations are numbered ${p}`);
  return problems;
}

const problems = journalProblems(committed);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-migrations-'));
try {
  const out = path.join(scratch, 'migrations');
  fs.cpSync(committed, out, { recursive: true });
  // The project's own config with only the output moved; drizzle-kit takes paths relative to the
  // repository root (an absolute `out` comes out as `.//tmp/…`).
  const scratchConfig = path.join(scratch, 'drizzle.config.ts');
  fs.writeFileSync(scratchConfig, `export default ${JSON.stringify({ ...config, out: path.relative(root, out) })};\n`);
  const said = execFileSync(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', scratchConfig, '--name', 'drift'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const before = new Set(sqlFiles(committed));
  // drizzle-kit reports some failures (a folder it cannot read) with exit code 0: require one of its two answers.
  if (!said.includes('nothing to migrate') && sqlFiles(out).every((f) => before.has(f))) {
    throw new Error(`drizzle-kit neither generated a migration nor found the schema unchanged:\n${said}`);
  }
  for (const added of sqlFiles(out).filter((f) => !before.has(f))) {
    problems.push(
      `the schema differs from the committed migrations; drizzle-kit would write:\n\n${fs.readFileSync(path.join(out, `${added}.sql`), 'utf8')}\n` +
        'Run `npm run db:generate -- --name <what changed>` and commit the migration.',
    );
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  for (const p of problems) console.error(`✗ ${p}`);
  process.exit(1);
}
console.log(`✓ schema matches the ${sqlFiles(committed).length} committed migrations`);
