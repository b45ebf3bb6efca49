import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp, type RouteEntry } from './app.js';
import { type FirstAdmin, seedIdentity } from './modules/identity/index.js';
import { auditView, serverModules } from './modules.js';
import { startAuthCache } from './platform/auth.js';
import { AuditCheckpoints } from './platform/audit-checkpoint.js';
import { type Config, loadConfig } from './platform/config.js';
import { lockDataDir } from './platform/datadir-lock.js';
import { type Clock, systemClock } from './platform/clock.js';
import { bindClock, type Database, migrate, openDatabase } from './platform/db.js';
import { EventBus } from './platform/events.js';
import { type FileStore, LocalFileStore } from './platform/files.js';
import { inboxOf } from './platform/inbox.js';
import { JobRunner } from './platform/jobs.js';
import { Mqtt } from './platform/mqtt.js';
import type { Platform } from './platform/platform.js';
import { S3FileStore } from './platform/s3.js';

export { loadConfig, type Config };

export interface PlatformOptions {
  config: Config;
  /** An already open database (tests load a migrated template); otherwise opened from the config. */
  database?: Database;
  /** Start the embedded MQTT broker or connect to MQTT_URL (default true). */
  mqtt?: boolean;
  /** Poll for due jobs (default true; tests drive `jobs.runDue()` themselves). */
  jobs?: boolean;
  logger?: boolean | object;
  /** Where services and jobs read the time (default: the system clock; tests pass one they can set). */
  clock?: Clock;
}

export interface RunningPlatform {
  platform: Platform;
  app: FastifyInstance;
  routes: RouteEntry[];
  mqtt: Mqtt | null;
  firstAdmin: FirstAdmin;
  /** Signed checkpoints of the audit chain's head, outside the database. */
  auditCheckpoints: AuditCheckpoints;
  close(): Promise<void>;
}

export function fileStoreFor(config: Config): FileStore {
  return config.files.s3 ? new S3FileStore(config.files.s3) : new LocalFileStore(path.join(config.dataDir, 'files'));
}

/**
 * Applies the migrations as the tables' owner: through `DATABASE_MIGRATE_URL`'s own connection when
 * it is set (the server's role may not change the schema), else through the platform's database.
 */
export async function migrateAsOwner(config: Config, database: Database): Promise<void> {
  if (!config.migrateUrl || database.kind !== 'postgres') return migrate(database);
  const owner = await openDatabase({ kind: 'postgres', url: config.migrateUrl });
  try {
    await migrate(owner);
  } finally {
    await owner.close();
  }
}

/**
 * Opens everything the platform runs on, in order: the data-directory lock (embedded database
 * only), the database, migrations, the first-start seed, jobs, events, MQTT, and the HTTP app.
 */
export async function createPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const { config } = options;
  const unlock = !options.database && !config.databaseUrl ? lockDataDir(config.dataDir) : () => undefined;
  const closers: (() => Promise<void> | void)[] = [unlock];
  try {
    const database =
      options.database ??
      (await openDatabase(
        config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir },
      ));
    closers.unshift(() => database.close());
    const clock = options.clock ?? systemClock;
    bindClock(database.db, clock);
    await migrateAsOwner(config, database);
    const firstAdmin = await seedIdentity(database.db, config.dataDir, config.adminPassword);
    const log = pino({ level: options.logger === false ? 'silent' : config.logLevel });
    const auditCheckpoints = AuditCheckpoints.forConfig(database.db, config, clock);
    // Runs after HTTP, MQTT and jobs have stopped (closers run newest first): the head is final.
    closers.unshift(() => auditCheckpoints.stop().catch((err: unknown) => log.error({ err }, 'audit checkpoint at shutdown failed')));
    const events = new EventBus(database);
    const jobs = new JobRunner(database.db, log, config.jobsPollMs);
    const platform: Platform = {
      config,
      database,
      db: database.db,
      jobs,
      events,
      files: fileStoreFor(config),
      log,
      clock,
      auditView,
      inbox: (actor) => inboxOf(platform, serverModules, actor),
    };
    for (const m of serverModules) await m.jobs?.(platform);
    await events.start();
    closers.unshift(() => events.stop());
    // Callers are cached from here on, invalidated by the database's notifications (platform/auth.ts).
    closers.unshift(await startAuthCache(database));
    const { app, routes } = await buildApp(platform, options.logger ?? false);
    closers.unshift(() => app.close());
    let mqtt: Mqtt | null = null;
    if (options.mqtt !== false) {
      mqtt = new Mqtt(config.mqtt, database.db);
      await mqtt.start();
      closers.unshift(() => mqtt!.stop());
      for (const m of serverModules) await m.mqtt?.(platform, mqtt);
    }
    if (options.jobs !== false) {
      jobs.start();
      closers.unshift(() => jobs.stop());
      auditCheckpoints.start(config.auditCheckpointMs, (err) => log.error({ err }, 'audit checkpoint failed'));
    }
    let closed = false;
    return {
      platform,
      app,
      routes,
      mqtt,
      firstAdmin,
      auditCheckpoints,
      close: async () => {
        if (closed) return;
        closed = true;
        for (const close of closers) await close();
      },
    };
  } catch (err) {
    for (const close of closers) await Promise.resolve(close()).catch(() => undefined);
    throw err;
  }
}

/** Starts the platform and listens; `port: 0` picks a free port (tests). */
export async function startServer(
  overrides: Partial<Config> & { env?: NodeJS.ProcessEnv } = {},
  options: Omit<PlatformOptions, 'config'> = {},
) {
  const { env, ...rest } = overrides;
  const config: Config = { ...loadConfig(env ?? process.env), ...rest };
  const running = await createPlatform({ config, ...options });
  const address = await running.app.listen({ host: config.host, port: config.port });
  return { ...running, url: address };
}
