import path from 'node:path';
import { defaultPasswordPolicy, type PasswordPolicy } from '@citysafe/domain';
import { defaultArchiveLimits } from './archive.js';
import type { ImportLimits } from './sheet.js';

/** Everything the platform reads from the environment, parsed once at start-up. */
export interface Config {
  host: string;
  port: number;
  /** Where PGlite, attachments and the lock live (`CITYSAFE_DATA_DIR`, default ./data). */
  dataDir: string;
  /** PostgreSQL + PostGIS in production; unset = embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  /**
   * The role that owns the tables (`DATABASE_MIGRATE_URL`): migrations and restores run as it, the
   * server as `databaseUrl`'s role, which cannot disable the audit log's triggers. Unset = one role.
   */
  migrateUrl: string | null;
  adminPassword: string | null;
  /** The address people open the platform at (`CITYSAFE_PUBLIC_URL`), for links sent outside it (group robots). */
  publicUrl: string | null;
  /**
   * Which reverse proxies may name the client address (X-Forwarded-For): their addresses or CIDRs
   * (`CITYSAFE_TRUST_PROXY=10.0.0.5,10.1.0.0/16`) or a hop count; off by default, so that a client
   * cannot forge its address to dodge rate limits or mislead the audit log.
   */
  trustProxy: false | number | string[];
  /** Set `CITYSAFE_SECURE_COOKIES=true` behind HTTPS. */
  secureCookies: boolean;
  passwordPolicy: PasswordPolicy;
  files: {
    maxBytes: number;
    store: 'local' | 's3';
    s3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string } | null;
  };
  /**
   * Uploaded archives (xlsx, docx, zip) and the imports that read them: entries, declared
   * uncompressed size and ratio per entry, checked before anything is inflated
   * (`CITYSAFE_ARCHIVE_MAX_ENTRIES`, `CITYSAFE_ARCHIVE_MAX_UNCOMPRESSED_MB`, `CITYSAFE_ARCHIVE_MAX_RATIO`);
   * the import worker's heap, time and how many run at once (`CITYSAFE_IMPORT_MEMORY_MB`,
   * `CITYSAFE_IMPORT_TIMEOUT_SECONDS`, `CITYSAFE_IMPORT_WORKERS`).
   */
  imports: ImportLimits;
  mqtt: {
    /** External broker (`MQTT_URL`); unset = embedded aedes broker on loopback. */
    url: string | null;
    port: number;
    host: string;
    /** Largest payload a device may publish to the embedded broker (`MQTT_MAX_PAYLOAD_KB`, default 256). */
    maxPayloadBytes: number;
    /** Publishes per second a device connection may sustain (`MQTT_PUBLISH_RATE`), with bursts up to `MQTT_PUBLISH_BURST`. */
    publishRate: number;
    publishBurst: number;
    /** How often connected devices' tokens are checked again (`MQTT_REVALIDATE_SECONDS`): a revoked token is cut off within this. */
    revalidateSeconds: number;
  };
  map: {
    tileUrl: string | null;
    tileCrs: 'wgs84' | 'gcj02';
    attribution: string | null;
    /** A PMTiles base map (`CITYSAFE_BASEMAP_PMTILES`); unset = `basemap.pmtiles` in the data folder, if there is one. */
    basemapPmtiles: string | null;
  };
  /**
   * Hosts (names or addresses, as written in the URL) that webhooks may reach although they are not
   * public: `CITYSAFE_WEBHOOK_ALLOW_HOSTS=robot-gw.intranet,10.1.2.3`. Every other loopback, private,
   * link-local or CGNAT address is refused when a webhook is saved and when it sends.
   */
  webhookAllowHosts: string[];
  /** The hour (0–23, Asia/Shanghai) at which the opted-in people's daily digests go out (`CITYSAFE_DIGEST_HOUR`, default 8). */
  digestHour: number;
  /** Logins per minute per address before 429. */
  loginRateLimit: number;
  /** Requests per minute per address on public endpoints. */
  publicRateLimit: number;
  jobsPollMs: number;
  /**
   * The key that signs the audit chain's checkpoints (`CITYSAFE_AUDIT_KEY`, at least 32 characters);
   * unset = a key file made in `dataDir`. Never stored in the database.
   */
  auditKey: string | null;
  /** How often the audit chain's head is checkpointed while rows are added (`CITYSAFE_AUDIT_CHECKPOINT_SECONDS`, default 60). */
  auditCheckpointMs: number;
  /**
   * The bounded queue in front of the embedded PGlite (one connection; not used on PostgreSQL):
   * API requests running at once (`CITYSAFE_PGLITE_MAX_ACTIVE`), waiting behind them
   * (`CITYSAFE_PGLITE_MAX_QUEUE`) and how long one may wait (`CITYSAFE_PGLITE_MAX_WAIT_MS`); beyond
   * that a request is answered 503 with `Retry-After: retryAfterSeconds`.
   */
  pgliteQueue: { maxActive: number; maxQueue: number; maxWaitMs: number; retryAfterSeconds: number };
  logLevel: string;
  webDist: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** An hour of the day; a value past 23 is refused at start-up rather than never sending. */
function digestHourOf(raw: string | undefined): number {
  const hour = int({ CITYSAFE_DIGEST_HOUR: raw }, 'CITYSAFE_DIGEST_HOUR', 8);
  if (hour > 23) throw new Error(`CITYSAFE_DIGEST_HOUR must be an hour from 0 to 23, got "${raw}"`);
  return hour;
}

function parseTrustProxy(raw: string | undefined): false | number | string[] {
  if (!raw || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw === 'true') throw new Error('CITYSAFE_TRUST_PROXY must name the proxies (addresses or CIDRs) or a hop count, not "true"');
  return raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

function auditKeyOf(raw: string | undefined): string | null {
  if (!raw) return null;
  // A short key could be guessed, and with it a forged checkpoint signed.
  if (raw.length < 32) throw new Error('CITYSAFE_AUDIT_KEY must be at least 32 characters (e.g. `openssl rand -hex 32`)');
  return raw;
}

/** Reads the configuration; throws with the variable's name when a value is malformed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.CITYSAFE_DATA_DIR || 'data');
  const s3 = env.CITYSAFE_S3_ENDPOINT
    ? {
        endpoint: env.CITYSAFE_S3_ENDPOINT,
        bucket: env.CITYSAFE_S3_BUCKET || 'citysafe',
        region: env.CITYSAFE_S3_REGION || 'us-east-1',
        accessKeyId: env.CITYSAFE_S3_ACCESS_KEY_ID || '',
        secretAccessKey: env.CITYSAFE_S3_SECRET_ACCESS_KEY || '',
      }
    : null;
  const crs = env.CITYSAFE_TILE_CRS || 'wgs84';
  if (crs !== 'wgs84' && crs !== 'gcj02') throw new Error(`CITYSAFE_TILE_CRS must be wgs84 or gcj02, got "${crs}"`);
  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 8080),
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    migrateUrl: env.DATABASE_URL ? env.DATABASE_MIGRATE_URL || null : null,
    adminPassword: env.CITYSAFE_ADMIN_PASSWORD || null,
    trustProxy: parseTrustProxy(env.CITYSAFE_TRUST_PROXY),
    publicUrl: env.CITYSAFE_PUBLIC_URL ? new URL(env.CITYSAFE_PUBLIC_URL).toString() : null,
    secureCookies: env.CITYSAFE_SECURE_COOKIES === 'true',
    passwordPolicy: {
      ...defaultPasswordPolicy,
      minLength: int(env, 'CITYSAFE_PASSWORD_MIN_LENGTH', defaultPasswordPolicy.minLength),
      maxFailedLogins: int(env, 'CITYSAFE_LOCKOUT_THRESHOLD', defaultPasswordPolicy.maxFailedLogins),
      maxFailedLoginsPerAccount: int(env, 'CITYSAFE_LOCKOUT_ACCOUNT_THRESHOLD', defaultPasswordPolicy.maxFailedLoginsPerAccount),
      lockoutMinutes: int(env, 'CITYSAFE_LOCKOUT_MINUTES', defaultPasswordPolicy.lockoutMinutes),
      sessionIdleMinutes: int(env, 'CITYSAFE_SESSION_IDLE_MINUTES', defaultPasswordPolicy.sessionIdleMinutes),
    },
    files: {
      maxBytes: int(env, 'CITYSAFE_MAX_UPLOAD_MB', 50) * 1024 * 1024,
      store: s3 ? 's3' : 'local',
      s3,
    },
    imports: {
      archive: {
        maxEntries: int(env, 'CITYSAFE_ARCHIVE_MAX_ENTRIES', defaultArchiveLimits.maxEntries),
        maxUncompressedBytes:
          int(env, 'CITYSAFE_ARCHIVE_MAX_UNCOMPRESSED_MB', defaultArchiveLimits.maxUncompressedBytes / 1024 / 1024) * 1024 * 1024,
        maxRatio: int(env, 'CITYSAFE_ARCHIVE_MAX_RATIO', defaultArchiveLimits.maxRatio),
      },
      workerMemoryMb: Math.max(16, int(env, 'CITYSAFE_IMPORT_MEMORY_MB', 128)),
      timeoutMs: int(env, 'CITYSAFE_IMPORT_TIMEOUT_SECONDS', 60) * 1000,
      concurrency: Math.max(1, int(env, 'CITYSAFE_IMPORT_WORKERS', 2)),
    },
    mqtt: {
      url: env.MQTT_URL || null,
      port: int(env, 'MQTT_PORT', 1883),
      host: env.MQTT_HOST || '127.0.0.1',
      maxPayloadBytes: int(env, 'MQTT_MAX_PAYLOAD_KB', 256) * 1024,
      publishRate: int(env, 'MQTT_PUBLISH_RATE', 20),
      publishBurst: int(env, 'MQTT_PUBLISH_BURST', 100),
      revalidateSeconds: int(env, 'MQTT_REVALIDATE_SECONDS', 30),
    },
    map: {
      tileUrl: env.CITYSAFE_TILE_URL || null,
      tileCrs: crs,
      attribution: env.CITYSAFE_TILE_ATTRIBUTION || null,
      basemapPmtiles: env.CITYSAFE_BASEMAP_PMTILES ? path.resolve(env.CITYSAFE_BASEMAP_PMTILES) : null,
    },
    webhookAllowHosts: (env.CITYSAFE_WEBHOOK_ALLOW_HOSTS ?? '')
      .split(',')
      .map((h) =>
        h
          .trim()
          .replace(/^\[|\]$/g, '')
          .toLowerCase(),
      )
      .filter(Boolean),
    digestHour: digestHourOf(env.CITYSAFE_DIGEST_HOUR),
    loginRateLimit: int(env, 'CITYSAFE_LOGIN_RATE_LIMIT', 20),
    publicRateLimit: int(env, 'CITYSAFE_PUBLIC_RATE_LIMIT', 300),
    jobsPollMs: int(env, 'CITYSAFE_JOBS_POLL_MS', 2000),
    auditKey: auditKeyOf(env.CITYSAFE_AUDIT_KEY),
    auditCheckpointMs: Math.max(1, int(env, 'CITYSAFE_AUDIT_CHECKPOINT_SECONDS', 60)) * 1000,
    pgliteQueue: {
      // Measured with 50 clients (README): 2 running and 8 waiting keep p99 under a second; 4 and 16
      // already let requests wait past 10 s, because PGlite serves one at a time whatever runs.
      maxActive: Math.max(1, int(env, 'CITYSAFE_PGLITE_MAX_ACTIVE', 2)),
      maxQueue: int(env, 'CITYSAFE_PGLITE_MAX_QUEUE', 8),
      maxWaitMs: int(env, 'CITYSAFE_PGLITE_MAX_WAIT_MS', 3000),
      retryAfterSeconds: 1,
    },
    logLevel: env.LOG_LEVEL || 'info',
    webDist: path.resolve(env.CITYSAFE_WEB_DIST || path.join(import.meta.dirname, '../../../web/dist')),
  };
}
