import { monitoring } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { now } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { createWarning, performWarningAction } from './warning.service.js';
import { monitoringWarnings } from './warning.tables.js';

async function demoActor(platform: Platform, username: string): Promise<Actor | null> {
  const [u] = await platform.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = ${username}`);
  return u ? loadUserActor(platform.db, u.id, { via: 'session', sessionId: null, csrfToken: null, ip: null }) : null;
}

/**
 * WARNINGS' demonstration: a blue rainstorm warning for 新筑街办, drafted by 应急管理局 and approved by 安委办 (so the
 * public page, the CAP document and the Atom feed have something to show), and a yellow gas-network warning for
 * 新合街办 awaiting approval (安委办's 待办). Through the services, so every step is audited. Skipped once any warning
 * exists, or without the demo's users.
 */
export async function fillWarningDemo(platform: Platform): Promise<DemoCounts> {
  const [any] = await platform.db.select({ id: monitoringWarnings.id }).from(monitoringWarnings).limit(1);
  const drafter = await demoActor(platform, 'yjglj');
  const approver = await demoActor(platform, 'awb');
  if (any || !drafter || !approver) return {};
  const street = async (code: string) => (await platform.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, code)))[0]?.id;
  const [xz, xh] = [await street('XZJB'), await street('XHJB')];
  if (!xz || !xh) return {};
  const at = now(platform.db);
  const hours = (n: number) => new Date(at.getTime() + n * 3_600_000).toISOString();
  const content = (c: Partial<monitoring.WarningContent>) => monitoring.warningContent.parse({ ...c });
  const rain = await createWarning(
    platform,
    drafter,
    content({
      type: 'weather',
      level: 'blue',
      headline: '港务区暴雨蓝色预警',
      description: '受强降雨云团影响，预计未来12小时内新筑街道累计降雨量将达50毫米以上，局地伴有雷电和短时大风。',
      instruction: '做好防暴雨准备，检查排水设施；危化品企业、在建工地加强巡查，低洼地带人员注意防范积水。',
      audience: '新筑街道辖区企业、工地和居民',
      streetIds: [xz],
      onset: at.toISOString(),
      expires: hours(36),
      channels: ['app', 'public', 'sms'],
    }),
  );
  await performWarningAction(platform, drafter, rain.id, 'submit', {});
  await performWarningAction(platform, approver, rain.id, 'approve', {});
  const gas = await createWarning(
    platform,
    drafter,
    content({
      type: 'lifeline',
      level: 'yellow',
      headline: '新合街道燃气管网压力异常黄色预警',
      description: '新合街道中压燃气管网多个监测点压力持续偏低，存在泄漏风险，燃气公司正在排查。',
      instruction: '沿线单位和居民发现燃气异味立即关闭阀门、开窗通风，严禁明火，并拨打燃气抢修电话。',
      audience: '新合街道燃气管网沿线单位和居民',
      streetIds: [xh],
      expires: hours(24),
      channels: ['app', 'robot', 'public'],
    }),
  );
  await performWarningAction(platform, drafter, gas.id, 'submit', {});
  return { warnings: 2 };
}
