#!/usr/bin/env node
// Builds the web app before `npm start`, but only when its sources are newer than the last build:
// a fresh clone builds once, a restart with nothing changed starts at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'packages/web');
const viteConfig = path.join(web, 'vite.config.ts');
const builtIndex = path.join(web, 'dist/index.html');
/** What the built app is made of; a change to any of these makes the build stale. */
const inputs = [
  path.join(web, 'src'),
  path.join(web, 'public'),
  path.join(web, 'index.html'),
  viteConfig,
  path.join(root, 'packages/domain/src'),
];

/** The newest modification time under `p` (a file or a folder), or 0 when it does not exist. */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

if (!fs.existsSync(viteConfig)) {
  console.log('未找到前端配置，跳过构建 / packages/web/vite.config.ts not found, skipping the web build');
  process.exit(0);
}

const builtAt = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;
const changedAt = Math.max(...inputs.map(newestMtime));
if (builtAt > 0 && builtAt >= changedAt) process.exit(0);

console.log('正在构建前端… / building the web app…');
const viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
const result = spawnSync(process.execPath, [viteBin, 'build', '--config', viteConfig, '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
