import path from 'node:path';
import { defaultPasswordPolicy, type PasswordPolicy } from '@citysafe/domain';

/** Everything the platform reads from the environment, parsed once at start-up. */
export interface Config {
  host: string;
  port: number;
  /** Where PGlite, attachments and the lock live (`CITYSAFE_DATA_DIR`, default ./data). */
  dataDir: string;
  /** PostgreSQL + PostGIS in production; unset = embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
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
  mqtt: {
    /** External broker (`MQTT_URL`); unset = embedded aedes broker on loopback. */
    url: string | null;
    port: number;
    host: string;
  };
  map: { tileUrl: string | null; tileCrs: 'wgs84' | 'gcj02'; attribution: string | null };
  /** Logins per minute per address before 429. */
  loginRateLimit: number;
  /** Requests per minute per address on public endpoints. */
  publicRateLimit: number;
  jobsPollMs: number;
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

function parseTrustProxy(raw: string | undefined): false | number | string[] {
  if (!raw || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw === 'true') throw new Error('CITYSAFE_TRUST_PROXY must name the proxies (addresses or CIDRs) or a hop count, not "true"');
  return raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
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
    adminPassword: env.CITYSAFE_ADMIN_PASSWORD || null,
    trustProxy: parseTrustProxy(env.CITYSAFE_TRUST_PROXY),
    publicUrl: env.CITYSAFE_PUBLIC_URL ? new URL(env.CITYSAFE_PUBLIC_URL).toString() : null,
    secureCookies: env.CITYSAFE_SECURE_COOKIES === 'true',
    passwordPolicy: {
      ...defaultPasswordPolicy,
      minLength: int(env, 'CITYSAFE_PASSWORD_MIN_LENGTH', defaultPasswordPolicy.minLength),
      maxFailedLogins: int(env, 'CITYSAFE_LOCKOUT_THRESHOLD', defaultPasswordPolicy.maxFailedLogins),
      lockoutMinutes: int(env, 'CITYSAFE_LOCKOUT_MINUTES', defaultPasswordPolicy.lockoutMinutes),
      sessionIdleMinutes: int(env, 'CITYSAFE_SESSION_IDLE_MINUTES', defaultPasswordPolicy.sessionIdleMinutes),
    },
    files: {
      maxBytes: int(env, 'CITYSAFE_MAX_UPLOAD_MB', 50) * 1024 * 1024,
      store: s3 ? 's3' : 'local',
      s3,
    },
    mqtt: {
      url: env.MQTT_URL || null,
      port: int(env, 'MQTT_PORT', 1883),
      host: env.MQTT_HOST || '127.0.0.1',
    },
    map: {
      tileUrl: env.CITYSAFE_TILE_URL || null,
      tileCrs: crs,
      attribution: env.CITYSAFE_TILE_ATTRIBUTION || null,
    },
    loginRateLimit: int(env, 'CITYSAFE_LOGIN_RATE_LIMIT', 20),
    publicRateLimit: int(env, 'CITYSAFE_PUBLIC_RATE_LIMIT', 300),
    jobsPollMs: int(env, 'CITYSAFE_JOBS_POLL_MS', 2000),
    logLevel: env.LOG_LEVEL || 'info',
    webDist: path.resolve(env.CITYSAFE_WEB_DIST || path.join(import.meta.dirname, '../../../web/dist')),
  };
}
