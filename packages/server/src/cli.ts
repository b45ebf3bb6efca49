import { parseArgs } from 'node:util';
import { checkPassword } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import { createPlatform, loadConfig, startServer } from './index.js';
import { users } from './modules/identity/identity.tables.js';
import { createUser, resetPassword } from './modules/identity/users.service.js';
import { systemActor } from './platform/actor.js';
import { verifyAuditChain } from './platform/audit.js';
import { lockDataDir } from './platform/datadir-lock.js';
import { migrate, openDatabase, type Database } from './platform/db.js';
import { orgs } from './modules/identity/identity.tables.js';

const usage = `CitySafe 城安 — 用法 / usage: npx citysafe <command>

  start                         启动平台 / start the platform (HOST, PORT, CITYSAFE_DATA_DIR, DATABASE_URL)
  migrate                       执行数据库迁移 / apply database migrations
  user create --username U --password P --name N --org ORGCODE --role ROLE[,ROLE]
                                新建用户 / create a user
  user reset-password --username U --password P
                                重置密码（下次登录须修改）/ reset a password (must change at next login)
  audit verify                  校验审计日志哈希链 / verify the audit log's hash chain
`;

/** Opens the configured database alone (no HTTP, no MQTT) for the maintenance commands. */
async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  const database = await openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir });
  try {
    await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
    release();
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
      case 'migrate':
        await withDatabase(async () => undefined);
        console.log('数据库迁移完成 / migrations applied');
        return 0;
      case 'audit': {
        if (sub !== 'verify') break;
        const report = await withDatabase((d) => verifyAuditChain(d.db));
        if (report.ok) {
          console.log(`审计链完整 / audit chain intact: ${report.rows} rows`);
          return 0;
        }
        console.error(`审计链断裂 / audit chain broken at row ${report.firstBrokenId}: ${report.reason}`);
        return 2;
      }
      case 'user': {
        const { values } = parseArgs({
          args: argv.slice(2),
          options: { username: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' }, role: { type: 'string' } },
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
            const [user] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${values.username!})`);
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
