import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';
import { checkHazardDeadlines, HAZARD_DEADLINE_JOB } from './hazard.jobs.js';
import { hazards } from './hazard.tables.js';

let t: TestApp;
let admin: Client;
let plant: Client; // the responsible enterprise: asks for extensions, hears first
let other: Client; // another enterprise: sees nothing of the plant's hazards
let street: Client; // 新筑街办: the plant lies in its street and under it in the org tree
let emergency: Client; // 应急管理局: the sector's department (verifies 一般, supervises 重大)
let office: Client; // 安委办: supervises, hears last
let plantOrgId: string;
let streetOrgId: string;
let emergencyOrgId: string;
let officeOrgId: string;

let seq = 0;
/**
 * A hazard as HAZ's create would leave it, written directly: this file tests deadlines, extensions,
 * reminders and the inbox, not registration, so its fixtures do not depend on the create path.
 */
async function hazard(values: Partial<typeof hazards.$inferInsert> = {}): Promise<string> {
  const [row] = await t.platform.db
    .insert(hazards)
    .values({
      code: `YH-2026-${String(900000 + ++seq)}`,
      title: `消防通道堵塞 ${seq}`,
      level: '一般',
      origin: 'self_check',
      responsibleOrgId: plantOrgId,
      reportedOrgId: plantOrgId,
      departmentId: emergencyOrgId,
      streetId: streetOrgId,
      foundAt: new Date('2026-05-01T09:00:00+08:00'),
      deadline: '2026-05-10',
      status: 'rectifying',
      ...values,
    })
    .returning({ id: hazards.id });
  return row!.id;
}

const extensions = (client: Client, id: string) => client.get(`/api/hazards/${id}/extensions`);
const ask = (client: Client, id: string, requestedDeadline: string, reason = '整改材料到货延迟') =>
  client.post(`/api/hazards/${id}/extensions`, { requestedDeadline, reason });
const decide = (client: Client, id: string, extensionId: string, action: string, body: Record<string, unknown> = {}) =>
  client.post(`/api/hazards/${id}/extensions/${extensionId}/actions/${action}`, body);
const deadlineOf = async (id: string) => {
  const [h] = await t.platform.db
    .select({ deadline: hazards.deadline, supervisionDeadline: hazards.supervisionDeadline })
    .from(hazards)
    .where(eq(hazards.id, id));
  return h!;
};
/** The caller's notifications of one kind, newest first. */
const told = async (client: Client, kind: string) =>
  (await client.get(`/api/notifications?kind=${encodeURIComponent(kind)}&pageSize=100`)).body.items as { title: string; link: string }[];
const inbox = async (client: Client) =>
  (await client.get('/api/inbox')).body.items as { kind: string; objectId: string; due: string | null; dueState: string | null }[];
/**
 * Moves the clock to 08:00 of `day` (when the daily check runs) and logs everyone in again: a session idle
 * for days has expired.
 */
async function at(day: string): Promise<void> {
  t.clock.set(`${day}T08:00:00+08:00`);
  admin = await t.admin();
  plant = await t.login('dl_plant');
  other = await t.login('dl_other');
  street = await t.login('dl_street');
  emergency = await t.login('dl_yjglj');
  office = await t.login('dl_awb');
}

beforeAll(async () => {
  t = await testApp({ now: '2026-05-01T10:00:00+08:00' });
  admin = await t.admin();
  streetOrgId = await t.orgId('XZJB');
  for (const [code, name] of [
    ['QY-DL1', '西港期限测试物流有限公司'],
    ['QY-DL2', '西港另一期限测试企业有限公司'],
  ]) {
    expect((await admin.post('/api/orgs', { code, name, type: 'enterprise', parentId: streetOrgId })).status).toBe(201);
  }
  plantOrgId = await t.orgId('QY-DL1');
  emergencyOrgId = await t.orgId('YJGLJ');
  officeOrgId = await t.orgId('AWB');
  plant = await t.userIn('QY-DL1', ['enterprise'], 'dl_plant');
  other = await t.userIn('QY-DL2', ['enterprise'], 'dl_other');
  street = await t.userIn('XZJB', ['street'], 'dl_street');
  emergency = await t.userIn('YJGLJ', ['department'], 'dl_yjglj');
  office = await t.userIn('AWB', ['safety_office'], 'dl_awb');
});
afterAll(() => t.close());

describe('extension requests (一般)', () => {
  it('the responsible unit asks for a later deadline; one request at a time; the department approves and the deadline moves', async () => {
    await at('2026-05-05');
    const id = await hazard();
    const list = await extensions(plant, id);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      standing: { deadline: '2026-05-10', field: 'deadline', state: 'on_time', daysLeft: 5, daysOverdue: 0 },
      allowedActions: ['request'],
      items: [],
    });
    // Not later than the current deadline: a rule of the request, named on its field.
    const same = await ask(plant, id, '2026-05-10');
    expect(same.status).toBe(422);
    expect(same.body.error.fields[0].field).toBe('requestedDeadline');
    // Outside the reach: another enterprise does not even see the hazard; the department does not rectify it.
    expect((await extensions(other, id)).status).toBe(404);
    expect((await ask(other, id, '2026-05-20')).status).toBe(404);
    expect((await ask(emergency, id, '2026-05-20')).status).toBe(403);
    expect((await ask(plant, id, '2026-02-30')).status).toBe(400);

    const asked = await ask(plant, id, '2026-05-20');
    expect(asked.status).toBe(201);
    expect(asked.body.allowedActions).toEqual([]);
    const ext = asked.body.items[0];
    expect(ext).toMatchObject({ status: 'requested', previousDeadline: '2026-05-10', requestedDeadline: '2026-05-20', field: 'deadline' });
    expect(ext.requestedBy).toBe('测试dl_plant');
    // One open request at a time: no longer offered, and refused.
    expect((await extensions(plant, id)).body.allowedActions).toEqual([]);
    const again = await ask(plant, id, '2026-05-25');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    // The department that verifies it hears of it and finds it in its inbox; 安委办 is not asked for a 一般 hazard.
    expect((await told(emergency, 'hazard.extensionRequested'))[0]!.title).toContain('申请延期至 2026-05-20');
    expect(await told(office, 'hazard.extensionRequested')).toEqual([]);
    expect((await inbox(emergency)).filter((i) => i.kind === 'hazard.extension').map((i) => i.objectId)).toEqual([ext.id]);
    expect((await extensions(emergency, id)).body.items[0].allowedActions).toEqual(['approve', 'reject']);
    // The requester does not decide: an enterprise lacks hazard.verify.
    expect((await decide(plant, id, ext.id, 'approve')).status).toBe(403);
    expect((await decide(emergency, id, ext.id, 'extend')).status).toBe(404);

    const approved = await decide(emergency, id, ext.id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.items[0]).toMatchObject({ status: 'approved', decidedBy: '测试dl_yjglj', allowedActions: [] });
    expect(approved.body.standing).toMatchObject({ deadline: '2026-05-20', daysLeft: 15 });
    expect(await deadlineOf(id)).toMatchObject({ deadline: '2026-05-20' });
    expect((await told(plant, 'hazard.extensionApproved'))[0]!.title).toContain('期限延至 2026-05-20');
    // Decided once: a second decision is refused by the workflow, and the inbox item is gone.
    expect((await decide(emergency, id, ext.id, 'reject', { reason: '改主意' })).status).toBe(409);
    expect((await inbox(emergency)).some((i) => i.kind === 'hazard.extension')).toBe(false);
    // The unit may ask again now that nothing is pending.
    expect((await extensions(plant, id)).body.allowedActions).toEqual(['request']);
    const [row] = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from audit_log where action = 'hazard.extend' and entity_id = ${id}`,
    );
    expect(row!.n).toBe(1);
  });

  it('a closed hazard, or one without a deadline, has nothing to extend (409)', async () => {
    await at('2026-05-05');
    const closed = await hazard({ status: 'closed' });
    const closedAsk = await ask(plant, closed, '2026-06-30');
    expect(closedAsk.status).toBe(409);
    expect(closedAsk.body.error.message.zh).toContain('已闭环');
    const open = await hazard({ deadline: null });
    expect((await ask(plant, open, '2026-06-30')).status).toBe(409);
    expect((await extensions(plant, open)).body.standing).toMatchObject({ state: 'none', deadline: null });
  });
});

describe('extension requests (重大, listed)', () => {
  it('move the 挂牌督办 deadline; only the supervising side decides; a rejection needs its reason and moves nothing', async () => {
    await at('2026-05-05');
    const id = await hazard({
      level: '重大',
      status: 'listed',
      majorBasis: '液氨储罐区未设泄漏报警',
      supervisingOrgId: officeOrgId,
      supervisionDeadline: '2026-06-30',
      listedAt: new Date('2026-05-02T10:00:00+08:00'),
    });
    const asked = await ask(plant, id, '2026-07-31', '设备采购周期长');
    expect(asked.status).toBe(201);
    const ext = asked.body.items[0];
    expect(ext).toMatchObject({ field: 'supervisionDeadline', previousDeadline: '2026-06-30' });
    // The street verifies 一般 hazards in its area but does not supervise a 重大 one.
    expect((await extensions(street, id)).body.items[0].allowedActions).toEqual([]);
    expect((await decide(street, id, ext.id, 'approve')).status).toBe(403);
    // 安委办 and the supervising department hear of it.
    expect(await told(office, 'hazard.extensionRequested')).toHaveLength(1);
    expect((await inbox(office)).filter((i) => i.kind === 'hazard.extension')).toHaveLength(1);
    expect((await inbox(street)).filter((i) => i.kind === 'hazard.extension')).toEqual([]);

    expect((await decide(office, id, ext.id, 'reject')).status).toBe(400);
    const rejected = await decide(office, id, ext.id, 'reject', { reason: '督办期限不得延后，请加快整改' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.items[0]).toMatchObject({ status: 'rejected', decisionNote: '督办期限不得延后，请加快整改' });
    expect(await deadlineOf(id)).toMatchObject({ supervisionDeadline: '2026-06-30', deadline: '2026-05-10' });
    expect((await told(plant, 'hazard.extensionRejected'))[0]!.title).toContain('期限仍为 2026-06-30');

    const second = await ask(plant, id, '2026-07-15');
    expect(second.status).toBe(201);
    expect((await decide(office, id, second.body.items[0].id, 'approve')).status).toBe(200);
    expect(await deadlineOf(id)).toMatchObject({ supervisionDeadline: '2026-07-15', deadline: '2026-05-10' });
    expect((await extensions(plant, id)).body.items.map((e: { status: string }) => e.status)).toEqual(['approved', 'rejected']);
    // Cleared from the daily check below: this hazard is not part of the ladder's story.
    await t.platform.db.update(hazards).set({ status: 'closed' }).where(eq(hazards.id, id));
  });
});

describe('the daily check', () => {
  it('is scheduled once at start-up as a durable job', async () => {
    const [pending] = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from jobs where kind = ${HAZARD_DEADLINE_JOB} and status = 'pending'`,
    );
    expect(pending!.n).toBe(1);
  });

  it('climbs the ladder at each boundary day: person, unit, department, 安委办 — each once', async () => {
    // Only this hazard is open with a deadline near: the ones above are closed or far off.
    await t.platform.db.update(hazards).set({ status: 'closed' });
    await at('2026-06-01');
    const id = await hazard({ deadline: '2026-06-10', title: '叉车通道占用' });
    const run = async (day: string) => {
      await at(day);
      return (await checkHazardDeadlines(t.platform)).deadlines;
    };
    const overdue = async (client: Client) => (await told(client, 'hazard.overdue')).filter((n) => n.link === `/hazards/${id}`);
    const dueSoon = async (client: Client) => (await told(client, 'hazard.dueSoon')).filter((n) => n.link === `/hazards/${id}`);

    expect(await run('2026-06-06')).toBe(0); // 4 days left: not yet due soon (dueSoonDays 3)
    expect(await run('2026-06-07')).toBe(1); // 3 days left: the responsible person is reminded
    expect((await dueSoon(plant))[0]!.title).toContain('临近整改期限（2026-06-10 前）');
    expect(await dueSoon(street)).toEqual([]);
    expect(await run('2026-06-07')).toBe(0); // a second run sends nothing new
    expect(await run('2026-06-10')).toBe(0); // the deadline day is still on time
    expect(await overdue(plant)).toEqual([]);

    expect(await run('2026-06-11')).toBe(1); // 1 day overdue: the responsible person
    expect(await overdue(plant)).toHaveLength(1);
    expect(await overdue(street)).toEqual([]);
    expect(await run('2026-06-12')).toBe(0);
    expect(await run('2026-06-13')).toBe(1); // 3 days overdue: the unit (its people and the street above it)
    expect((await overdue(street))[0]!.title).toContain('已逾期 3 天');
    expect(await overdue(plant)).toHaveLength(2);
    expect(await overdue(emergency)).toEqual([]);
    expect(await run('2026-06-16')).toBe(0);
    expect(await run('2026-06-17')).toBe(1); // 7 days overdue: the supervising department
    expect((await overdue(emergency))[0]!.title).toContain('通知行业监管部门');
    expect(await overdue(office)).toEqual([]);
    expect(await run('2026-06-24')).toBe(0);
    expect(await run('2026-06-25')).toBe(1); // 15 days overdue: 安委办
    expect((await overdue(office))[0]!.title).toContain('已逾期 15 天');
    expect(await run('2026-06-25')).toBe(0);
    expect(await run('2026-07-01')).toBe(0);
    // The people told, once each per step: the plant twice (person, unit), the others once.
    expect([await overdue(plant), await overdue(street), await overdue(emergency), await overdue(office)].map((n) => n.length)).toEqual([
      2, 1, 1, 1,
    ]);
    expect(await overdue(other)).toEqual([]);
  });

  it('a check that missed days catches up on every step reached, each still once', async () => {
    await at('2026-07-01');
    const id = await hazard({ deadline: '2026-06-20', title: '配电箱无防护' });
    const before = (await told(office, 'hazard.overdue')).length;
    const counts = await checkHazardDeadlines(t.platform);
    // 11 days overdue: person, unit and department at once; 安委办 only from the 15th day.
    expect(counts.deadlines).toBe(3);
    expect((await told(office, 'hazard.overdue')).length).toBe(before);
    expect((await told(emergency, 'hazard.overdue')).filter((n) => n.link === `/hazards/${id}`)).toHaveLength(1);
    await t.platform.db.update(hazards).set({ status: 'closed' }).where(eq(hazards.id, id));
  });

  it('an approved extension starts a fresh series for the new deadline; a closed hazard is left alone', async () => {
    await at('2026-07-01');
    const id = await hazard({ deadline: '2026-07-03', title: '灭火器过期' });
    expect((await checkHazardDeadlines(t.platform)).deadlines).toBe(1); // due soon
    const asked = await ask(plant, id, '2026-07-20');
    expect((await decide(emergency, id, asked.body.items[0].id, 'approve')).status).toBe(200);
    await at('2026-07-02');
    expect((await checkHazardDeadlines(t.platform)).deadlines).toBe(0); // 18 days left now
    await at('2026-07-17');
    expect((await checkHazardDeadlines(t.platform)).deadlines).toBe(1); // due soon for 2026-07-20
    expect((await told(plant, 'hazard.dueSoon')).filter((n) => n.link === `/hazards/${id}`).map((n) => n.title)).toEqual([
      expect.stringContaining('2026-07-20 前'),
      expect.stringContaining('2026-07-03 前'),
    ]);
    await t.platform.db.update(hazards).set({ status: 'closed' }).where(eq(hazards.id, id));
    await at('2026-07-25');
    expect((await checkHazardDeadlines(t.platform)).deadlines).toBe(0);
  });

  it('an on-site review past its due day tells the supervising side and 安委办 once', async () => {
    await at('2026-08-01');
    const id = await hazard({
      level: '重大',
      status: 'awaiting_review',
      majorBasis: '液氨储罐区未设泄漏报警',
      supervisingOrgId: officeOrgId,
      supervisionDeadline: '2026-09-30',
      reviewDueOn: '2026-08-11',
    });
    await at('2026-08-11');
    expect((await checkHazardDeadlines(t.platform)).reviews).toBe(0);
    await at('2026-08-12');
    expect((await checkHazardDeadlines(t.platform)).reviews).toBe(1);
    expect((await checkHazardDeadlines(t.platform)).reviews).toBe(0);
    expect((await told(office, 'hazard.reviewOverdue'))[0]!.title).toContain('应于 2026-08-11 前完成');
    expect(await told(emergency, 'hazard.reviewOverdue')).toHaveLength(1);
    expect(await told(plant, 'hazard.reviewOverdue')).toEqual([]);
    // 安委办's inbox has the review, due that day and overdue now.
    expect((await inbox(office)).find((i) => i.kind === 'hazard.review' && i.objectId === id)).toMatchObject({
      due: '2026-08-11',
      dueState: 'overdue',
    });
    await t.platform.db.update(hazards).set({ status: 'closed' }).where(eq(hazards.id, id));
  });

  it('reminds 安委办 and the departments of the statistics tables in the week before they are due, once', async () => {
    await at('2026-10-07');
    expect((await checkHazardDeadlines(t.platform)).statistics).toBe(0); // Q3 due 10-15: 8 days away
    await at('2026-10-08');
    expect((await checkHazardDeadlines(t.platform)).statistics).toBe(1);
    expect((await checkHazardDeadlines(t.platform)).statistics).toBe(0);
    for (const client of [office, emergency]) {
      expect((await told(client, 'hazard.statisticsDue')).map((n) => n.title)).toEqual([
        '2026年第3季度隐患排查治理统计分析表应于 2026-10-15 前报送',
      ]);
    }
    expect(await told(plant, 'hazard.statisticsDue')).toEqual([]);
    // January: the fourth quarter's table by the 15th and the annual one by the 31st, each reminded in its own week.
    await at('2027-01-08');
    expect((await checkHazardDeadlines(t.platform)).statistics).toBe(1);
    await at('2027-01-24');
    expect((await checkHazardDeadlines(t.platform)).statistics).toBe(1);
    expect((await told(office, 'hazard.statisticsDue')).map((n) => n.title)).toEqual([
      '2026年度隐患排查治理统计分析表应于 2027-01-31 前报送',
      '2026年第4季度隐患排查治理统计分析表应于 2027-01-15 前报送',
      '2026年第3季度隐患排查治理统计分析表应于 2026-10-15 前报送',
    ]);
  });
});

describe('the inbox', () => {
  it('lists what each may do now: rectify, verify (not one’s own rectification), list, and the statistics tables', async () => {
    await at('2027-01-10');
    const toRectify = await hazard({ status: 'registered', deadline: '2027-01-12' });
    const rectifier = (await rows<{ id: string }>(t.platform.db, sql`select id from users where username = 'dl_street'`))[0]!.id;
    const toVerify = await hazard({ status: 'awaiting_verification', rectifiedBy: rectifier });
    const toList = await hazard({ level: '重大', status: 'planned', majorBasis: '液氨储罐区未设泄漏报警' });
    const kinds = async (client: Client) =>
      (await inbox(client)).filter((i) => i.kind.startsWith('hazard.')).map((i) => `${i.kind}:${i.objectId}`);

    const plants = await inbox(plant);
    expect(plants.find((i) => i.objectId === toRectify)).toMatchObject({ kind: 'hazard.rectify', due: '2027-01-12', dueState: 'due_soon' });
    expect(await kinds(plant)).not.toContain(`hazard.verify:${toVerify}`);
    expect(await kinds(other)).toEqual([]);
    // The department verifies; the street member who rectified it does not verify their own work.
    expect(await kinds(emergency)).toContain(`hazard.verify:${toVerify}`);
    expect(await kinds(street)).not.toContain(`hazard.verify:${toVerify}`);
    // A planned 重大 hazard waits for 挂牌督办 by those who supervise it.
    expect(await kinds(emergency)).toContain(`hazard.list:${toList}`);
    expect(await kinds(street)).not.toContain(`hazard.list:${toList}`);
    // The statistics tables open in January: the 4th quarter's and the year's, for 安委办 and departments only.
    expect((await kinds(office)).filter((k) => k.startsWith('hazard.statistics'))).toEqual([
      'hazard.statistics:2026-Q4',
      'hazard.statistics:2026',
    ]);
    expect((await kinds(plant)).some((k) => k.startsWith('hazard.statistics'))).toBe(false);
    // The installation's administrator is not the office that does the work.
    expect(await kinds(admin)).toEqual([]);
    // Done: once verified it leaves the inbox.
    await t.platform.db.update(hazards).set({ status: 'closed' }).where(eq(hazards.id, toVerify));
    expect(await kinds(emergency)).not.toContain(`hazard.verify:${toVerify}`);
  });
});

describe('the list row’s deadline standing', () => {
  it('comes from the server with the settings’ due-soon days and, once listed, the 挂牌督办 deadline', async () => {
    await at('2027-03-01');
    const fiveDaysOut = await hazard({ title: '灭火器过期', deadline: '2027-03-06', status: 'rectifying' });
    const listed = await hazard({
      title: '液氨储罐无泄漏报警',
      level: '重大',
      status: 'listed',
      majorBasis: '化工和危险化学品重大隐患判定标准 第十项',
      deadline: '2027-02-20',
      supervisionDeadline: '2027-03-03',
    });
    const rowOf = async (id: string) =>
      ((await plant.get('/api/hazards?pageSize=100&sort=-deadline')).body.items as { id: string; deadlineStanding: unknown }[]).find(
        (r) => r.id === id,
      )!.deadlineStanding;
    const settings = (await office.get('/api/hazards/settings')).body.settings;
    expect(settings.dueSoonDays).toBe(3);
    expect(await rowOf(fiveDaysOut)).toEqual({ deadline: '2027-03-06', field: 'deadline', state: 'on_time', daysLeft: 5, daysOverdue: 0 });
    // The 整改期限 is past, but the supervising body's deadline binds a listed hazard.
    expect(await rowOf(listed)).toEqual({
      deadline: '2027-03-03',
      field: 'supervisionDeadline',
      state: 'due_soon',
      daysLeft: 2,
      daysOverdue: 0,
    });

    expect((await office.put('/api/hazards/settings', { ...settings, dueSoonDays: 7 })).status).toBe(200);
    expect(await rowOf(fiveDaysOut)).toMatchObject({ state: 'due_soon', daysLeft: 5 });
    expect((await office.put('/api/hazards/settings', { ...settings, dueSoonDays: 1 })).status).toBe(200);
    expect(await rowOf(listed)).toMatchObject({ state: 'on_time', daysLeft: 2 });
    // The detail page shows the same standing.
    expect((await plant.get(`/api/hazards/${fiveDaysOut}`)).body.deadlineStanding).toMatchObject({ state: 'on_time' });
    await at('2027-03-07');
    expect(await rowOf(fiveDaysOut)).toMatchObject({ state: 'overdue', daysOverdue: 1 });
    expect((await office.put('/api/hazards/settings', settings)).status).toBe(200);
  });
});
