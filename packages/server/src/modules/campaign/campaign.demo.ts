import { campaign as plan } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import { storeFile } from '../../platform/files.service.js';
import type { Platform } from '../../platform/platform.js';
import type { DemoCounts } from '../../platform/module.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { campaignAssignments, campaigns, campaignTasks } from './campaign.tables.js';
import { createCampaign, performAssignmentAction, requestExtension } from './campaign.service.js';
import { createFinding, getScoring, seedScoring } from './scoring.service.js';
import { issueSupervision } from './supervision.service.js';

export const DEMO_CAMPAIGN_TITLE = '国家安全发展示范城市复评创建（2026—2027）';

/**
 * A campaign in mid-course: the seed plan moved six years on (so its dates fall around today),
 * with some parts accepted, some submitted, one returned, one extension awaiting a decision, a
 * 督办 notice outstanding, the parts whose deadline has passed overdue, and the self-scoring tree
 * with the first self-check's findings. Every step goes
 * through the services as the demo user of the unit, so timelines and the audit log read true.
 */
export async function fillCampaignDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const [existing] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.title, DEMO_CAMPAIGN_TITLE));
  if (existing) return { campaigns: 0 };
  const as = async (username: string): Promise<Actor> => {
    const [u] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = ${username}`);
    return (await loadUserActor(db, u!.id, { via: 'session', sessionId: null, csrfToken: null, ip: null })) ?? systemActor;
  };
  const office = await as('awb');
  const units: Record<string, Actor> = {
    YJGLJ: await as('yjglj'),
    JTYSJ: await as('jtysj'),
    XZJB: await as('xzjb'),
    XHJB: await as('xhjb'),
  };
  const c = await createCampaign(platform, office, { title: DEMO_CAMPAIGN_TITLE, planningYear: 2030, shiftYears: 6, orgMapping: {} });

  const part = async (seq: number, orgCode: string) => {
    const [row] = await db
      .select({ id: campaignAssignments.id, taskId: campaignTasks.id })
      .from(campaignAssignments)
      .innerJoin(campaignTasks, eq(campaignTasks.id, campaignAssignments.taskId))
      .innerJoin(orgs, eq(orgs.id, campaignAssignments.orgId))
      .where(sql`${campaignTasks.campaignId} = ${c.id} and ${campaignTasks.seq} = ${seq} and ${orgs.code} = ${orgCode}`);
    return row!;
  };
  const act = async (seq: number, orgCode: string, action: string, input: object = {}) => {
    const p = await part(seq, orgCode);
    const actor = action === 'report' || action === 'submit' ? units[orgCode]! : office;
    await performAssignmentAction(platform, actor, p.id, action, input);
    return p;
  };
  const progress = (text: string, percent: number, fileIds: string[] = []) => ({ text, percent, indicatorValues: [], fileIds });
  // 佐证资料: an accepted part earns its share of the self-score only with evidence attached (已佐证得分).
  const evidence = async (orgCode: string, name: string) => {
    const bytes = Buffer.from(`%PDF-1.4\n% ${name}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
    return [(await storeFile(platform, units[orgCode]!, `${name}.pdf`, bytes)).id];
  };

  await act(
    79,
    'YJGLJ',
    'submit',
    progress(
      '重大危险源安全监测监控系统已建成并接入平台，3 家危化企业完成安全仪表系统改造。',
      100,
      await evidence('YJGLJ', '监测监控系统验收报告'),
    ),
  );
  await act(79, 'YJGLJ', 'accept');
  await act(81, 'YJGLJ', 'report', progress('城市安全智库专家名单已初步确定，知识库、案例库正在整理。', 60));
  await act(
    35,
    'JTYSJ',
    'submit',
    progress(
      '辖区长途客运、旅游客车、危险物品运输车辆已全部安装防碰撞和智能视频监控报警装置。',
      100,
      await evidence('JTYSJ', '重点车辆智能监控装置安装台账'),
    ),
  );
  await act(35, 'JTYSJ', 'accept');
  await act(38, 'JTYSJ', 'report', progress('已委托检测单位对辖区 12 座桥梁开展技术状况检测。', 50));
  const bridges = await part(38, 'JTYSJ');
  const soon = plan.shanghaiDateOf(new Date(platform.clock.now().getTime() + 45 * 86_400_000));
  await requestExtension(platform, units.JTYSJ!, bridges.id, { requestedEnd: soon, reason: '检测单位排期至下月，需顺延完成隐患整改。' });
  await act(
    40,
    'JTYSJ',
    'submit',
    progress('老旧房屋安全隐患排查完成，建立台账 236 处，整改完成 236 处。', 100, await evidence('JTYSJ', '老旧房屋隐患整改台账')),
  );
  await act(40, 'JTYSJ', 'accept');
  await act(40, 'XZJB', 'submit', progress('新筑街办完成辖区老旧房屋排查，整改 41 处。', 100));
  await act(
    64,
    'XZJB',
    'submit',
    progress('已建立街办安全监管执法队伍，派驻执法人员 6 名。', 100, await evidence('XZJB', '派驻执法人员名单')),
  );
  await act(64, 'XZJB', 'accept');
  await act(64, 'XHJB', 'submit', progress('正在推进执法力量下沉。', 80));
  await act(64, 'XHJB', 'return', { reason: '缺少派驻执法人员名单和委托执法文书，请补充佐证资料。' });
  // Parts of the tasks that serve the finer scoring items, accepted with evidence while their co-units work on.
  const finished: [number, string, string, string][] = [
    [7, 'YJGLJ', '重点建设项目安全预评价已全部完成并通过评审。', '建设项目安全预评价评审意见'],
    [11, 'JTYSJ', '主干道中央隔离设施和学校周边交通安全设施已完成设置。', '道路交通安全设施验收记录'],
    [12, 'JTYSJ', '下穿通道和低洼路段排涝设施已按标准改造完成。', '排涝设施改造验收记录'],
    [19, 'YJGLJ', '危化品重大危险源企业视频和安全监控系统安装率达 100%。', '危化品企业监控系统安装台账'],
  ];
  for (const [seq, orgCode, text, file] of finished) {
    await act(seq, orgCode, 'submit', progress(text, 100, await evidence(orgCode, file)));
    await act(seq, orgCode, 'accept');
  }
  const late = await part(42, 'XHJB');
  await issueSupervision(platform, office, late.taskId, {
    orgId: (await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'XHJB')))[0]!.id,
    content: '群租房安全专项整治已超过完成时限，请立即组织整治并报送整治台账。',
    responseDue: plan.shanghaiDateOf(new Date(platform.clock.now().getTime() + 5 * 86_400_000)),
  });
  // 自评: the seed scoring tree, and what the first self-check found.
  await seedScoring(db, office, c.id);
  const tree = await getScoring(db, office, c.id);
  const itemId = (code: string) => tree.items.find((i) => i.code === code)!.id;
  await createFinding(db, office, c.id, {
    itemId: itemId('(3)'),
    source: 'self',
    description: '尚未出台游乐设施、垃圾填埋场（渣土受纳场）安全管理办法',
    count: 2,
    pointsCenti: null,
  });
  await createFinding(db, office, c.id, {
    itemId: itemId('(1)'),
    source: 'expert',
    description: '排水防涝专项规划未组织专家论证评审',
    count: 1,
    pointsCenti: null,
  });
  return { campaigns: 1 };
}
