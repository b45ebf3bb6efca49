import { AppError, api, bi, defaultRoles, orgLabel, type OrgType } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import type { DemoCounts } from '../../platform/module.js';
import { orgs, users } from './identity.tables.js';
import { createOrg, updateOrg } from './orgs.service.js';
import { createUser } from './users.service.js';

/** The password of every demo user (never of `admin`): demo data is for trying the platform out. */
export const DEMO_PASSWORD = 'CitySafe-Demo#2026';

interface DemoOrg {
  code: string;
  name: string;
  shortName?: string;
  type: OrgType;
  parentCode: string;
  aliases?: string[];
  /** 15 digits per GB/T 30428: 610111 (灞桥区) + street (3) + community (3) + sequence (3). */
  gridCode?: string;
  note?: string;
  /** WGS-84 longitude and latitude. */
  at: [number, number];
}

/*
 * A plausible district around the port (109.06E 34.37N, in 灞桥区). Community, grid and
 * enterprise names are invented for the demonstration and name no real body; the street segments
 * of the grid codes (010 新筑, 011 新合) are illustrative, not the official township codes.
 */
const demoOrgs: DemoOrg[] = [
  { code: 'XZJB-C01', name: '新筑社区', type: 'community', parentCode: 'XZJB', at: [109.0835, 34.3962] },
  {
    code: 'XZJB-C01-G01',
    name: '新筑社区第一网格',
    type: 'grid',
    parentCode: 'XZJB-C01',
    gridCode: '610111010001001',
    at: [109.0812, 34.3978],
  },
  {
    code: 'XZJB-C01-G02',
    name: '新筑社区第二网格',
    type: 'grid',
    parentCode: 'XZJB-C01',
    gridCode: '610111010001002',
    at: [109.0861, 34.3949],
  },
  { code: 'XZJB-C02', name: '陆港社区', type: 'community', parentCode: 'XZJB', at: [109.0716, 34.3884] },
  {
    code: 'XZJB-C02-G01',
    name: '陆港社区第一网格',
    type: 'grid',
    parentCode: 'XZJB-C02',
    gridCode: '610111010002001',
    at: [109.0698, 34.3897],
  },
  {
    code: 'XZJB-C02-G02',
    name: '陆港社区第二网格',
    type: 'grid',
    parentCode: 'XZJB-C02',
    gridCode: '610111010002002',
    at: [109.0741, 34.3869],
  },
  { code: 'XHJB-C01', name: '新合社区', type: 'community', parentCode: 'XHJB', at: [109.0468, 34.3552] },
  {
    code: 'XHJB-C01-G01',
    name: '新合社区第一网格',
    type: 'grid',
    parentCode: 'XHJB-C01',
    gridCode: '610111011001001',
    at: [109.0449, 34.3571],
  },
  {
    code: 'XHJB-C01-G02',
    name: '新合社区第二网格',
    type: 'grid',
    parentCode: 'XHJB-C01',
    gridCode: '610111011001002',
    at: [109.0493, 34.3536],
  },
  { code: 'XHJB-C02', name: '保税社区', type: 'community', parentCode: 'XHJB', at: [109.0587, 34.3618] },
  {
    code: 'XHJB-C02-G01',
    name: '保税社区第一网格',
    type: 'grid',
    parentCode: 'XHJB-C02',
    gridCode: '610111011002001',
    at: [109.0571, 34.3633],
  },
  {
    code: 'QY-GTWL',
    name: '西安港通物流有限公司',
    shortName: '港通物流',
    type: 'enterprise',
    parentCode: 'XZJB-C02-G01',
    note: '物流仓储企业：公路货运、集装箱堆场（演示数据）',
    at: [109.0689, 34.3905],
  },
  {
    code: 'QY-GAHG',
    name: '西安港安化工仓储有限公司',
    shortName: '港安化工仓储',
    type: 'enterprise',
    parentCode: 'XHJB-C01-G02',
    note: '危险化学品仓储企业：甲乙类仓库、储罐区（演示数据）',
    at: [109.0512, 34.3521],
  },
  {
    code: 'QY-BSEQ',
    name: '西安陆港建设工程有限公司保税区二期项目部',
    shortName: '保税区二期工地',
    type: 'enterprise',
    parentCode: 'XHJB',
    aliases: ['保税区二期项目'],
    note: '建筑施工工地：深基坑、塔吊、高处作业（演示数据）',
    at: [109.0603, 34.3647],
  },
  {
    code: 'QY-WLGC',
    name: '西安港务区万隆购物中心',
    shortName: '万隆购物中心',
    type: 'enterprise',
    parentCode: 'XZJB-C01',
    note: '人员密集场所：大型商场（演示数据）',
    at: [109.0848, 34.3931],
  },
];

/** Seed orgs the demo places on the map too (the seed tree has no locations). */
const seedLocations: Record<string, [number, number]> = {
  XZJB: [109.0792, 34.3921],
  XHJB: [109.0514, 34.3587],
};

interface DemoUser {
  username: string;
  displayName: string;
  role: string;
  orgCode: string;
}

/** One person per role; `admin` exists from the first start. */
const demoUsers: DemoUser[] = [
  { username: 'awb', displayName: '王立新', role: 'safety_office', orgCode: 'AWB' },
  { username: 'yjglj', displayName: '张海涛', role: 'department', orgCode: 'YJGLJ' },
  { username: 'jtysj', displayName: '李文博', role: 'department', orgCode: 'JTYSJ' },
  { username: 'xzjb', displayName: '赵婷', role: 'street', orgCode: 'XZJB' },
  { username: 'xhjb', displayName: '孙浩', role: 'street', orgCode: 'XHJB' },
  { username: 'wgy_xz01', displayName: '陈磊', role: 'grid_member', orgCode: 'XZJB-C01-G01' },
  { username: 'wgy_xh01', displayName: '周静', role: 'grid_member', orgCode: 'XHJB-C01-G01' },
  { username: 'qy_gahg', displayName: '吴强', role: 'enterprise', orgCode: 'QY-GAHG' },
  { username: 'zj_liu', displayName: '刘振华', role: 'expert', orgCode: 'AWB' },
  { username: 'zbs', displayName: '郑宇', role: 'duty_officer', orgCode: 'YJGLJ' },
];

export interface DemoUserSummary {
  username: string;
  displayName: string;
  role: string;
  /** The role's Chinese name, for the table printed by `citysafe demo`. */
  roleName: string;
  org: string;
}

async function orgByCode(db: Db, code: string) {
  const [row] = await db.select().from(orgs).where(eq(orgs.code, code));
  return row ?? null;
}

async function requireOrg(db: Db, code: string) {
  const row = await orgByCode(db, code);
  if (!row) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        `缺少机构 ${code}：演示数据需要初始组织机构（请先启动一次平台）`,
        `Org ${code} is missing: the demo needs the seed org tree (start the platform once first)`,
      ),
    );
  }
  return row;
}

/** Puts an org on the map once, through the org service (validated and audited). */
async function placeOrg(db: Db, orgId: string, location: [number, number]): Promise<void> {
  const [org] = await db.select({ location: orgs.location }).from(orgs).where(eq(orgs.id, orgId));
  if (org && !org.location) await updateOrg(db, systemActor, orgId, { location });
}

/**
 * The identity part of the demonstration district: communities, grids and enterprises under
 * 新筑街办 and 新合街办, placed on the map, and one user per role with {@link DEMO_PASSWORD}.
 * Everything goes through the services, so it is validated and audited. Idempotent: what already
 * exists (by org code, username) is left alone.
 */
export async function fillIdentityDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const created = { orgs: 0, users: 0 };

  for (const [code, at] of Object.entries(seedLocations)) await placeOrg(db, (await requireOrg(db, code)).id, at);
  for (const [i, o] of demoOrgs.entries()) {
    let org = await orgByCode(db, o.code);
    if (!org) {
      const parent = await requireOrg(db, o.parentCode);
      const body = api.createOrg.body.parse({
        code: o.code,
        name: o.name,
        shortName: o.shortName ?? null,
        type: o.type,
        parentId: parent.id,
        aliases: o.aliases ?? [],
        gridCode: o.gridCode ?? null,
        note: o.note ?? null,
        sortOrder: i * 10,
      });
      await createOrg(db, systemActor, body);
      created.orgs++;
      org = await requireOrg(db, o.code);
    }
    await placeOrg(db, org.id, o.at);
  }

  for (const u of demoUsers) {
    const org = await requireOrg(db, u.orgCode);
    const [existing] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${u.username})`);
    if (!existing) {
      const body = api.createUser.body.parse({
        username: u.username,
        password: DEMO_PASSWORD,
        displayName: u.displayName,
        orgId: org.id,
        roles: [u.role],
        mustChangePassword: false,
      });
      await createUser(db, systemActor, platform.config.passwordPolicy, body);
      created.users++;
    }
  }
  return created;
}

/** The demo users with their role and org, for the table `citysafe demo` prints. */
export async function demoUserSummary(db: Db): Promise<DemoUserSummary[]> {
  const summary: DemoUserSummary[] = [];
  for (const u of demoUsers) {
    const org = await requireOrg(db, u.orgCode);
    const roleName = defaultRoles.find((r) => r.code === u.role)?.name.zh ?? u.role;
    summary.push({ username: u.username, displayName: u.displayName, role: u.role, roleName, org: orgLabel(org) });
  }
  return summary;
}
