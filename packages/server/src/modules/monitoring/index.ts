import { monitoringModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { type DemoCounts, type ServerModule, defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';

/** Each part's demonstration data, in the order they build on each other (DEVICES → RULES → ALARMS → WARNINGS → SIM). Each part adds its line. */
const demoParts: ((platform: Platform) => Promise<DemoCounts>)[] = [];

/** Each part's 待办. Each part adds its line. */
const inboxParts: NonNullable<ServerModule['inbox']>[] = [];

/** 监测预警: devices and their readings over MQTT, rules and alarms in a closed loop, warnings to the public in CAP 1.2. */
export const monitoring = defineServerModule({
  domain: monitoringModule,
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
