import { addCalendarDays, shanghaiDateOf } from '@citysafe/domain';
import { count, inArray, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import { now } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { insertExpert, insertShelter, insertStation, insertStore, insertSupply, insertTeam, insertVehicle } from './resource.service.js';
import { emergencyTeams } from './resource.tables.js';

/*
 * The demo district's resources (identity.demo.ts, map.demo.ts): 新合街道 (XHJB) is the south-west of the
 * district, around [109.047, 34.356]; 新筑街道 (XZJB) the north-east, around [109.080, 34.392]. Every point
 * below lies inside its street's polygon. Names, people and phone numbers are invented; they describe no real
 * team, store or site.
 */
export async function resourceDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const [existing] = await db.select({ n: count() }).from(emergencyTeams);
  if ((existing?.n ?? 0) > 0) return { emergencyTeams: 0 };
  const as = async (username: string): Promise<Actor> => {
    const [u] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = ${username}`);
    if (!u) return systemActor;
    return (await loadUserActor(db, u.id, { via: 'session', sessionId: null, csrfToken: null, ip: null })) ?? systemActor;
  };
  const codes = ['YJGLJ', 'XZJB', 'XHJB', 'QY-GAHG', 'XZJB-C01', 'XZJB-C02', 'XHJB-C01', 'XHJB-C02'];
  const found = await db.select({ id: orgs.id, code: orgs.code }).from(orgs).where(inArray(orgs.code, codes));
  const org = new Map(found.map((o) => [o.code, o.id]));
  if (!org.has('YJGLJ') || !org.has('XZJB') || !org.has('XHJB')) return { emergencyTeams: 0 };
  const department = await as('yjglj');
  const xz = await as('xzjb');
  const xh = await as('xhjb');
  const enterprise = await as('qy_gahg');
  const today = shanghaiDateOf(now(db));
  const counts = {
    emergencyTeams: 0,
    emergencyExperts: 0,
    emergencyStores: 0,
    emergencySupplies: 0,
    emergencyShelters: 0,
    emergencyFireStations: 0,
  };

  await db.transaction(async (tx) => {
    const teams: [Actor, string | undefined, Parameters<typeof insertTeam>[2]][] = [
      [
        department,
        org.get('YJGLJ'),
        {
          name: '区危险化学品专业救援队',
          kind: 'professional',
          speciality: '危化品泄漏处置',
          members: 32,
          leader: '韩志强',
          phone: '029-83300101',
          location: [109.0612, 34.3742],
          address: '港务区港兴二路 8 号',
        },
      ],
      [
        department,
        org.get('YJGLJ'),
        {
          name: '区城市搜救专业队',
          kind: 'professional',
          speciality: '建筑坍塌搜救',
          members: 24,
          leader: '罗建平',
          phone: '029-83300102',
          location: [109.0842, 34.3985],
        },
      ],
      [
        enterprise,
        org.get('QY-GAHG'),
        {
          name: '港安化工企业救援队',
          kind: 'enterprise',
          speciality: '储罐火灾扑救',
          members: 18,
          leader: '马永刚',
          phone: '13892010003',
          location: [109.0515, 34.353],
        },
      ],
      [
        xz,
        org.get('XZJB'),
        {
          name: '新筑蓝天救援队',
          kind: 'social',
          speciality: '水域和山地救援',
          members: 40,
          leader: '高鹏',
          phone: '13991230001',
          location: [109.0788, 34.3921],
        },
      ],
      [
        xh,
        org.get('XHJB'),
        {
          name: '新合社区志愿者服务队',
          kind: 'volunteer',
          speciality: '疏散引导、物资分发',
          members: 60,
          leader: '李秀兰',
          phone: '13991230002',
          location: [109.047, 34.356],
        },
      ],
    ];
    for (const [actor, orgId, body] of teams) {
      await insertTeam(tx, actor, { ...body, orgId });
      counts.emergencyTeams++;
    }
    const experts: Parameters<typeof insertExpert>[2][] = [
      {
        name: '刘振华',
        specialities: ['hazardous_chemicals', 'fire'],
        employer: '西安某化工设计院',
        title: '正高级工程师',
        phone: '13700000001',
        location: [109.065, 34.38],
      },
      {
        name: '陈晓燕',
        specialities: ['medical'],
        employer: '区人民医院',
        title: '主任医师',
        phone: '13700000002',
        location: [109.082, 34.395],
      },
      {
        name: '王建国',
        specialities: ['construction', 'special_equipment'],
        employer: '区建筑安全监督站',
        title: '高级工程师',
        phone: '13700000003',
      },
    ];
    for (const body of experts) {
      await insertExpert(tx, department, { ...body, orgId: org.get('YJGLJ') });
      counts.emergencyExperts++;
    }
    const north = await insertStore(tx, department, {
      orgId: org.get('YJGLJ'),
      name: '区应急物资储备库（新筑）',
      address: '新筑街道港务大道 66 号',
      keeper: '何军',
      phone: '029-83300201',
      location: [109.0801, 34.3905],
    });
    const south = await insertStore(tx, xh, {
      orgId: org.get('XHJB'),
      name: '新合街道应急物资储备点',
      address: '新合街道保税路 12 号',
      keeper: '杜娟',
      phone: '029-83300202',
      location: [109.056, 34.36],
    });
    counts.emergencyStores += 2;
    const items: [Actor, Parameters<typeof insertSupply>[2]][] = [
      [department, { storeId: north, name: '正压式空气呼吸器', category: '个体防护', unit: '套', quantity: 40, minQuantity: 10 }],
      [department, { storeId: north, name: '防化服', category: '个体防护', unit: '套', quantity: 6, minQuantity: 20 }],
      [department, { storeId: north, name: '沙袋', category: '抢险物资', unit: '个', quantity: 3000, minQuantity: 500 }],
      [department, { storeId: north, name: '折叠床', category: '生活保障', unit: '张', quantity: 300, minQuantity: 50 }],
      [
        xh,
        {
          storeId: south,
          name: '瓶装饮用水',
          category: '生活保障',
          unit: '箱',
          quantity: 200,
          minQuantity: 50,
          expiresOn: addCalendarDays(today, 12),
        },
      ],
      [
        xh,
        {
          storeId: south,
          name: '方便食品',
          category: '生活保障',
          unit: '箱',
          quantity: 150,
          minQuantity: 30,
          expiresOn: addCalendarDays(today, 200),
        },
      ],
      [xh, { storeId: south, name: '应急照明灯', category: '照明通信', unit: '台', quantity: 25, minQuantity: 5 }],
    ];
    for (const [actor, body] of items) {
      await insertSupply(tx, actor, body);
      counts.emergencySupplies++;
    }
    const shelters: [Actor, Parameters<typeof insertShelter>[2]][] = [
      [
        xz,
        {
          orgId: org.get('XZJB'),
          name: '新筑中心广场应急避难场所',
          type: 'fixed_short',
          effectiveAreaM2: 18000,
          facilities: ['应急供水', '应急厕所', '应急照明', '医疗救护点'],
          servedAreaIds: [org.get('XZJB-C01'), org.get('XZJB-C02')].filter((id): id is string => !!id),
          address: '新筑街道港务大道中心广场',
          manager: '赵婷',
          phone: '029-83300301',
          location: [109.083, 34.394],
        },
      ],
      [
        xz,
        {
          orgId: org.get('XZJB'),
          name: '陆港公园紧急避难场所',
          type: 'emergency',
          effectiveAreaM2: 6000,
          facilities: ['应急供水', '应急照明'],
          servedAreaIds: [org.get('XZJB-C02')].filter((id): id is string => !!id),
          location: [109.072, 34.389],
        },
      ],
      [
        xh,
        {
          orgId: org.get('XHJB'),
          name: '新合中学操场应急避难场所',
          type: 'emergency',
          effectiveAreaM2: 9000,
          facilities: ['应急供水', '应急厕所'],
          servedAreaIds: [org.get('XHJB-C01'), org.get('XHJB-C02')].filter((id): id is string => !!id),
          address: '新合街道新合中学',
          manager: '孙浩',
          phone: '029-83300302',
          location: [109.048, 34.358],
        },
      ],
    ];
    for (const [actor, body] of shelters) {
      await insertShelter(tx, actor, body);
      counts.emergencyShelters++;
    }
    const stations: [Parameters<typeof insertStation>[2], [string, string][]][] = [
      [
        {
          orgId: org.get('YJGLJ'),
          name: '港务区新筑消防救援站',
          address: '新筑街道港务大道 120 号',
          phone: '029-83300119',
          personnel: 36,
          location: [109.076, 34.396],
        },
        [
          ['陕A·1191', '水罐消防车'],
          ['陕A·1192', '泡沫消防车'],
          ['陕A·1193', '抢险救援消防车'],
        ],
      ],
      [
        {
          orgId: org.get('YJGLJ'),
          name: '港务区新合消防救援站',
          address: '新合街道保税路 88 号',
          phone: '029-83300120',
          personnel: 28,
          location: [109.053, 34.365],
        },
        [
          ['陕A·1194', '水罐消防车'],
          ['陕A·1195', '举高喷射消防车'],
        ],
      ],
    ];
    for (const [body, fleet] of stations) {
      const id = await insertStation(tx, department, body);
      for (const [plate, model] of fleet) await insertVehicle(tx, department, id, { plate, model });
      counts.emergencyFireStations++;
    }
  });
  return counts;
}
