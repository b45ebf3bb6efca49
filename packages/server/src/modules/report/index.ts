import { reportModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { type DemoCounts, type ServerModule, defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';

/** Each part's demonstration data, in the order they build on each other (INTAKE → HANDLING → OPEN311). Each part adds its line. */
const demoParts: ((platform: Platform) => Promise<DemoCounts>)[] = [];

/** Each part's 待办. Each part adds its line. */
const inboxParts: NonNullable<ServerModule['inbox']>[] = [];

/** 举报: the public reports hazards and violations (also over Open311 GeoReport v2), offices handle them within the statutory limits, rewards are paid. */
export const report = defineServerModule({
  domain: reportModule,
  tables: {},
  workflows: [],
  routes: (_app: FastifyInstance, _platform: Platform) => {},
  inbox: async (tx: Tx, actor: Actor, platform: Platform) => {
    const items = [];
    for (const part of inboxParts) items.push(...(await part(tx, actor, platform)));
    return items;
  },
  demo: async (platform: Platform) => {
    const counts: DemoCounts = {};
    for (const part of demoParts) Object.assign(counts, await part(platform));
    return counts;
  },
  jobs: async (_platform: Platform) => {},
});
