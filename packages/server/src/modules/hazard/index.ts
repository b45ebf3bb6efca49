import { hazardModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';

/** 隐患排查治理：闭环、重大隐患挂牌督办、排查清单、统计 */
export const hazard = defineServerModule({
  domain: hazardModule,
  tables: {},
  workflows: [],
  routes: (_app: FastifyInstance, _platform: Platform) => {},
});
