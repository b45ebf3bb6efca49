import type { api } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import {
  addInventoryItem,
  createInstallation,
  getInstallation,
  performInstallationAction,
  updateInventoryItem,
} from './major-hazard.service.js';
import { majorHazardInstallations } from './major-hazard.tables.js';

type Person = NonNullable<api.majorHazard.ResponsiblePersons['main']>;

/** One demo unit: where, what it holds, and how far it has gone through declaration and registration. */
interface DemoUnit {
  orgCode: string;
  name: string;
  unitKind: 'production' | 'storage';
  at: [number, number];
  exposedPopulation: number;
  inventory: api.majorHazard.InventoryInput[];
  responsible?: [Person, Person, Person];
  /** `registered`, `declared`, or `changed` (registered, then its stock changed the grade). */
  progress?: 'declared' | 'registered' | 'changed';
}

const person = (name: string, post: string, phone: string): Person => ({ name, post, phone });

/*
 * Units of the two demo enterprises that hold dangerous goods (identity.demo.ts): 港安化工仓储 (a
 * chemical tank farm and warehouses) and 港通物流 (a logistics yard with a natural-gas filling
 * station). Substances and quantities are plausible for such sites and chosen so that the grades
 * differ (GB 18218-2018: 液氨 Q 10 t, β 2; 液化石油气 Q 50 t; 甲醇 Q 500 t; 汽油 Q 200 t; 天然气 Q 50 t).
 * Invented for the demonstration; they describe no real site.
 */
const demoUnits: DemoUnit[] = [
  {
    // S 40; R = 2 × (2 × 40) = 160: 一级.
    orgCode: 'QY-GAHG',
    name: '液氨储罐区',
    unitKind: 'storage',
    at: [109.0508, 34.3526],
    exposedPopulation: 320,
    inventory: [{ substanceName: '液氨', cas: '7664-41-7', quantityTonnes: 400, form: '球罐 2 × 200 t', note: '制冷剂中转' }],
    responsible: [
      person('吴强', '总经理', '029-83210001'),
      person('何静', '安全总监', '029-83210002'),
      person('马永刚', '罐区班长', '13892010003'),
    ],
    progress: 'registered',
  },
  {
    // S 30; R = 1.5 × (1.5 × 30) = 67.5: 二级.
    orgCode: 'QY-GAHG',
    name: '液化石油气球罐区',
    unitKind: 'storage',
    at: [109.0519, 34.3514],
    exposedPopulation: 75,
    inventory: [{ substanceName: '液化石油气', category: 'W2', quantityTonnes: 1500, form: '球罐 3 × 500 t' }],
    responsible: [
      person('吴强', '总经理', '029-83210001'),
      person('何静', '安全总监', '029-83210002'),
      person('田浩', '球罐区主管', '13892010006'),
    ],
    progress: 'declared',
  },
  {
    // S = 2000/500 + 1200/200 = 10; R = 1.2 × (1 × 4 + 1.5 × 6) = 15.6: 三级.
    orgCode: 'QY-GAHG',
    name: '甲醇汽油储罐区',
    unitKind: 'storage',
    at: [109.0499, 34.3531],
    exposedPopulation: 40,
    inventory: [
      { substanceName: '甲醇', category: 'W5.3', quantityTonnes: 2000, form: '内浮顶罐 2 × 1000 m³' },
      { substanceName: '汽油', category: 'W5.1', quantityTonnes: 1200, form: '内浮顶罐 4 × 400 m³' },
    ],
  },
  {
    // S = 50/200 + 100/500 = 0.45: not a major hazard.
    orgCode: 'QY-GAHG',
    name: '甲类仓库',
    unitKind: 'storage',
    at: [109.0524, 34.3519],
    exposedPopulation: 40,
    inventory: [
      { substanceName: '汽油', quantityTonnes: 50, form: '桶装' },
      { substanceName: '甲醇', quantityTonnes: 100, form: '桶装' },
    ],
  },
  {
    // Registered at S 1.2, R = 2 × 1.5 × 1.2 = 3.6: 四级. A second tank of 30 t (S 1.8, R 5.4) leaves it 四级;
    // the first tank's growth to 200 t (S 4.6, R 13.8: 三级) asks for a new declaration.
    orgCode: 'QY-GTWL',
    name: 'LNG 加气站储罐',
    unitKind: 'storage',
    at: [109.0692, 34.3899],
    exposedPopulation: 150,
    inventory: [{ substanceName: '天然气', category: 'W2', quantityTonnes: 60, form: 'LNG 立式储罐' }],
    responsible: [
      person('贺建军', '总经理', '029-83220001'),
      person('邱敏', '设备部经理', '029-83220002'),
      person('罗斌', '加气站站长', '13992020003'),
    ],
    progress: 'changed',
  },
  {
    // S = 20/50 = 0.4: not a major hazard.
    orgCode: 'QY-GTWL',
    name: '危险品暂存库',
    unitKind: 'storage',
    at: [109.0684, 34.3909],
    exposedPopulation: 150,
    inventory: [{ substanceName: '液化石油气', quantityTonnes: 20, form: '钢瓶' }],
  },
];

/**
 * The demo registry: six units of two enterprises at every grade and two that are not major
 * hazards, in every state — registered, declared, identified, and one whose registered grade was
 * changed by new stock and awaits re-declaration. Through the services as 港安化工仓储's own user
 * (港通物流 has no user: the system keeps its record) and 应急管理局 registering, so grades, grade
 * history and timelines read true. Idempotent: nothing is added once the enterprises have units.
 */
export async function fillMajorHazardDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(majorHazardInstallations)
    .innerJoin(orgs, eq(orgs.id, majorHazardInstallations.orgId))
    .where(sql`${orgs.code} in ('QY-GAHG', 'QY-GTWL')`);
  if ((existing?.n ?? 0) > 0) return { installations: 0 };
  const as = async (username: string): Promise<Actor> => {
    const [u] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = ${username}`);
    return (await loadUserActor(db, u!.id, { via: 'session', sessionId: null, csrfToken: null, ip: null })) ?? systemActor;
  };
  const enterprise = await as('qy_gahg');
  const emergency = await as('yjglj');
  let count = 0;
  let registrationNo = 0;
  for (const unit of demoUnits) {
    const [org] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, unit.orgCode));
    if (!org) continue;
    const keeper = unit.orgCode === 'QY-GAHG' ? enterprise : systemActor;
    const created = await createInstallation(db, keeper, {
      orgId: org.id,
      name: unit.name,
      unitKind: unit.unitKind,
      location: unit.at,
      exposedPopulation: unit.exposedPopulation,
      inventory: unit.inventory,
      ...(unit.responsible
        ? { responsible: { main: unit.responsible[0], technical: unit.responsible[1], operational: unit.responsible[2] } }
        : {}),
    });
    count++;
    if (!unit.progress) continue;
    await performInstallationAction(db, keeper, created.id, 'declare', {});
    if (unit.progress === 'declared') continue;
    registrationNo++;
    await performInstallationAction(db, emergency, created.id, 'register', {
      registrationNo: `西港应急危备〔2026〕${registrationNo}号`,
    });
    if (unit.progress !== 'changed') continue;
    // The filling station grew (see its unit above).
    await addInventoryItem(db, keeper, created.id, { substanceName: '天然气', category: 'W2', quantityTonnes: 30, form: 'LNG 卧式储罐' });
    const now = await getInstallation(db, keeper, created.id);
    await updateInventoryItem(db, keeper, created.id, now.inventory[0]!.id, {
      substanceName: '天然气',
      category: 'W2',
      quantityTonnes: 200,
      form: 'LNG 立式储罐（扩容）',
    });
  }
  return { installations: count };
}
