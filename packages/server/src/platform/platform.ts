import type { api } from '@citysafe/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from './actor.js';
import type { AuditView } from './audit.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database, Db } from './db.js';
import type { EventBus } from './events.js';
import type { FileStore } from './files.js';
import type { JobRunner } from './jobs.js';

/** The shared services every module's routes and services receive. */
export interface Platform {
  config: Config;
  database: Database;
  db: Db;
  jobs: JobRunner;
  events: EventBus;
  files: FileStore;
  log: FastifyBaseLogger;
  /** The time every service and job reads (tests set it); code holding only `db`/`tx` reads it with `now(tx)`. */
  clock: Clock;
  /** How the readable audit log names the modules' objects and actions (composed in `src/modules.ts`). */
  auditView: AuditView;
  /**
   * A person's work inbox (待办) as `GET /api/inbox` gives it, composed from every module's
   * contribution (`inboxOf` with the list of modules): how a module reaches the others' items,
   * e.g. the daily digest, without importing them.
   */
  inbox(actor: Actor): Promise<{ counts: Record<string, number>; items: api.inbox.InboxItem[] }>;
}
