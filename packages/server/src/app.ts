import fs from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { AppError } from '@citysafe/domain';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { serverModules } from './modules.js';
import { BROTLI_OPTIONS, COMPRESS_ABOVE_BYTES, COMPRESS_IN_ONE_CALL_UP_TO_BYTES } from './platform/compression.js';
import { registerErrorHandling, registerJsonParser } from './platform/http.js';
import { inboxRoutes } from './platform/inbox.js';
import { ogcRoutes } from './platform/ogc.routes.js';
import { registerOpenApi } from './platform/openapi.js';
import { registerPgliteQueue } from './platform/pglite-queue.js';
import type { Platform } from './platform/platform.js';
import { platformRoutes, VERSION } from './platform/platform.routes.js';
import { responseSerializerCompiler } from './platform/serializer.js';

/** Every route with the permission it declares, as registered: the table the permission test walks. */
export interface RouteEntry {
  method: string;
  url: string;
  permission: string | undefined;
}

/** Content-Security-Policy: nothing but our own origin, plus the tile server an administrator configured. */
function contentSecurityPolicy(tileUrl: string | null) {
  const tileOrigin = tileUrl ? new URL(tileUrl.replace(/\{[^}]+\}/g, '0')).origin : null;
  const self = ["'self'"];
  return {
    directives: {
      defaultSrc: self,
      scriptSrc: self,
      // antd writes its CSS-in-JS into <style> tags.
      styleSrc: [...self, "'unsafe-inline'"],
      imgSrc: [...self, 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])],
      connectSrc: [...self, ...(tileOrigin ? [tileOrigin] : [])],
      // MapLibre runs its tile worker from a blob URL.
      workerSrc: [...self, 'blob:'],
      fontSrc: [...self, 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: self,
      formAction: self,
      upgradeInsecureRequests: null,
    },
  };
}

/**
 * The security headers (CSP, frame, sniffing, referrer, HSTS…) as helmet writes them, computed once.
 * They depend only on the configuration; @fastify/helmet rebuilt helmet — and re-parsed the CSP
 * directives — on every request, a few per cent of the server's time on a small API answer.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  // Helmet 8 throws a bad option itself; its callback is only called when it is done.
  helmet(options)({} as never, response as never, () => undefined);
  return headers;
}

/** Builds the HTTP app on a running platform: plugins, every module's routes, the web app. */
export async function buildApp(
  platform: Platform,
  logger: boolean | object = false,
): Promise<{ app: FastifyInstance; routes: RouteEntry[] }> {
  const { config } = platform;
  const app = Fastify({
    logger,
    // A hop count trusts that many proxies in front of the server; a list trusts those addresses.
    trustProxy:
      typeof config.trustProxy === 'number' ? (_address: string, hop: number) => hop < (config.trustProxy as number) : config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  // Under the tests each response is also written by zod's serializer and the two compared.
  app.setSerializerCompiler(responseSerializerCompiler(Boolean(process.env.VITEST)));
  registerErrorHandling(app, { maxUploadBytes: config.files.maxBytes });
  registerJsonParser(app);
  if (platform.database.kind === 'pglite') registerPgliteQueue(app, config.pgliteQueue);

  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (r) => {
    // The OpenAPI browser is public documentation, declared here in one place.
    if (r.url.startsWith('/api/docs')) r.config = { ...r.config, permission: 'public' };
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) routes.push({ method, url: r.url, permission: r.config?.permission });
  });

  const security = securityHeaders({
    contentSecurityPolicy: contentSecurityPolicy(config.map.tileUrl),
    crossOriginEmbedderPolicy: false,
    hsts: config.secureCookies,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(security);
    done();
  });
  await app.register(cookie);
  // API answers above a kilobyte go compressed (a task ledger page: 143 KB of JSON, about a tenth
  // of it compressed), brotli at quality 4 (platform/compression.ts). The web app's files
  // are compressed at build time and opt out (serveWebApp); the event stream is written raw.
  await app.register(compress, {
    threshold: COMPRESS_ABOVE_BYTES,
    syncThreshold: COMPRESS_IN_ONE_CALL_UP_TO_BYTES,
    encodings: ['br', 'gzip'],
    brotliOptions: BROTLI_OPTIONS,
  });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: config.files.maxBytes, files: 1, fields: 10 }, throwFileSizeLimit: true });
  await registerOpenApi(app, VERSION);

  platformRoutes(app, platform);
  inboxRoutes(app, platform, serverModules);
  ogcRoutes(app, platform, serverModules);
  for (const m of serverModules) m.routes(app, platform);

  await serveWebApp(app, config.webDist);
  return { app, routes };
}

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** A file whose name does not change with its content (index.html, favicon): the browser asks each time. */
function sendRevalidated(reply: FastifyReply, file: string) {
  reply.header('cache-control', 'no-cache');
  return reply.sendFile(file, { cacheControl: false });
}

/** Serves the built web app; any non-API path gets index.html so the client router can take it. */
async function serveWebApp(app: FastifyInstance, webDist: string): Promise<void> {
  const hasDist = fs.existsSync(path.join(webDist, 'index.html'));
  // The build writes .br and .gz next to each asset (packages/web/vite.config.ts): the variant the
  // browser accepts is sent with `content-encoding` and `vary: accept-encoding`, nothing compressed per request.
  if (hasDist) await app.register(fastifyStatic, { root: webDist, serve: false, preCompressed: true });
  app.get('/*', { config: { permission: 'public' }, schema: { hide: true }, compress: false }, async (request, reply) => {
    const url = (request.params as { '*': string })['*'];
    if (url.startsWith('api/') || url === 'api') throw new AppError('NOT_FOUND');
    if (!hasDist) {
      return reply.type('text/plain; charset=utf-8').send('CitySafe API is running; the web app is not built (npm run build:web).');
    }
    const file = path.normalize(url);
    const candidate = path.join(webDist, file);
    if (file && !file.startsWith('..') && candidate.startsWith(webDist) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      // Vite names assets by content hash: they never change, so they may be cached for good.
      if (file.startsWith('assets/')) return reply.sendFile(file, { maxAge: ONE_YEAR_MS, immutable: true });
      return sendRevalidated(reply, file);
    }
    // An asset an earlier build had is gone: a 404, never index.html (which a page or the service worker would keep as script).
    if (file.startsWith('assets/')) throw new AppError('NOT_FOUND');
    return sendRevalidated(reply, 'index.html');
  });
}
