import type { api, DomainModule, WorkflowDefinition } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from './actor.js';
import type { AuditObjectView } from './audit.js';
import type { Mqtt } from './mqtt.js';
import type { Tx } from './db.js';
import type { OgcCollection } from './ogc.js';
import type { Platform } from './platform.js';

/** What a module's demonstration data added, by kind (`{ campaigns: 1 }`); all zero when it was already there. */
export type DemoCounts = Record<string, number>;

/**
 * One server module: everything the platform needs to run it, declared in
 * `modules/<module>/index.ts` and composed by the list in `src/modules.ts`. Adding a module adds
 * its folder and one line there; nothing in `platform/` or `app.ts` changes.
 */
export interface ServerModule {
  /** Its domain half: actions with their default grants per role, and audit labels. */
  domain: DomainModule;
  /** Every drizzle table it owns (the namespace of its `*.tables.ts`): typed queries, backup, migrations. */
  tables: Record<string, unknown>;
  /** Its state machines: the audit log labels their actions; their states guard the status columns. */
  workflows: readonly WorkflowDefinition<string, string>[];
  /** Registers its HTTP routes (each through `route()`, which declares the permission). */
  routes(app: FastifyInstance, platform: Platform): void;
  /** Registers its job handlers and schedules its recurring jobs; runs at every start. */
  jobs?(platform: Platform): Promise<void> | void;
  /** Subscribes to its MQTT topics and guards its devices' publishes, once the platform's MQTT side has started. */
  mqtt?(platform: Platform, mqtt: Mqtt): Promise<void> | void;
  /**
   * Adds its part of the demonstration district (`citysafe demo`), through its services so that it is
   * validated and audited. Modules run in list order, so a module may use the users of those before it.
   * Idempotent: a second run adds nothing.
   */
  demo?(platform: Platform): Promise<DemoCounts>;
  /**
   * How the readable audit log shows its objects, per object type (optional for each): a name for
   * the sentence ("第42项任务 新筑街办") and the web path where the object lives
   * (`campaignAssignment` → `/campaign/tasks/<taskId>`). Types it leaves out read by their label only.
   */
  auditObjects?: Record<string, AuditObjectView>;
  /**
   * Its part of the caller's work inbox (待办, `GET /api/inbox`): each thing the caller may do now
   * and is expected to — an item is listed exactly while the module's policy allows the caller its
   * action — with a module-prefixed kind and the web path where it is done. Reads inside the given
   * transaction (dates by its clock, `now(tx)`) in a bounded number of queries, whatever the count.
   */
  inbox?(tx: Tx, actor: Actor, platform: Platform): Promise<api.inbox.InboxItem[]>;
  /**
   * Its layers in OGC API – Features (`/api/ogc/collections/<id>`), for GIS software: each with its
   * endpoints in the contract (`api.ogc`), read with the collection's read action within the
   * caller's scope (`sqlFeatures()` in platform/ogc.ts reads one table).
   */
  ogcCollections?: OgcCollection[];
}

/** Declares a module (a typed identity: the checks are the type's). */
export const defineServerModule = (module: ServerModule): ServerModule => module;
