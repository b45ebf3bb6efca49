import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkPassword } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import { type Config, createPlatform, fileStoreFor, loadConfig, migrateAsOwner, startServer } from './index.js';
import { createUser, DEMO_PASSWORD, demoUserSummary, orgs, resetPassword, users } from './modules/identity/index.js';
import { simulateCommand } from './modules/monitoring/index.js';
import { allTables, fillDemo, serverModules } from './modules.js';
import { systemActor } from './platform/actor.js';
import type { ChainReport } from './platform/audit.js';
import { type AnchoredChainReport, checkpointFileOf, checkpointKey, verifyAudit } from './platform/audit-checkpoint.js';
import { backup, restore } from './platform/backup.js';
import { recordBackup } from './platform/health-widget.js';
import { lockDataDir } from './platform/datadir-lock.js';
import { openDatabase, type Database } from './platform/db.js';

const usage = `CitySafe 城安 — 用法 / usage: npx citysafe <command>

  start                         启动平台 / start the platform (HOST, PORT, CITYSAFE_DATA_DIR, DATABASE_URL)
  migrate                       执行数据库迁移 / apply database migrations
  user create --username U --password P --name N --org ORGCODE --role ROLE[,ROLE]
                                新建用户 / create a user
  user reset-password --username U --password P
                                重置密码（下次登录须修改）/ reset a password (must change at next login)
  audit verify                  校验审计日志哈希链及签名检查点 / verify the audit log's hash chain against its signed checkpoints
  backup <file>                 备份数据库和附件到一个文件 / back up the database and attachments to a file
  restore <file>                从备份恢复到空数据库 / restore a backup into an empty database
  demo                          写入演示数据（可重复执行）/ fill in demonstration data (safe to repeat)
  simulate [--scenario gas-leak|water-burst|crowd-surge|tank-level|normal] [--devices N] [--rate R]
           [--duration S] [--url mqtt://…] [--token T]
                                以 MQTT 驱动演示监测设备 / drive the demo's monitoring devices over MQTT
`;

/**
 * Opens the configured database alone (no HTTP, no MQTT) for the maintenance commands. The data
 * directory lock makes them refuse to run beside a server on the same embedded database.
 * Backup and restore handle migrations themselves (`migrate: false`): a backup records the schema
 * as it is, and a restore migrates to the backup's schema first.
 */
async function withDatabase<T>(
  fn: (database: Database, config: Config) => Promise<T>,
  options: { migrate?: boolean; asOwner?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  // Restores write the schema and every table: the owner's work (DATABASE_MIGRATE_URL) when there are two roles.
  const url = (options.asOwner ? config.migrateUrl : null) ?? config.databaseUrl;
  try {
    const database = await openDatabase(url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: config.dataDir });
    try {
      if (options.migrate !== false) await migrateAsOwner(config, database);
      return await fn(database, config);
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Terminal columns a string takes: CJK characters are two wide. */
const width = (s: string): number =>
  [...s].reduce(
    (n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1),
    0,
  );
const pad = (s: string, columns: number): string => s + ' '.repeat(Math.max(1, columns - width(s)));

async function runBackup(file: string): Promise<number> {
  const target = path.resolve(file);
  const started = Date.now();
  console.log(`正在备份 / backing up to ${target}`);
  const report = await withDatabase(
    async (database, config) => {
      const written = await backup(database, allTables, fileStoreFor(config), target, (line) => console.log(line), {
        checkpointFile: checkpointFileOf(config),
      });
      // After the file is complete: the administrator's 工作台 shows the age of the last good backup.
      await recordBackup(database.db, target);
      return written;
    },
    { migrate: false },
  );
  console.log(`备份完成 / backup written: ${total(report.rows)} 行 / rows, ${report.files} 个附件 / files, ${seconds(started)}`);
  return 0;
}

async function runRestore(file: string): Promise<number> {
  const source = path.resolve(file);
  const started = Date.now();
  console.log(`正在恢复 / restoring from ${source}`);
  const report = await withDatabase(
    (database, config) =>
      restore(database, allTables, fileStoreFor(config), source, (line) => console.log(line), {
        checkpoints: { file: checkpointFileOf(config), key: checkpointKey(config) },
      }),
    { migrate: false, asOwner: true },
  );
  console.log(`恢复完成 / restored: ${total(report.rows)} 行 / rows, ${report.files} 个附件 / files, ${seconds(started)}`);
  return printChain(report.audit);
}

/** Prints a chain report; exit code 2 when the chain is broken, cut short, re-chained or a checkpoint is forged. */
function printChain(report: ChainReport | AnchoredChainReport): number {
  if (!report.ok) {
    console.error(`审计链断裂 / audit chain broken at row ${report.firstBrokenId}: ${report.reason}`);
    return 2;
  }
  const checkpoints =
    'checkpoints' in report
      ? report.checkpoints.latest
        ? `, ${report.checkpoints.count} 个签名检查点相符 / signed checkpoints match (latest: row ${report.checkpoints.latest.id} at ${report.checkpoints.latest.at})`
        : ', 尚无签名检查点 / no signed checkpoint yet'
      : '';
  console.log(`审计链完整 / audit chain intact: ${report.rows} rows${checkpoints}`);
  return 0;
}

async function runDemo(): Promise<number> {
  const running = await createPlatform({ config: loadConfig(), mqtt: false, jobs: false });
  try {
    const { platform, firstAdmin } = running;
    const created = await fillDemo(platform);
    console.log(`演示数据已就绪 / demo data ready (database: ${platform.database.kind})`);
    console.log('本次新增 / added now:');
    for (const m of serverModules) {
      const counts = Object.entries(created[m.domain.key] ?? {}).map(([kind, n]) => `${kind} ${n}`);
      if (counts.length > 0) console.log(`  ${pad(m.domain.name.zh, 12)}${counts.join(', ')}`);
    }
    console.log('\n' + pad('用户名 username', 18) + pad('角色 role', 30) + '机构 org');
    for (const user of await demoUserSummary(platform.db)) {
      console.log(pad(user.username, 18) + pad(`${user.role} ${user.roleName}`, 30) + user.org);
    }
    console.log(`\n演示用户的密码（均相同，无须修改）/ password of every demo user (no change required):\n\n    ${DEMO_PASSWORD}\n`);
    if (firstAdmin.generatedPassword) {
      console.log(
        `管理员 admin 的初始密码（首次登录须修改）/ initial password of admin (must be changed): ${firstAdmin.generatedPassword}`,
      );
    }
    return 0;
  } finally {
    await running.close();
  }
}

async function start(): Promise<number> {
  const server = await startServer({}, { logger: { level: process.env.LOG_LEVEL || 'info' } });
  const { firstAdmin, platform } = server;
  console.log(`CitySafe 城安 已启动 / running at ${server.url}  (database: ${platform.database.kind}, data: ${platform.config.dataDir})`);
  if (server.mqtt) console.log(`MQTT: ${server.mqtt.url}`);
  if (firstAdmin.generatedPassword) {
    console.log(
      `\n首次启动：管理员 admin 的初始密码（仅显示一次，首次登录须修改）/ first start: initial password of admin (shown once, must be changed):\n\n    ${firstAdmin.generatedPassword}\n\n已写入 / also written to ${firstAdmin.passwordFile} (mode 0600)\n`,
    );
  }
  const stop = async (signal: string) => {
    console.log(`${signal}: 正在停止 / stopping…`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return new Promise<number>(() => undefined);
}

export async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  try {
    switch (command) {
      case 'start':
        return await start();
      case 'backup':
        if (!sub) break;
        return await runBackup(sub);
      case 'restore':
        if (!sub) break;
        return await runRestore(sub);
      case 'demo':
        return await runDemo();
      case 'simulate':
        return await simulateCommand(argv.slice(1), process.env);
      case 'migrate':
        await withDatabase(async () => undefined);
        console.log('数据库迁移完成 / migrations applied');
        return 0;
      case 'audit': {
        if (sub !== 'verify') break;
        return printChain(await withDatabase((d, config) => verifyAudit(d.db, config)));
      }
      case 'user': {
        const { values } = parseArgs({
          args: argv.slice(2),
          options: {
            username: { type: 'string' },
            password: { type: 'string' },
            name: { type: 'string' },
            org: { type: 'string' },
            role: { type: 'string' },
          },
        });
        if (!values.username || !values.password) break;
        const config = loadConfig();
        if (sub === 'create') {
          if (!values.org || !values.role) break;
          await withDatabase(async ({ db }) => {
            const [org] = await db.select().from(orgs).where(eq(orgs.code, values.org!));
            if (!org) throw new Error(`没有编码为 ${values.org} 的机构 / no org with code ${values.org}`);
            await createUser(db, systemActor, config.passwordPolicy, {
              username: values.username!,
              password: values.password!,
              displayName: values.name ?? values.username!,
              orgId: org.id,
              roles: values.role!.split(','),
              mustChangePassword: true,
            });
          });
          console.log(`已创建用户 / created user ${values.username}`);
          return 0;
        }
        if (sub === 'reset-password') {
          const problem = checkPassword(values.password, config.passwordPolicy, values.username);
          if (problem) throw new Error(`${problem.zh} / ${problem.en}`);
          await withDatabase(async ({ db }) => {
            const [user] = await db
              .select()
              .from(users)
              .where(sql`lower(${users.username}) = lower(${values.username!})`);
            if (!user) throw new Error(`用户不存在 / no user ${values.username}`);
            await resetPassword(db, systemActor, config.passwordPolicy, user.id, values.password!);
          });
          console.log(`已重置密码 / password reset for ${values.username}`);
          return 0;
        }
        break;
      }
    }
    console.error(usage);
    return 64;
  } catch (err) {
    const e = err as Error & { bilingual?: { zh: string; en: string }; fields?: { field: string; message: { zh: string } }[] };
    const detail = e.fields?.map((f) => `${f.field}: ${f.message.zh}`).join('; ');
    console.error(e.bilingual ? `${e.bilingual.zh} / ${e.bilingual.en}${detail ? ` (${detail})` : ''}` : e.message);
    return 1;
  }
}

export { createPlatform };
