/* global self, caches */
/**
 * The service worker of the installable app (网格巡查 on a phone): it keeps the app shell so that
 * /grid/patrol opens without signal. What it keeps, deliberately and nothing else:
 *  - index.html, always asked from the network first (the server sends it `no-cache`): a deploy is
 *    seen at the next load with signal; the kept copy is served only when the network fails;
 *  - /assets/*, named by content hash and never changed: served from the cache, kept when fetched;
 *    when a new index.html arrives (a deploy), the files the new build no longer has are dropped,
 *    by the build's own list (asset-list.json, written by vite.config.ts);
 *  - /api/auth/me and /api/config, network first: the app needs the session and the server's
 *    settings to draw any page; offline it gets the last answers. A 401, or a logout, drops them.
 * Every other request (the API, tiles, uploads) passes by untouched: the patrol page keeps its own
 * data (the day's route and the queue of visits) in IndexedDB, where it decides what is stale.
 * Plain JavaScript in public/ so it is served at the root (its scope is the whole app) under a
 * fixed name; the browser compares it byte by byte to find a new version.
 */
const SHELL = 'citysafe-shell-v1';
const ASSETS = 'citysafe-assets-v1';
const INDEX = '/index.html';
const ASSET_LIST = '/asset-list.json';
const KEPT_API = new Set(['/api/auth/me', '/api/config']);

/** The hashed files index.html loads (the entry chunk, boot script, styles): the shell's first screen. */
function assetsOf(html) {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
}

/**
 * Drops the kept assets that the deployed build does not have. Files of the new build kept already
 * (a page chunk unchanged by the deploy keeps its name) stay; a page chunk the deploy changed is kept
 * again when the page is next opened with signal. A prune cut short (the worker stopped) is done at
 * the next deploy.
 */
async function pruneAssets() {
  const list = await fetch(ASSET_LIST, { cache: 'no-cache' });
  if (!list.ok) return;
  const current = new Set(await list.json());
  const assets = await caches.open(ASSETS);
  const kept = await assets.keys();
  await Promise.all(kept.filter((r) => !current.has(new URL(r.url).pathname)).map((r) => assets.delete(r)));
}

/** Keeps a fresh index.html and the assets it names; a changed index.html means a deploy: old assets go. */
async function keepShell(response) {
  const html = await response.clone().text();
  const shell = await caches.open(SHELL);
  const previous = await shell.match(INDEX);
  const deployed = !previous || (await previous.text()) !== html;
  await shell.put(INDEX, response);
  const assets = await caches.open(ASSETS);
  await Promise.all(
    assetsOf(html).map(async (url) => {
      if (await assets.match(url)) return;
      const asset = await fetch(url);
      if (asset.ok) await assets.put(url, asset);
    }),
  );
  if (deployed) await pruneAssets();
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch('/', { cache: 'no-cache' });
      if (response.ok) await keepShell(response);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n !== SHELL && n !== ASSETS).map((n) => caches.delete(n)));
      // The page's request starts while the worker boots, so a load with signal waits for no worker start-up.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

/** Whether an answer is an HTML page (index.html), not one of the build's files. */
const isPage = (response) => (response.headers.get('content-type') ?? '').includes('text/html');

async function navigate(event) {
  const { request } = event;
  try {
    const response = (await event.preloadResponse) ?? (await fetch(request));
    // Kept after the page has its answer: a new deploy's assets are fetched beside the page's own requests, not before.
    if (response.ok && isPage(response)) event.waitUntil(keepShell(response.clone()).catch(() => undefined));
    return response;
  } catch (error) {
    const kept = await caches.match(INDEX, { cacheName: SHELL });
    if (kept) return kept;
    throw error;
  }
}

async function asset(request) {
  const assets = await caches.open(ASSETS);
  const kept = await assets.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  // Only a file of the build: never a page answered in its place.
  if (response.ok && !isPage(response)) await assets.put(request, response.clone());
  return response;
}

async function keptApi(request, path) {
  const shell = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) await shell.put(path, response.clone());
    else if (response.status === 401) await shell.delete(path);
    return response;
  } catch (error) {
    const kept = await shell.match(path);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // Whoever logs out on this phone leaves no session behind for the next one to open offline.
    if (url.pathname === '/api/auth/logout') event.waitUntil(caches.open(SHELL).then((c) => c.delete('/api/auth/me')));
    return;
  }
  if (request.mode === 'navigate') event.respondWith(navigate(event));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
  else if (KEPT_API.has(url.pathname) && !url.search) event.respondWith(keptApi(request, url.pathname));
});
