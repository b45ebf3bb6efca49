import type { ServerResponse } from 'node:http';
import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sessionStands } from '../identity/index.js';
import * as digest from './digest.service.js';
import * as notifications from './notifications.service.js';
import * as webhooks from './webhooks.service.js';

/** How often an idle event stream sends a comment line, so proxies do not close it. */
const KEEPALIVE_MS = 25_000;

export function notificationRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  route(app, platform, api.listNotifications, ({ actor, query }) => notifications.listNotifications(db, actor, query));
  route(app, platform, api.markAllNotificationsRead, async ({ actor }) => ({ updated: await notifications.markAllRead(db, actor) }));
  route(app, platform, api.markNotificationRead, async ({ actor, params }) => {
    await notifications.markRead(db, actor, params.id);
    return { ok: true as const };
  });
  route(app, platform, api.sendNotification, ({ actor, body }) => notifications.sendNotification(platform, actor, body));

  // Open streams never finish by themselves: shutting down ends them, or closing the server would
  // wait for every browser tab to go away.
  const openStreams = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const res of openStreams) res.end();
    done();
  });

  route(app, platform, api.notificationStream, async ({ actor, reply, request }) => {
    reply.hijack();
    const res = reply.raw;
    openStreams.add(res);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 5000\n: connected\n\n');
    const unsubscribe = platform.events.subscribe((event) => {
      if (event.type === 'notification' && event.userIds.includes(actor.userId!)) {
        res.write(`event: notification\ndata: ${JSON.stringify(event.data)}\n\n`);
      }
    });
    // Each keep-alive also checks the session: logging out, being disabled or going idle ends the stream.
    const keepalive = setInterval(() => {
      const standing = actor.sessionId ? sessionStands(db, platform.config, actor.sessionId) : Promise.resolve(false);
      void standing.then((ok) => (ok ? res.write(': keepalive\n\n') : res.end())).catch(() => res.end());
    }, KEEPALIVE_MS);
    request.raw.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
      openStreams.delete(res);
    });
  });

  route(app, platform, api.listWebhooks, ({ actor, query }) => webhooks.listWebhooks(db, actor, query));
  route(app, platform, api.createWebhook, ({ actor, body }) => webhooks.createWebhook(db, actor, body, platform.config.webhookAllowHosts));
  route(app, platform, api.updateWebhook, ({ actor, params, body }) =>
    webhooks.updateWebhook(db, actor, params.id, body, platform.config.webhookAllowHosts),
  );
  route(app, platform, api.deleteWebhook, async ({ actor, params }) => {
    await webhooks.deleteWebhook(db, actor, params.id);
    return { ok: true as const };
  });
  route(app, platform, api.testWebhook, ({ actor, params }) => webhooks.testWebhook(platform, actor, params.id));

  route(app, platform, api.getDigest, ({ actor }) => digest.getDigest(platform, actor));
  route(app, platform, api.updateDigest, ({ actor, body }) => digest.updateDigest(platform, actor, body));
}
