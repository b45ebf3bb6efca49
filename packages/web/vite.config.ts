import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { type Plugin, defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `name.br` and `name.gz` next to every text file of the build, at the highest levels: the
 * server sends them as they are (preCompressed), so a phone on a slow line gets a fraction of the
 * bytes and the server spends no CPU per request. A variant that saves nothing is not written.
 */
function precompress(): Plugin {
  let outDir = '';
  const compressible = /\.(?:m?js|css|html|svg|json|txt|wasm)$/;
  const minBytes = 1024;
  return {
    name: 'citysafe-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await fs.readdir(outDir, { recursive: true })).filter((f) => compressible.test(f));
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(outDir, file);
          const content = await fs.readFile(full);
          if (content.length < minBytes) return;
          const variants: [string, Buffer][] = [
            ['.br', await brotli(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY } })],
            ['.gz', await gzip(content, { level: zlib.constants.Z_BEST_COMPRESSION })],
          ];
          for (const [ext, compressed] of variants)
            if (compressed.length < content.length * 0.9) await fs.writeFile(full + ext, compressed);
        }),
      );
    },
  };
}

/**
 * Writes asset-list.json: every file of this build under assets/. The service worker (public/sw.js)
 * reads it when a new index.html arrives and drops what it kept of earlier builds, so a phone holds
 * one build's files, not every build it has opened since the app was installed.
 */
function assetList(): Plugin {
  return {
    name: 'citysafe-asset-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/'))
        .map((name) => `/${name}`)
        .sort();
      this.emitFile({ type: 'asset', fileName: 'asset-list.json', source: JSON.stringify(files) });
    },
  };
}

/**
 * Adds src/boot.ts to the page as a script of its own (`async`, first in <head>): it starts the
 * first API requests while the app's chunks still download and compile. Vite would merge a second
 * module script of index.html into the app's entry, where it runs only after all of the app's
 * JavaScript, so the build emits it as a separate entry chunk and the page names its hashed file.
 */
function bootScript(): Plugin {
  const entry = path.join(root, 'src/boot.ts');
  let serving = false;
  return {
    name: 'citysafe-boot-script',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    buildStart() {
      if (!serving) this.emitFile({ type: 'chunk', id: entry, name: 'boot' });
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const boot = serving
          ? '/src/boot.ts'
          : Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId === entry)?.fileName;
        if (!boot) throw new Error('the build has no boot chunk');
        return [
          {
            tag: 'script',
            attrs: { type: 'module', async: true, crossorigin: true, src: serving ? boot : `/${boot}` },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

/**
 * The web app. Run from the repository root (`npm run dev:web`, `vite build --config
 * packages/web/vite.config.ts`): `root` pins the app to this folder whatever the working directory.
 * JSX is compiled by Vite's built-in Oxc transform (automatic runtime), so no React plugin is
 * needed; fast refresh is the one thing that plugin would add.
 */
export default defineConfig({
  root,
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [bootScript(), assetList(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('dist', import.meta.url)),
    emptyOutDir: true,
    // Module pages are loaded lazily, so ECharts and MapLibre land in the chunks of the pages using them.
    chunkSizeWarningLimit: 2000,
    // antd and react-router mark modules "use client" for React Server Components; this is a plain SPA.
    rolldownOptions: {
      checks: { moduleLevelDirective: false },
      // The domain package is pure (no I/O, nothing registered on import): what a page does not use
      // of it, such as the campaign's seed plan on the login page, is left out of that page's chunks.
      treeshake: { moduleSideEffects: (id) => (id.includes('/packages/domain/src/') ? false : undefined) },
      output: {
        codeSplitting: {
          // What the first page needs (src/main.tsx and everything it imports) in one chunk: on a
          // phone each of the two dozen small shared chunks it would otherwise be split into costs a
          // request over HTTP/1.1's six connections at 150 ms each. Pages keep their own chunks.
          groups: [{ name: 'app', tags: ['$initial'], test: (id) => !id.endsWith('/src/boot.ts') }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
