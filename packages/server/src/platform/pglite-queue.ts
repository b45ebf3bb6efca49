import { AppError, api, bi, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';

/** The 503 of a full queue: the client backs off for `Retry-After` seconds instead of piling on. */
const busy = (retryAfterSeconds: number): AppError =>
  new AppError('UNAVAILABLE', bi('服务器繁忙，请稍后重试', 'The server is busy; retry shortly'), {
    details: { reason: 'busy', retryAfterSeconds },
  });

/**
 * A bounded queue in front of the embedded database. PGlite runs one query at a time on one
 * connection, so under load every API request waits behind all the others and, with enough
 * clients, each waits longer than the client will (50 clients: 10 s timeouts). Here at most
 * `maxActive` API requests run at once; up to `maxQueue` more wait in arrival order, each for at
 * most `maxWaitMs`; the rest are answered at once with 503 and `Retry-After`. Static files, the
 * event stream (open for hours, and querying only at its keep-alives) and the health check (a
 * monitor must not read "busy" as "down") pass by.
 *
 * PostgreSQL has a pool of connections and its own queueing, so the queue is not used there.
 */
export function registerPgliteQueue(app: FastifyInstance, limits: Config['pgliteQueue']): void {
  let active = 0;
  const waiting: (() => void)[] = [];

  /** Hands the freed place to the longest-waiting request, or gives it back. */
  const leave = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  app.addHook('onRequest', async (request, reply) => {
    // The API and Open311 GeoReport (/open311, public reads of the reports) both query the database.
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/open311/')) return;
    const endpoint = request.routeOptions.config?.endpoint;
    if (endpoint === api.health || endpoint?.produces?.includes(mediaType.eventStream)) return;
    // The response's 'close' comes when it is sent or when the client went away: either frees the place.
    const closed = new Promise<void>((resolve) => reply.raw.once('close', resolve));
    if (active < limits.maxActive) {
      active++;
      // PGlite runs a query in WebAssembly on this thread and answers through promises only, so a
      // request runs from its first byte to its answer without the event loop reading another
      // socket: the requests behind it would wait unseen, unbounded, in the kernel's buffers. One
      // turn of the loop before running lets them in, to be counted here and the excess refused.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } else {
      if (waiting.length >= limits.maxQueue) throw busy(limits.retryAfterSeconds);
      await new Promise<void>((resolve, reject) => {
        const enter = () => {
          clearTimeout(timer);
          resolve();
        };
        const giveUp = () => {
          const at = waiting.indexOf(enter);
          if (at < 0) return;
          waiting.splice(at, 1);
          clearTimeout(timer);
          reject(busy(limits.retryAfterSeconds));
        };
        const timer = setTimeout(giveUp, limits.maxWaitMs);
        waiting.push(enter);
        // A client that leaves while waiting takes its place in the queue with it.
        void closed.then(giveUp);
      });
    }
    void closed.then(leave);
  });
}
