import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
let plant: Client; // the enterprise responsible for the hazards (rectifies, writes the plan, applies to close)
let other: Client; // another enterprise
let emergency: Client; // 应急管理局: the sector's department (verifies, returns)
let office: Client; // 安委办: lists for supervision, reviews on site, closes (销号)
let xinzhu: Client; // 新筑街办: rectifies on the spot
let xinzhu2: Client; // a colleague at 新筑街办: verifies
let plantOrgId: string;
let emergencyOrgId: string;
let officeOrgId: string;

const inXinzhu = { lng: 109.08, lat: 34.39 };
/** A 1×1 PNG: a photo as the phone's camera would upload it. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function photo(client: Client, name = '整改后.png'): Promise<string> {
  const boundary = `cs-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.request('POST', '/api/files', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.status).toBe(201);
  return res.body.id;
}

const plan = {
  goals: '消除液氨储罐区泄漏隐患，达到 GB 18218 要求',
  methods: '更换法兰垫片，加装泄漏报警和紧急切断',
  funding: '专项资金 20 万元，物资已采购',
  organization: '设备部牵头，张经理负责',
  timeline: '2026-04-30 前完成，每周报告进度',
  safetyMeasures: '储罐停用，现场警戒，应急预案已演练',
};

const listing = () => ({
  supervisingOrgId: officeOrgId,
  supervisingBody: '西安国际港务区安全生产委员会',
  responsibleLeader: '李副主任',
  deadline: '2026-04-30',
  publicNotice: true,
  stopWork: 'partial',
});

const create = async (client: Client, body: Record<string, unknown> = {}): Promise<string> => {
  const res = await client.post('/api/hazards', {
    title: '消防通道堵塞',
    level: '一般',
    responsibleOrgId: plantOrgId,
    foundAt: '2026-03-02T09:00:00+08:00',
    departmentId: emergencyOrgId,
    category: 'fire',
    deadline: '2026-03-09',
    ...inXinzhu,
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body.id;
};

const act = (client: Client, id: string, action: string, body: Record<string, unknown> = {}) =>
  client.post(`/api/hazards/${id}/actions/${action}`, body);
const savePlan = (client: Client, id: string, body: Record<string, unknown>) => client.put(`/api/hazards/${id}/plan`, body);
const detail = async (client: Client, id: string) => (await client.get(`/api/hazards/${id}`)).body;
/** The clock runs on from where a test set it: a time it wrote is within a minute of that. */
const expectAbout = (at: string, expected: string) => expect(Math.abs(Date.parse(at) - Date.parse(expected))).toBeLessThan(60_000);
/** Sessions end when idle: after the clock jumps days ahead, the people log in again. */
const relogin = async () => {
  plant = await t.login('hl_plant');
  office = await t.login('hl_awb');
  emergency = await t.login('hl_yjglj');
  admin = await t.admin();
};
const actionsOf = (d: { timeline: { action: string }[] }) => d.timeline.map((e) => e.action);

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  admin = await t.admin();
  const streetId = await t.orgId('XZJB');
  for (const [code, name] of [
    ['QY-HL1', '西港闭环测试化工有限公司'],
    ['QY-HL2', '西港另一测试企业有限公司'],
  ]) {
    expect((await admin.post('/api/orgs', { code, name, type: 'enterprise', parentId: streetId })).status).toBe(201);
  }
  await t.platform.db.execute(
    sql`insert into boundaries (org_id, level, geom, source)
        values (${streetId}, 'street', ST_Multi(ST_MakeEnvelope(109.07, 34.38, 109.09, 34.40, 4326)), 'drawn')`,
  );
  plantOrgId = await t.orgId('QY-HL1');
  emergencyOrgId = await t.orgId('YJGLJ');
  officeOrgId = await t.orgId('AWB');
  plant = await t.userIn('QY-HL1', ['enterprise'], 'hl_plant');
  other = await t.userIn('QY-HL2', ['enterprise'], 'hl_other');
  emergency = await t.userIn('YJGLJ', ['department'], 'hl_yjglj');
  office = await t.userIn('AWB', ['safety_office'], 'hl_awb');
  xinzhu = await t.userIn('XZJB', ['street'], 'hl_xinzhu');
  xinzhu2 = await t.userIn('XZJB', ['street'], 'hl_xinzhu2');
});
afterAll(() => t.close());

describe('the 一般 loop', () => {
  it('registered → rectifying → awaiting verification → returned with a reason → again → verified and closed', async () => {
    const id = await create(plant);
    let d = await detail(plant, id);
    expect(d).toMatchObject({ status: 'registered', level: '一般' });
    // Only the 一般 loop's first steps: reporting is for 重大 hazards.
    expect(d.allowedActions).toEqual(expect.arrayContaining(['startRectification', 'rectifyOnSpot']));
    expect(d.allowedActions).not.toContain('report');

    // Wrong role: an enterprise does not verify.
    expect((await act(plant, id, 'verify')).status).toBe(403);
    // Wrong level: 一般 hazards are not reported, listed or planned; the answer names the level.
    const report = await act(plant, id, 'report');
    expect(report.status).toBe(409);
    expect(report.body.error.message.zh).toContain('一般事故隐患');
    expect((await act(office, id, 'list', listing())).status).toBe(409);
    const planned = await savePlan(plant, id, plan);
    expect(planned.status).toBe(409);
    expect(planned.body.error.message.zh).toContain('一般事故隐患');
    // Unknown action: 404; another enterprise does not even see it.
    expect((await act(plant, id, 'nonsense')).status).toBe(404);
    expect((await act(other, id, 'startRectification')).status).toBe(404);

    expect((await act(plant, id, 'startRectification')).body.status).toBe('rectifying');
    // Wrong state.
    const again = await act(plant, id, 'startRectification');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    expect((await act(emergency, id, 'verify')).status).toBe(409);

    const noNote = await act(plant, id, 'submitRectification', {});
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.fields[0].field).toBe('note');
    const after = await photo(plant);
    const submitted = await act(plant, id, 'submitRectification', { note: '已清理消防通道杂物', photoIds: [after] });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'awaiting_verification', rectifiedBy: expect.any(String) });
    expectAbout(submitted.body.rectifiedAt, '2026-03-02T10:00:00+08:00');
    expect(submitted.body.photos.map((p: { stage: string; file: { id: string } }) => [p.stage, p.file.id])).toEqual([['rectified', after]]);
    // A photo the caller may not read cannot be cited.
    const foreign = await photo(other, '别家的.png');

    // The department returns it: a reason of two characters at least.
    expect((await act(emergency, id, 'return', { reason: '差' })).status).toBe(400);
    const returned = await act(emergency, id, 'return', { reason: '照片不清' });
    expect(returned.body.status).toBe('rectifying');
    const badPhoto = await act(plant, id, 'submitRectification', { note: '重新整改', photoIds: [foreign] });
    expect(badPhoto.status).toBe(400);
    expect(badPhoto.body.error.fields[0].field).toBe('photoIds.0');

    expect((await act(plant, id, 'submitRectification', { note: '已重新清理并设置警示标识' })).body.status).toBe('awaiting_verification');
    d = await detail(emergency, id);
    expect(d.allowedActions).toEqual(['verify', 'return']);
    const verified = await act(emergency, id, 'verify', { note: '现场核实，通道畅通' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'closed', verifiedBy: expect.any(String), allowedActions: [] });
    expectAbout(verified.body.closedAt, '2026-03-02T10:00:00+08:00');
    expect((await act(emergency, id, 'verify')).status).toBe(409);

    d = await detail(plant, id);
    expect(actionsOf(d)).toEqual(['startRectification', 'submitRectification', 'return', 'submitRectification', 'verify']);
    expect(d.timeline[2]).toMatchObject({ fromState: 'awaiting_verification', toState: 'rectifying', input: { reason: '照片不清' } });
    const log = await admin.get(`/api/audit?entityType=hazard&entityId=${id}&pageSize=50`);
    expect(log.body.items.map((r: { action: string }) => r.action)).toEqual(
      expect.arrayContaining(['hazard.startRectification', 'hazard.submitRectification', 'hazard.return', 'hazard.verify']),
    );
  });

  it('rectified on the spot; the rectifier may not verify it (422 naming the rule), a colleague may', async () => {
    const id = await create(xinzhu, { title: '配电箱未上锁' });
    const after = await photo(xinzhu);
    const done = await act(xinzhu, id, 'rectifyOnSpot', { note: '当场上锁', photoIds: [after] });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('awaiting_verification');
    // What the UI offers is what the service accepts: no verify for the rectifier.
    expect(done.body.allowedActions).not.toContain('verify');
    const own = await act(xinzhu, id, 'verify');
    expect(own.status).toBe(422);
    expect(own.body.error.code).toBe('RULE_VIOLATION');
    expect(own.body.error.message.zh).toContain('验收人不能是整改人');
    expect((await detail(xinzhu2, id)).allowedActions).toContain('verify');
    const verified = await act(xinzhu2, id, 'verify');
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('closed');
    expect(actionsOf(verified.body)).toEqual(['rectifyOnSpot', 'verify']);
  });

  // Verifiers at once: the row lock lets one through and the others then find it closed. Only on
  // PostgreSQL: the embedded PGlite runs one transaction at a time, so the race cannot happen there.
  if (process.env.DATABASE_URL)
    it('four verifiers at once: one verifies, the others are refused (409), one transition recorded', async () => {
      const id = await create(plant, { title: '灭火器过期' });
      await act(plant, id, 'rectifyOnSpot', { note: '已更换灭火器' });
      const answers = await Promise.all([emergency, xinzhu2, office, admin].map((verifier) => act(verifier, id, 'verify')));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      expect(actionsOf(await detail(plant, id))).toEqual(['rectifyOnSpot', 'verify']);
    });
});

describe('the 重大 loop', () => {
  let sourceId: string;
  let id: string;

  const sourceLevel = async () => (await plant.get(`/api/risk/sources/${sourceId}`)).body.level;

  it('a 重大 hazard on a risk source raises its displayed level while it is open', async () => {
    const created = await plant.post('/api/risk/sources', {
      name: '液氨储罐区',
      category: 'hazardous_chemicals',
      geometry: { type: 'Point', coordinates: [inXinzhu.lng, inXinzhu.lat] },
      hazardFactors: ['22'],
      accidentTypes: ['08'],
    });
    expect(created.status).toBe(201);
    sourceId = created.body.id;
    await plant.post(`/api/risk/sources/${sourceId}/assessments`, { method: 'direct', level: 'low', reason: '日常检查' });
    expect(await sourceLevel()).toBe('low');
    id = await create(plant, {
      title: '液氨储罐法兰泄漏',
      level: '重大',
      category: 'hazardous_chemicals',
      riskSourceId: sourceId,
      majorBasis: '化工和危险化学品重大隐患判定标准 第十项',
      deadline: '2026-04-30',
    });
    expect(await sourceLevel()).toBe('major');
    const d = await detail(plant, id);
    expect(d.allowedActions).toContain('report');
    expect(d.allowedActions).not.toContain('startRectification');
  });

  it('refuses the 一般 loop on a 重大 hazard (409 naming the level) and a plan before the report', async () => {
    for (const action of ['startRectification', 'rectifyOnSpot']) {
      const res = await act(plant, id, action, { note: '当场整改' });
      expect(res.status).toBe(409);
      expect(res.body.error.message.zh).toContain('重大事故隐患');
    }
    expect((await savePlan(plant, id, plan)).status).toBe(409);
  });

  it('report → plan: each missing or empty part is a 422 naming it; the first plan makes it planned', async () => {
    expect((await act(plant, id, 'report')).body.status).toBe('reported');
    for (const part of Object.keys(plan)) {
      for (const missing of [{ [part]: undefined }, { [part]: '' }, { [part]: ' \u200b ' }]) {
        const res = await savePlan(plant, id, { ...plan, ...missing });
        expect(res.status).toBe(422);
        expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual([part]);
      }
    }
    const empty = await savePlan(plant, id, {});
    expect(empty.status).toBe(422);
    expect(empty.body.error.fields.map((f: { field: string }) => f.field)).toEqual(Object.keys(plan));
    expect(empty.body.error.fields[0].message.zh).toContain('治理的目标和任务');
    // Wrong role or reach: the plan is the responsible unit's.
    expect((await savePlan(emergency, id, plan)).status).toBe(403);
    expect((await savePlan(other, id, plan)).status).toBe(404);

    const saved = await savePlan(plant, id, plan);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'planned', plan });
    expect(saved.body.timeline.at(-1)).toMatchObject({ action: 'submitPlan', fromState: 'reported', toState: 'planned' });
    expect(saved.body.timeline.at(-1).actorName).toBe('测试hl_plant');
    // Revising it stays planned, is audited, and adds no transition.
    const revised = await savePlan(plant, id, { ...plan, funding: '专项资金 30 万元' });
    expect(revised.body).toMatchObject({ status: 'planned', plan: { funding: '专项资金 30 万元' } });
    expect(actionsOf(revised.body)).toEqual(['report', 'submitPlan']);
  });

  it('挂牌督办 by the safety office, with its fields stored; the plan may still be revised', async () => {
    expect((await act(plant, id, 'list', listing())).status).toBe(403);
    const bad = await act(office, id, 'list', { ...listing(), stopWork: 'some', deadline: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['deadline', 'stopWork']);
    // The supervising org is a government body, department or street, and exists.
    for (const supervisingOrgId of [plantOrgId, randomUUID()]) {
      const wrongOrg = await act(office, id, 'list', { ...listing(), supervisingOrgId });
      expect(wrongOrg.status).toBe(400);
      expect(wrongOrg.body.error.fields[0].field).toBe('supervisingOrgId');
    }
    const listed = await act(office, id, 'list', listing());
    expect(listed.status).toBe(200);
    expect(listed.body.status).toBe('listed');
    expect(listed.body.supervision).toMatchObject({
      supervisingOrg: { id: officeOrgId },
      supervisingBody: '西安国际港务区安全生产委员会',
      responsibleLeader: '李副主任',
      deadline: '2026-04-30',
      publicNotice: true,
      stopWork: 'partial',
    });
    expectAbout(listed.body.supervision.listedAt, '2026-03-02T10:00:00+08:00');
    expect((await savePlan(plant, id, { ...plan, timeline: '2026-04-20 前完成' })).status).toBe(200);
  });

  it('assessment → application to close: the review is due reviewDays (10) after the Asia/Shanghai day', async () => {
    expect((await act(plant, id, 'submitAssessment', { conclusion: '隐患已消除' })).status).toBe(400);
    const report = await photo(plant, '评估报告.png');
    const assessed = await act(plant, id, 'submitAssessment', {
      assessor: '陕西某安全评价有限公司',
      conclusion: '隐患已消除',
      photoIds: [report],
    });
    expect(assessed.body.status).toBe('assessed');
    expect(assessed.body.photos.filter((p: { stage: string }) => p.stage === 'assessment')).toHaveLength(1);
    // Past the listing, the plan is closed to edits.
    expect((await savePlan(plant, id, plan)).status).toBe(409);
    // 00:30 in Shanghai is still the previous day in UTC: the Shanghai day counts.
    t.clock.set('2026-03-10T00:30:00+08:00');
    await relogin();
    // The application is the responsible unit's: the sector's department does not apply for it.
    expect((await act(emergency, id, 'applyClose', { note: '申请复产销号' })).status).toBe(403);
    const applied = await act(plant, id, 'applyClose', { note: '申请复产销号' });
    expect(applied.body).toMatchObject({ status: 'awaiting_review', reviewDueOn: '2026-03-20' });
    expect(await sourceLevel()).toBe('major');
  });

  it('an order to correct sends it back to listed; applied again at the day’s last minute under a 7-day setting; 销号 releases the risk level', async () => {
    expect((await act(office, id, 'orderCorrection', {})).status).toBe(400);
    expect((await act(plant, id, 'orderCorrection', { reason: '现场复查不合格' })).status).toBe(403);
    const corrected = await act(office, id, 'orderCorrection', { reason: '紧急切断阀未调试' });
    expect(corrected.body).toMatchObject({ status: 'listed', reviewDueOn: null });
    await act(plant, id, 'submitAssessment', { assessor: '陕西某安全评价有限公司', conclusion: '已调试，隐患消除' });
    t.clock.set('2026-03-12T23:59:00+08:00');
    await relogin();
    // The review period is the administrator's setting (RULES' settings), read when the unit applies.
    const settings = (await office.get('/api/hazards/settings')).body.settings;
    expect((await office.put('/api/hazards/settings', { ...settings, reviewDays: 7 })).status).toBe(200);
    expect((await act(plant, id, 'applyClose', { note: '再次申请销号' })).body.reviewDueOn).toBe('2026-03-19');
    expect((await office.put('/api/hazards/settings', settings)).status).toBe(200);
    expect((await act(plant, id, 'close', { note: '现场审查合格' })).status).toBe(403);
    expect((await act(office, id, 'close', {})).status).toBe(400);
    expect(await sourceLevel()).toBe('major');
    const onSite = await photo(office, '现场审查.png');
    const closed = await act(office, id, 'close', { note: '现场审查合格，予以销号', photoIds: [onSite] });
    expect(closed.status).toBe(200);
    expect(
      closed.body.photos.filter((p: { stage: string }) => p.stage === 'review').map((p: { file: { id: string } }) => p.file.id),
    ).toEqual([onSite]);
    expect(closed.body).toMatchObject({ status: 'closed', verifiedBy: expect.any(String), allowedActions: [] });
    expectAbout(closed.body.closedAt, '2026-03-12T23:59:00+08:00');
    expect(await sourceLevel()).toBe('low');
    expect((await act(office, id, 'close', { note: '再次销号' })).status).toBe(409);
    expect(actionsOf(closed.body)).toEqual([
      'report',
      'submitPlan',
      'list',
      'submitAssessment',
      'applyClose',
      'orderCorrection',
      'submitAssessment',
      'applyClose',
      'close',
    ]);
    const log = await admin.get(`/api/audit?entityType=hazard&entityId=${id}&pageSize=50`);
    const logged = log.body.items.map((r: { action: string }) => r.action);
    expect(logged.filter((a: string) => a === 'hazard.savePlan')).toHaveLength(3);
    expect(logged).toEqual(expect.arrayContaining(['hazard.report', 'hazard.submitPlan', 'hazard.list', 'hazard.close']));
  });
});
