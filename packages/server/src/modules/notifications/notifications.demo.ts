import { eq, and, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { orgs, users } from '../identity/index.js';
import { notifications } from './notifications.tables.js';
import { notify, pushNotifications } from './notifications.service.js';

interface DemoNotice {
  title: string;
  body: string;
}

/** What the notification centre of `admin` and of the 安委办 user shows. */
const demoNotices: DemoNotice[] = [
  {
    title: '欢迎使用城安平台（演示数据）',
    body: '已载入演示数据：新筑街办、新合街办的社区与网格，物流、危化品仓储、建筑工地、商场等企业，以及每个角色的演示账号。',
  },
  {
    title: '新筑街办：本周网格巡查发现隐患 3 处，已全部交办',
    body: '陆港社区第一网格 2 处（消防通道堵塞、电动车违规充电），新筑社区第二网格 1 处（临时用电不规范），整改期限 7 日。',
  },
  {
    title: '港安化工仓储：危险化学品重大危险源备案材料待审核',
    body: '西安港安化工仓储有限公司已提交储罐区重大危险源辨识与分级材料，请应急管理局组织审核。',
  },
  {
    title: '气象提示：明日午后有 6–7 级大风',
    body: '请督促各建筑工地停止高处作业和吊装作业，加固塔吊与临时设施，物流堆场做好集装箱防风。',
  },
];

/**
 * Leaves a few notifications for `admin` and the demo 安委办 user (made by the identity demo before
 * this one). Idempotent by title.
 */
export async function fillNotificationsDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  let created = 0;
  const [awb] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'AWB'));
  const recipients = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) in ('admin', 'awb')`);
  for (const notice of demoNotices) {
    const rows = await db.transaction(async (tx) => {
      const missing: string[] = [];
      for (const r of recipients) {
        const [had] = await tx
          .select({ id: notifications.id })
          .from(notifications)
          .where(and(eq(notifications.userId, r.id), eq(notifications.kind, 'demo'), eq(notifications.title, notice.title)));
        if (!had) missing.push(r.id);
      }
      if (missing.length === 0) return [];
      const sent = await notify(tx, platform, missing, { kind: 'demo', title: notice.title, body: notice.body, orgId: awb!.id });
      await audit(tx, systemActor, {
        action: 'notification.send',
        entityType: 'notification',
        after: { title: notice.title, recipients: sent.length },
      });
      return sent;
    });
    created += rows.length;
    await pushNotifications(platform, rows);
  }

  return { notifications: created };
}
