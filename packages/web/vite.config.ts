import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app. Run from the repository root (`npm run dev:web`, `vite build --config
 * packages/web/vite.config.ts`): `root` pins the app to this folder whatever the working directory.
 * JSX is compiled by Vite's built-in Oxc transform (automatic runtime), so no React plugin is
 * needed; fast refresh is the one thing that plugin would add.
 */
export default defineConfig({
  root,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('dist', import.meta.url)),
    emptyOutDir: true,
    // Module pages are loaded lazily, so ECharts and MapLibre land in the chunks of the pages using them.
    chunkSizeWarningLimit: 2000,
    // antd and react-router mark modules "use client" for React Server Components; this is a plain SPA.
    rolldownOptions: { checks: { moduleLevelDirective: false } },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
