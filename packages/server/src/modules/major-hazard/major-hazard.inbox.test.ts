import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { loadUserActor } from '../identity/index.js';
import { majorHazardInbox } from './major-hazard.inbox.js';

interface Item {
  key: string;
  kind: string;
  kindLabel: { zh: string; en: string };
  title: { zh: string; en: string };
  objectType: string;
  objectId: string;
  due: string | null;
  reason: string | null;
  link: string;
}

let t: TestApp;
let plant: Client; // the enterprise that runs the installations
let other: Client; // another enterprise in the same street
let emergency: Client; // 应急管理局 (department: registers in its district)
let office: Client; // 安委办 (registers district-wide)
let farDepartment: Client; // a department of another district: outside reach
let xinzhu: Client; // the plant's street: reads, neither declares nor registers

/** Inside the test boundary of 新筑街办 drawn below. */
const inXinzhu: [number, number] = [109.08, 34.39];

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  const admin = await t.admin();
  const streetId = await t.orgId('XZJB');
  for (const [code, name] of [
    ['QY-MI1', '西港待办化工有限公司'],
    ['QY-MI2', '西港另一待办企业有限公司'],
  ]) {
    expect((await admin.post('/api/orgs', { code, name, type: 'enterprise', parentId: streetId })).status).toBe(201);
  }
  const subDistrict = await admin.post('/api/orgs', {
    code: 'MI-DIST',
    name: '另一功能区',
    type: 'district',
    parentId: await t.orgId('GWQ'),
  });
  expect(subDistrict.status).toBe(201);
  expect(
    (await admin.post('/api/orgs', { code: 'MI-DEPT', name: '另一区应急局', type: 'department', parentId: subDistrict.body.id })).status,
  ).toBe(201);
  await t.platform.db.execute(
    sql`insert into boundaries (org_id, level, geom, source)
        values (${streetId}, 'street', ST_Multi(ST_MakeEnvelope(109.07, 34.38, 109.09, 34.40, 4326)), 'drawn')`,
  );
  plant = await t.userIn('QY-MI1', ['enterprise'], 'mi_plant');
  other = await t.userIn('QY-MI2', ['enterprise'], 'mi_other');
  emergency = await t.userIn('YJGLJ', ['department'], 'mi_yjglj');
  office = await t.userIn('AWB', ['safety_office'], 'mi_awb');
  farDepartment = await t.userIn('MI-DEPT', ['department'], 'mi_far');
  xinzhu = await t.userIn('XZJB', ['street'], 'mi_xinzhu');
});
afterAll(() => t.close());

/** The caller's major-hazard 待办. */
const itemsOf = async (c: Client): Promise<Item[]> => {
  const res = await c.get<{ items: Item[] }>('/api/inbox');
  expect(res.status).toBe(200);
  return res.body.items.filter((i) => i.kind.startsWith('majorHazard.'));
};
const kindsOf = async (c: Client) => (await itemsOf(c)).map((i) => `${i.kind}:${i.objectId}`);

describe('the major-hazard registry in the work inbox', () => {
  let id: string; // 液氨 30 t + 甲醇 1000 t: S 5, 三级
  let minor: string; // 液氨 1 t: S 0.1, not a major hazard

  it('the enterprise is asked to declare its major hazard, not a unit under the thresholds; nobody else is asked', async () => {
    const created = await plant.post('/api/major-hazards', {
      name: '罐区一',
      unitKind: 'storage',
      location: inXinzhu,
      exposedPopulation: 60,
      inventory: [
        { substanceName: '液氨', quantityTonnes: 30 },
        { substanceName: '甲醇', quantityTonnes: 1000 },
      ],
    });
    expect(created.body).toMatchObject({ grade: 3, isMajor: true, status: 'identified' });
    id = created.body.id;
    const small = await plant.post('/api/major-hazards', {
      name: '钢瓶间',
      unitKind: 'storage',
      location: inXinzhu,
      exposedPopulation: 0,
      inventory: [{ substanceName: '液氨', quantityTonnes: 1 }],
    });
    expect(small.body).toMatchObject({ isMajor: false, status: 'identified' });
    minor = small.body.id;

    const items = await itemsOf(plant);
    expect(items).toEqual([
      expect.objectContaining({
        key: `majorHazard.declare:${id}`,
        kind: 'majorHazard.declare',
        kindLabel: { zh: '待申报的重大危险源', en: 'Major hazards to declare' },
        title: { zh: '西港待办化工有限公司 · 罐区一（三级）', en: '西港待办化工有限公司 · 罐区一 (Grade 3)' },
        objectType: 'majorHazardInstallation',
        objectId: id,
        due: null,
        reason: null,
        link: `/major-hazards/${id}`,
      }),
    ]);
    expect((await plant.get(`/api/major-hazards/${minor}`)).body.allowedActions).not.toContain('declare');
    for (const c of [other, emergency, office, farDepartment, xinzhu]) expect(await itemsOf(c)).toEqual([]);
  });

  it('declared, it leaves the enterprise and waits for the registering departments of its district only', async () => {
    expect((await plant.post(`/api/major-hazards/${id}/actions/declare`)).body.status).toBe('declared');
    expect(await itemsOf(plant)).toEqual([]);
    expect(await kindsOf(emergency)).toEqual([`majorHazard.register:${id}`]);
    expect(await kindsOf(office)).toEqual([`majorHazard.register:${id}`]);
    for (const c of [other, farDepartment, xinzhu]) expect(await itemsOf(c)).toEqual([]);
    // The department outside the district cannot register it either: the inbox offered what the policy refuses nowhere.
    expect((await farDepartment.post(`/api/major-hazards/${id}/actions/register`, { registrationNo: '外区〔2026〕1号' })).status).toBe(404);
  });

  it('returned, it is back with the enterprise with the reason; declared again and registered, nobody is asked', async () => {
    const returned = await emergency.post(`/api/major-hazards/${id}/actions/return`, { reason: '缺少安全评估报告' });
    expect(returned.body.status).toBe('returned');
    expect(await itemsOf(emergency)).toEqual([]);
    expect(await itemsOf(office)).toEqual([]);
    expect(await itemsOf(plant)).toEqual([
      expect.objectContaining({ kind: 'majorHazard.returned', objectId: id, reason: '缺少安全评估报告' }),
    ]);
    expect(await itemsOf(other)).toEqual([]);

    expect((await plant.post(`/api/major-hazards/${id}/actions/declare`)).body.status).toBe('declared');
    expect(await kindsOf(office)).toEqual([`majorHazard.register:${id}`]);
    const registered = await office.post(`/api/major-hazards/${id}/actions/register`, { registrationNo: '西港应急危备〔2026〕7号' });
    expect(registered.body.status).toBe('registered');
    for (const c of [plant, other, emergency, office, farDepartment, xinzhu]) expect(await itemsOf(c)).toEqual([]);
  });

  it('a grade moved by the inventory asks the enterprise to declare again; below S 1 it is not asked to', async () => {
    const detail = (await plant.get(`/api/major-hazards/${id}`)).body;
    const ammonia = detail.inventory.find((i: { substanceName: string }) => i.substanceName === '液氨').id;
    const regraded = await plant.put(`/api/major-hazards/${id}/inventory/${ammonia}`, { substanceName: '液氨', quantityTonnes: 200 });
    expect(regraded.body).toMatchObject({ status: 'changed', grade: 2 });
    expect(await itemsOf(plant)).toEqual([
      expect.objectContaining({
        kind: 'majorHazard.redeclare',
        objectId: id,
        title: { zh: '西港待办化工有限公司 · 罐区一（二级）', en: '西港待办化工有限公司 · 罐区一 (Grade 2)' },
      }),
    ]);
    expect(await itemsOf(other)).toEqual([]);

    // With the stock gone it is no longer a major hazard: nothing to declare (the policy says 422).
    let current = regraded.body;
    for (const item of current.inventory) current = (await plant.delete(`/api/major-hazards/${id}/inventory/${item.id}`)).body;
    expect(current).toMatchObject({ isMajor: false, status: 'changed' });
    expect(await itemsOf(plant)).toEqual([]);
    expect((await plant.post(`/api/major-hazards/${id}/actions/declare`)).status).toBe(422);
  });
});

describe('a busy registry', () => {
  it('takes one query per kind however many units wait, and lists at most 50 of a kind', async () => {
    const otherOrg = await t.orgId('QY-MI2');
    // Sixty units of the other enterprise declared at once, as a district-wide declaration day would leave them.
    await t.platform.db.execute(
      sql`insert into major_hazard_installations (org_id, name, unit_kind, location, s, grade, is_major, status)
          select ${otherOrg}, '储罐 ' || n, 'storage', ST_SetSRID(ST_MakePoint(109.08, 34.39), 4326), 2, 4, true, 'declared'
          from generate_series(1, 60) n`,
    );
    const inbox = (await emergency.get<{ counts: Record<string, number>; items: Item[] }>('/api/inbox')).body;
    expect(inbox.counts['majorHazard.register']).toBe(50);
    expect(
      inbox.items.filter((i) => i.kind === 'majorHazard.register').every((i) => i.title.zh.startsWith('西港另一待办企业有限公司 · 储罐 ')),
    ).toBe(true);

    /** The statements the inbox builds for a person, counted on the transaction it is given. */
    const statementsFor = async (c: Client) => {
      const actor = await loadUserActor(t.platform.db, c.user!.id, { via: 'session', sessionId: null, csrfToken: null, ip: null });
      let selects = 0;
      const items = await t.platform.db.transaction(async (tx) => {
        const counting = new Proxy(tx, {
          get: (target, prop, receiver) =>
            prop === 'select'
              ? (...args: Parameters<typeof tx.select>) => {
                  selects++;
                  return target.select(...args);
                }
              : Reflect.get(target, prop, receiver),
        });
        return majorHazardInbox(counting, actor!);
      });
      return { selects, items: items.length };
    };
    // The department registers and may declare for the enterprises under it: one statement per kind, four.
    expect(await statementsFor(emergency)).toEqual({ selects: 4, items: 50 });
    // The enterprise's three kinds (new, returned, regraded): three statements, whether or not anything waits.
    expect(await statementsFor(other)).toEqual({ selects: 3, items: 0 });
  });
});
