import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { auditLog } from '../../platform/platform.tables.js';

let t: TestApp;
let plant: Client; // the enterprise responsible for the hazards
let emergency: Client; // 应急管理局: the sector's department (supervises)
let street: Client; // 新筑街办: registers hazards, does not supervise
let office: Client; // 安委办: holds hazard.rectify district-wide, so may act for a unit
let office2: Client; // a colleague at 安委办
let plantOrgId: string;
let emergencyOrgId: string;
let sourceId: string;

const inXinzhu = { lng: 109.08, lat: 34.39 };
const plan = {
  goals: '消除液氨储罐区泄漏隐患',
  methods: '更换法兰垫片，加装泄漏报警',
  funding: '专项资金 20 万元',
  organization: '设备部，张经理负责',
  timeline: '2026-04-30 前完成',
  safetyMeasures: '储罐停用，现场警戒',
};

const create = async (body: Record<string, unknown> = {}) => {
  const res = await plant.post('/api/hazards', {
    title: '液氨储罐法兰渗漏',
    level: '一般',
    responsibleOrgId: plantOrgId,
    foundAt: '2026-03-02T09:00:00+08:00',
    departmentId: emergencyOrgId,
    category: 'hazardous_chemicals',
    riskSourceId: sourceId,
    deadline: '2026-03-20',
    ...inXinzhu,
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; allowedActions: string[] };
};
const act = (client: Client, id: string, action: string, body: Record<string, unknown> = {}) =>
  client.post(`/api/hazards/${id}/actions/${action}`, body);
const sourceLevel = async () => (await plant.get(`/api/risk/sources/${sourceId}`)).body.level;
const audited = (id: string, action = 'hazard.reclassify') =>
  t.platform.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, id)));

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  const admin = await t.admin();
  const streetId = await t.orgId('XZJB');
  expect(
    (await admin.post('/api/orgs', { code: 'QY-RC1', name: '西港定级测试化工有限公司', type: 'enterprise', parentId: streetId })).status,
  ).toBe(201);
  plantOrgId = await t.orgId('QY-RC1');
  emergencyOrgId = await t.orgId('YJGLJ');
  plant = await t.userIn('QY-RC1', ['enterprise'], 'rc_plant');
  emergency = await t.userIn('YJGLJ', ['department'], 'rc_yjglj');
  street = await t.userIn('XZJB', ['street'], 'rc_xinzhu');
  office = await t.userIn('AWB', ['safety_office'], 'rc_awb');
  office2 = await t.userIn('AWB', ['safety_office'], 'rc_awb2');
  const source = await plant.post('/api/risk/sources', {
    name: '液氨储罐区',
    category: 'hazardous_chemicals',
    geometry: { type: 'Point', coordinates: [inXinzhu.lng, inXinzhu.lat] },
  });
  expect(source.status).toBe(201);
  sourceId = source.body.id;
  await plant.post(`/api/risk/sources/${sourceId}/assessments`, { method: 'direct', level: 'low', reason: '日常检查' });
  expect(await sourceLevel()).toBe('low');
});
afterAll(() => t.close());

describe('一般 → 重大', () => {
  it('from rectifying, with the basis a 重大 hazard needs: the 重大 loop from registered, the risk source raised, audited', async () => {
    const h = await create();
    expect(h.allowedActions).toContain('reclassify');
    expect((await act(plant, h.id, 'startRectification')).body.status).toBe('rectifying');

    const noBasis = await act(plant, h.id, 'reclassify', { level: '重大', reason: '复核后属重大隐患' });
    expect(noBasis.status).toBe(422);
    expect(noBasis.body.error.fields[0].field).toBe('majorBasis');
    const noReason = await act(plant, h.id, 'reclassify', { level: '重大', majorBasis: '第十项' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].field).toBe('reason');
    // The level it is already: a stale page, not a silent no-op.
    expect((await act(plant, h.id, 'reclassify', { level: '一般', reason: '复核' })).status).toBe(409);
    expect(await sourceLevel()).toBe('low');

    const res = await act(plant, h.id, 'reclassify', {
      level: '重大',
      majorBasis: '化工和危险化学品重大隐患判定标准 第十项',
      reason: '复核后属重大隐患',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ level: '重大', status: 'registered', majorBasis: '化工和危险化学品重大隐患判定标准 第十项' });
    expect(res.body.allowedActions).toEqual(['report']);
    expect(res.body.timeline.at(-1)).toMatchObject({
      action: 'reclassify',
      fromState: 'rectifying',
      toState: 'registered',
      actorId: plant.user!.id,
      input: { level: '重大', reason: '复核后属重大隐患' },
    });
    expect(await sourceLevel()).toBe('major');
    const [row] = await audited(h.id);
    expect(row).toMatchObject({ actorId: plant.user!.id, before: { level: '一般' }, after: { level: '重大' } });
    // The 一般 loop is over for it.
    expect((await act(plant, h.id, 'submitRectification', { note: '已更换垫片' })).status).toBe(409);
  });

  it('is refused once the rectification is submitted (409): the verifier judges it as it was graded', async () => {
    const h = await create({ title: '配电箱无防护' });
    expect((await act(plant, h.id, 'rectifyOnSpot', { note: '已加装防护罩' })).body.status).toBe('awaiting_verification');
    const res = await act(plant, h.id, 'reclassify', { level: '重大', majorBasis: '第十项', reason: '复核' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_TRANSITION');
  });
});

describe('重大 → 一般', () => {
  it('only by the supervising side: the unit and a street get 403 and are not offered it', async () => {
    const h = await create({ level: '重大', majorBasis: '第十项', title: '液氨储罐无泄漏报警' });
    expect(h.allowedActions).not.toContain('reclassify');
    expect((await act(plant, h.id, 'reclassify', { level: '一般', reason: '经复核不构成重大隐患' })).status).toBe(403);
    expect((await act(street, h.id, 'reclassify', { level: '一般', reason: '经复核不构成重大隐患' })).status).toBe(403);
    expect((await emergency.get(`/api/hazards/${h.id}`)).body.allowedActions).toContain('reclassify');
  });

  it('from planned by the department: the plan kept and marked, the risk level released, the 一般 loop from registered', async () => {
    const before = await sourceLevel();
    const h = await create({ level: '重大', majorBasis: '第十项', title: '储罐区防火堤破损' });
    expect((await act(plant, h.id, 'report')).body.status).toBe('reported');
    expect((await plant.put(`/api/hazards/${h.id}/plan`, plan)).body.status).toBe('planned');

    const res = await act(emergency, h.id, 'reclassify', { level: '一般', reason: '现场复核：防火堤仅局部破损，不构成重大隐患' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ level: '一般', status: 'registered', majorBasis: null, plan, planSuperseded: true });
    expect(res.body.timeline.at(-1)).toMatchObject({ action: 'reclassify', fromState: 'planned', toState: 'registered' });
    const [row] = await audited(h.id);
    expect(row).toMatchObject({ actorId: emergency.user!.id, before: { level: '重大', majorBasis: '第十项' }, after: { level: '一般' } });
    // Its raiser is closed; the source stays major only while the earlier test's hazard is open.
    const source = (await plant.get(`/api/risk/sources/${sourceId}`)).body;
    expect(source.raisers.find((r: { originId: string }) => r.originId === h.id)?.closedAt).not.toBeNull();
    expect(await sourceLevel()).toBe(before);

    const d = (await plant.get(`/api/hazards/${h.id}`)).body;
    expect(d.allowedActions).toEqual(expect.arrayContaining(['startRectification', 'rectifyOnSpot', 'reclassify']));
    expect(d.allowedActions).not.toContain('savePlan');
    expect((await plant.put(`/api/hazards/${h.id}/plan`, plan)).status).toBe(409);
  });

  it('is refused once listed (409): the grading is then the supervising body’s 销号 to decide', async () => {
    const h = await create({ level: '重大', majorBasis: '第十项', title: '液氨管线腐蚀' });
    await act(plant, h.id, 'report');
    await plant.put(`/api/hazards/${h.id}/plan`, plan);
    const listed = await act(emergency, h.id, 'list', {
      supervisingOrgId: emergencyOrgId,
      supervisingBody: '西安国际港务区应急管理局',
      responsibleLeader: '王局长',
      deadline: '2026-04-30',
      publicNotice: false,
      stopWork: 'none',
    });
    expect(listed.body.status).toBe('listed');
    expect(listed.body.allowedActions).not.toContain('reclassify');
    const res = await act(emergency, h.id, 'reclassify', { level: '一般', reason: '复核' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_TRANSITION');
  });
});

describe('安委办 acting for a unit (it holds hazard.rectify district-wide)', () => {
  it('submits the assessment and applies to close in its own name, audited; the on-site review is someone else’s', async () => {
    const h = await create({ level: '重大', majorBasis: '第十项', title: '液氨充装区无紧急切断' });
    await act(plant, h.id, 'report');
    await plant.put(`/api/hazards/${h.id}/plan`, plan);
    const listing = {
      supervisingOrgId: await t.orgId('AWB'),
      supervisingBody: '西安国际港务区安全生产委员会',
      responsibleLeader: '李副主任',
      deadline: '2026-04-30',
      publicNotice: false,
      stopWork: 'partial',
    };
    expect((await act(office, h.id, 'list', listing)).body.status).toBe('listed');
    // Intended: a unit without an account of its own (a 九小场所) is helped through its loop by the office.
    expect((await office.get(`/api/hazards/${h.id}`)).body.allowedActions).toContain('submitAssessment');
    const assessed = await act(office, h.id, 'submitAssessment', { assessor: '区安委办组织专家组', conclusion: '紧急切断已安装并联调' });
    expect(assessed.status).toBe(200);
    expect(assessed.body).toMatchObject({ status: 'assessed', rectifiedBy: '测试rc_awb' });
    const applied = await act(office, h.id, 'applyClose', { note: '代企业申请销号' });
    expect(applied.status).toBe(200);
    expect(applied.body.timeline.slice(-2).map((e: { action: string; actorId: string }) => [e.action, e.actorId])).toEqual([
      ['submitAssessment', office.user!.id],
      ['applyClose', office.user!.id],
    ]);
    for (const action of ['hazard.submitAssessment', 'hazard.applyClose'])
      expect((await audited(h.id, action)).map((r) => r.actorId)).toEqual([office.user!.id]);

    // The one who assessed does not review and close it: 422, and not offered.
    expect(applied.body.allowedActions).not.toContain('close');
    expect(applied.body.allowedActions).toContain('orderCorrection');
    const own = await act(office, h.id, 'close', { note: '现场审查合格' });
    expect(own.status).toBe(422);
    expect(own.body.error.message.zh).toContain('销号审查人不能是提交评估的人');
    const closed = await act(office2, h.id, 'close', { note: '现场审查合格，予以销号' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
  });
});

describe('both ways', () => {
  it('一般 → 重大 → 一般 → 重大 raises the source again (a closed raiser does not block a new one)', async () => {
    const h = await create({ title: '氨压缩机房通风不良' });
    const up = { level: '重大', majorBasis: '第十项', reason: '复核后属重大隐患' };
    expect((await act(plant, h.id, 'reclassify', up)).status).toBe(200);
    expect((await act(emergency, h.id, 'reclassify', { level: '一般', reason: '通风已恢复，不构成重大' })).status).toBe(200);
    expect((await act(plant, h.id, 'reclassify', up)).status).toBe(200);
    const raisers = (await plant.get(`/api/risk/sources/${sourceId}`)).body.raisers.filter(
      (r: { originId: string }) => r.originId === h.id,
    );
    expect(raisers.map((r: { closedAt: string | null }) => r.closedAt === null).sort()).toEqual([false, true]);
    expect((await audited(h.id)).length).toBe(3);
  });
});
