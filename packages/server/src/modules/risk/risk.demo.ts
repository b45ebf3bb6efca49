import { risk as rules, addCalendarDays, shanghaiDateOf } from '@citysafe/domain';
import { inArray, like, sql } from 'drizzle-orm';
import type * as GeoJSON from 'geojson';
import { systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now, rows, type Tx } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { workflowTransitions } from '../../platform/platform.tables.js';
import { orgs } from '../identity/index.js';
import { areaIdSql } from '../map/index.js';
import { gradingConfig } from './risk.service.js';
import { riskAssessments, riskControlMeasures, riskSourceNumbers, riskSources } from './risk.tables.js';

/** Every demo source says so in its description: the mark that makes the demo run once. */
export const DEMO_MARK = '（演示数据）';
/** Sources per street. */
const PER_STREET = 150;

/** A deterministic generator (mulberry32), so that every demo district is the same. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a demo source of each category is called, who answers for it (org codes) and how likely it is to be found. */
const kinds: { category: rules.RiskCategoryCode; names: string[]; orgs: string[]; weight: number; shape?: 'line' | 'polygon' }[] = [
  {
    category: 'hazardous_chemicals',
    names: ['甲类仓库', '液氨储罐区', '加油站', 'LNG 加气站', '危化品装卸区', '实验室危化品库'],
    orgs: ['QY-GAHG', 'YJGLJ'],
    weight: 5,
  },
  {
    category: 'industry_trade',
    names: ['冷库涉氨制冷车间', '粉尘涉爆车间', '有限空间污水池', '物流分拣中心'],
    orgs: ['QY-GTWL', 'JFJ'],
    weight: 4,
  },
  { category: 'construction', names: ['深基坑', '塔吊作业区', '高支模区', '脚手架作业面'], orgs: ['QY-BSEQ', 'JTZJJ'], weight: 5 },
  {
    category: 'crowded_place',
    names: ['购物中心', '农贸市场', '中学', '社区医院', '养老院', '体育馆', '地铁站出入口'],
    orgs: ['QY-WLGC', 'SHSYJ', 'JYWJJ'],
    weight: 6,
  },
  { category: 'high_rise', names: ['高层住宅楼', '写字楼', '公寓楼'], orgs: ['JTZJJ'], weight: 4 },
  { category: 'lifeline', names: ['燃气调压站', '供水加压站', '排水泵站', '热力管网节点', '10kV 开闭所'], orgs: ['CGJ', 'SWJ'], weight: 5 },
  { category: 'oil_gas_pipeline', names: ['输油管道穿越段', '天然气次高压管线'], orgs: ['JFJ'], weight: 2, shape: 'line' },
  { category: 'spoil_ground', names: ['渣土受纳场'], orgs: ['CGJ'], weight: 1, shape: 'polygon' },
  { category: 'special_equipment', names: ['商场自动扶梯', '游乐设施', '门式起重机'], orgs: ['ZJFJ'], weight: 2 },
  { category: 'public_transport', names: ['公交首末站', '长途客运站', '公交场站加气点'], orgs: ['JTYSJ'], weight: 2 },
  { category: 'road_rail', names: ['急弯陡坡路段', '铁路平交道口', '易积水下穿通道'], orgs: ['JTYSJ'], weight: 2, shape: 'line' },
  { category: 'bridge_tunnel', names: ['灞河桥', '下穿隧道', '人行天桥'], orgs: ['JTYSJ'], weight: 2 },
  { category: 'natural_disaster', names: ['内涝易发点', '地质灾害隐患点', '河道堤防险工段'], orgs: ['ZYGHJ', 'NSJ'], weight: 2 },
  { category: 'fireworks', names: ['烟花爆竹零售点'], orgs: ['PAB'], weight: 1 },
];

/**
 * LEC inputs that give each level under the default mapping (D = L × E × C): 重大 D ≥ 320,
 * 较大 160 ≤ D < 320, 一般 70 ≤ D < 160, 低 D < 70; and how often the demo draws each (most
 * sources are low or general, as in a real census).
 */
const grades: { level: rules.RiskLevel; lec: { L: number; E: number; C: number }; share: number }[] = [
  { level: 'major', lec: { L: 6, E: 6, C: 15 }, share: 0.06 },
  { level: 'significant', lec: { L: 3, E: 6, C: 15 }, share: 0.16 },
  { level: 'general', lec: { L: 3, E: 6, C: 7 }, share: 0.38 },
  { level: 'low', lec: { L: 1, E: 6, C: 3 }, share: 0.4 },
];

const measureTexts: Record<rules.ControlMeasureType, string> = {
  engineering: '设置监测报警和紧急切断装置，定期检测',
  management: '落实安全管理制度和巡查责任，建立台账',
  training: '对作业人员开展岗前和定期安全培训',
  ppe: '配备并正确佩戴个体防护用品',
  emergency: '编制现场处置方案，每半年演练一次',
};

/** A short line or a small square around a point, for sources that are not points. */
function shapeAt([x, y]: [number, number], shape: 'line' | 'polygon' | undefined, r: () => number): GeoJSON.Geometry {
  if (shape === 'line') {
    const a = r() * Math.PI;
    const d = 0.004;
    return {
      type: 'LineString',
      coordinates: [
        [x - d * Math.cos(a), y - d * Math.sin(a)],
        [x, y],
        [x + d * Math.cos(a), y + d * Math.sin(a)],
      ],
    };
  }
  if (shape === 'polygon') {
    const d = 0.0015;
    return {
      type: 'Polygon',
      coordinates: [
        [
          [x - d, y - d],
          [x + d, y - d],
          [x + d, y + d],
          [x - d, y + d],
          [x - d, y - d],
        ],
      ],
    };
  }
  return { type: 'Point', coordinates: [x, y] };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Points inside each street's demo boundary (the map module's demo made them), drawn by PostGIS with a fixed seed. */
async function pointsInStreets(tx: Tx): Promise<{ streetCode: string; at: [number, number] }[]> {
  const found = await rows<{ code: string; x: number; y: number }>(
    tx,
    sql`select o.code, ST_X(p.geom) as x, ST_Y(p.geom) as y
          from boundaries b join orgs o on o.id = b.org_id,
               lateral ST_Dump(ST_GeneratePoints(b.geom, ${PER_STREET}, 20201117)) p
         where b.level = 'street' and o.code in ('XZJB', 'XHJB')
         order by o.code, p.path`,
  );
  return found.map((f) => ({ streetCode: f.code, at: [round6(Number(f.x)), round6(Number(f.y))] }));
}

/**
 * The risk part of the demonstration district: about 150 sources in each street, at all four
 * levels, of every category, placed inside the streets' demo boundaries; each assessed (LEC), with
 * control measures, a third submitted and a third reviewed. Written in batches (one statement per
 * table) rather than one service call per source, which took minutes on the embedded database; each
 * source still has its audit rows and its timeline. Idempotent: nothing is added once demo
 * sources exist.
 */
export async function fillRiskDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const [existing] = await db
    .select({ id: riskSources.id })
    .from(riskSources)
    .where(like(riskSources.description, `%${DEMO_MARK}%`))
    .limit(1);
  if (existing) return { riskSources: 0 };
  return db.transaction(async (tx) => {
    const points = await pointsInStreets(tx);
    if (points.length === 0) return { riskSources: 0 };
    const codes = [...new Set(kinds.flatMap((k) => k.orgs))];
    const orgIds = new Map(
      (await tx.select({ id: orgs.id, code: orgs.code }).from(orgs).where(inArray(orgs.code, codes))).map((o) => [o.code, o.id]),
    );
    const r = random(20201117);
    const totalWeight = kinds.reduce((n, k) => n + k.weight, 0);
    const pick = <T extends { weight: number }>(list: T[]) => {
      let x = r() * totalWeight;
      for (const k of list) if ((x -= k.weight) < 0) return k;
      return list[list.length - 1]!;
    };
    const gradeOf = () => {
      let x = r();
      for (const g of grades) if ((x -= g.share) < 0) return g;
      return grades[grades.length - 1]!;
    };
    const { config } = await gradingConfig(tx);
    const at = now(tx);
    const year = Number(shanghaiDateOf(at).slice(0, 4));
    const [claimed] = await tx
      .insert(riskSourceNumbers)
      .values({ year, last: points.length })
      .onConflictDoUpdate({ target: riskSourceNumbers.year, set: { last: sql`${riskSourceNumbers.last} + ${points.length}` } })
      .returning({ last: riskSourceNumbers.last });
    const first = claimed!.last - points.length + 1;
    const seen = new Map<string, number>();
    const planned = points.map((p, i) => {
      const kind = pick(kinds);
      const base = kind.names[Math.floor(r() * kind.names.length)]!;
      const streetName = p.streetCode === 'XZJB' ? '新筑' : '新合';
      const n = (seen.get(`${streetName}${base}`) ?? 0) + 1;
      seen.set(`${streetName}${base}`, n);
      const orgCode = kind.orgs[Math.floor(r() * kind.orgs.length)]!;
      const grade = gradeOf();
      const result = rules.assess({ method: 'lec', ...grade.lec }, config);
      const status: rules.RiskSourceStatus = i % 3 === 0 ? 'reviewed' : i % 3 === 1 ? 'submitted' : 'draft';
      return {
        values: {
          code: `FX-${year}-${String(first + i).padStart(4, '0')}`,
          name: `${streetName}${base}${n > 1 ? `（${n}）` : ''}`,
          category: kind.category,
          geom: shapeAt(p.at, kind.shape, r),
          orgId: orgIds.get(orgCode) ?? orgIds.get(kind.orgs[0]!)!,
          responsiblePerson: ['王建国', '李红', '张伟', '刘洋', '陈静', '杨帆'][Math.floor(r() * 6)]!,
          description: `${rules.riskCategories.find((c) => c.code === kind.category)!.label.zh}风险源${DEMO_MARK}`,
          hazardFactors: ['21', '22', '4'].filter(() => r() < 0.6),
          accidentTypes: ['08', '09', '10', '19'].filter(() => r() < 0.4),
          assessedLevel: result.level,
          level: result.level,
          status,
          locationConfirmedAt: status === 'reviewed' ? at : null,
          createdAt: at,
          updatedAt: at,
        },
        grade,
        result,
      };
    });
    const inserted = await tx
      .insert(riskSources)
      .values(planned.map((p) => p.values))
      .returning({ id: riskSources.id, code: riskSources.code, status: riskSources.status });
    const geom = sql`${riskSources.geom}`;
    await tx
      .update(riskSources)
      .set({ streetId: areaIdSql('street', geom), communityId: areaIdSql('community', geom), gridId: areaIdSql('grid', geom) })
      .where(like(riskSources.description, `%${DEMO_MARK}%`));
    const byCode = new Map(planned.map((p) => [p.values.code, p]));
    await tx.insert(riskAssessments).values(
      inserted.map((s) => {
        const { grade: g, result } = byCode.get(s.code)!;
        return {
          sourceId: s.id,
          method: 'lec' as const,
          inputs: g.lec,
          score: result.score,
          level: result.level,
          reason: '普查辨识评估',
          settings: config.lec,
          assessorName: systemActor.displayName,
          assessedAt: at,
        };
      }),
    );
    const due = (days: number) => addCalendarDays(shanghaiDateOf(at), days);
    await tx.insert(riskControlMeasures).values(
      inserted.flatMap((s) => {
        const level = byCode.get(s.code)!.result.level;
        const tier = rules.responsibleLevels.find((l) => l.forLevel === level)!;
        const types: rules.ControlMeasureType[] =
          level === 'major' || level === 'significant' ? ['engineering', 'management', 'emergency'] : ['management'];
        return types.map((type) => ({
          sourceId: s.id,
          type,
          description: measureTexts[type],
          responsibleLevel: tier.code,
          reviewCycleDays: tier.reviewCycleDays,
          nextReviewOn: due(tier.reviewCycleDays),
        }));
      }),
    );
    // The census steps each source went through, as its timeline shows them.
    const steps = inserted.flatMap((s) =>
      s.status === 'draft'
        ? []
        : [
            { entityId: s.id, action: 'submit', fromState: 'draft', toState: 'submitted' },
            ...(s.status === 'reviewed' ? [{ entityId: s.id, action: 'review', fromState: 'submitted', toState: 'reviewed' }] : []),
          ],
    );
    if (steps.length > 0) {
      await tx.insert(workflowTransitions).values(
        steps.map((step) => ({
          ...step,
          entityType: rules.riskSourceWorkflow.entity,
          actorId: null,
          actorName: systemActor.displayName,
          input: {},
        })),
      );
    }
    // One audit row per source, its census steps included: a row per step doubled the demo's time.
    for (const s of inserted) {
      await audit(tx, systemActor, {
        action: 'riskSource.create',
        entityType: 'riskSource',
        entityId: s.id,
        after: { ...byCode.get(s.code)!.values, steps: steps.filter((step) => step.entityId === s.id).map((step) => step.action) },
      });
    }
    return { riskSources: inserted.length };
  });
}
