import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { listHazardExtensions, performHazardExtensionAction, requestHazardExtension } from './hazard-extensions.service.js';

/** 延期申请: a hazard's extension requests, asked for by the responsible unit and decided by the verifying or supervising side. */
export function hazardExtensionRoutes(app: FastifyInstance, platform: Platform): void {
  const c = api.hazardExtensions;
  route(app, platform, c.listExtensions, ({ actor, params }) => listHazardExtensions(platform, actor, params.id));
  route(app, platform, c.requestExtension, ({ actor, params, body }) => requestHazardExtension(platform, actor, params.id, body));
  route(app, platform, c.extensionAction, ({ actor, params, body }) =>
    performHazardExtensionAction(platform, actor, params.id, params.extensionId, params.action, body),
  );
}
