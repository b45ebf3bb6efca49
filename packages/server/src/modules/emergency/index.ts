import { emergencyModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { type DemoCounts, type ServerModule, defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';

/**
 * Each part's demonstration data, in the order they build on each other (resources before the plans that
 * name them, plans before the past incident whose response activated one). Each part adds its line.
 */
const demoParts: ((platform: Platform) => Promise<DemoCounts>)[] = [];

/** Each part's 待办 (reports due, plans to review, stock to replenish, today's duty). Each part adds its line. */
const inboxParts: NonNullable<ServerModule['inbox']>[] = [];

/** 应急指挥：事故报告、预案演练、应急资源、覆盖分析、值班值守 */
export const emergency = defineServerModule({
  domain: emergencyModule,
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
