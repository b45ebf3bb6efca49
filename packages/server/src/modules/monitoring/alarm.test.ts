import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import type { PlatformEvent } from '../../platform/events.js';
import { hazards } from '../hazard/index.js';
import { riskSources } from '../risk/index.js';
import { monitoringAlarmRules } from './alarm-rules.tables.js';
import { announceAlarms, checkAlarmEscalations, clearAlarm, openAlarmCountOf, type RaiseAlarmInput, raiseAlarm } from './alarm.service.js';
import { monitoringDevices } from './device.tables.js';

let t: TestApp;
let admin: Client;
let plant: Client; // the device's unit (an enterprise under 新筑街办 in the org tree)
let other: Client; // another enterprise: sees none of the plant's alarms
let area: Client; // 新华街办: the device lies in its area
let parent: Client; // 新筑街办: above the plant in the org tree
let elsewhere: Client; // 交通运输局: a department with the device neither under it nor in an area of it
let duty: Client; // the district's 值班 desk
let office: Client; // 安委办
let plantOrgId: string;
let otherOrgId: string;
let deviceId: string;
let otherDeviceId: string;
let sourceId: string;
let ruleId: string;

const T0 = '2026-06-01T10:00:00+08:00';

/** Raises as RULES does: in a transaction, then the notices pushed after the commit. */
async function raise(input: Partial<RaiseAlarmInput> = {}) {
  const raised = await t.platform.db.transaction((tx) =>
    raiseAlarm(tx, t.platform, {
      ruleId,
      deviceId,
      metric: 'gas_lel',
      value: 25,
      threshold: 20,
      level: 'red',
      at: t.clock.now(),
      ...input,
    }),
  );
  await announceAlarms(t.platform, [raised]);
  return raised;
}

const act = (client: Client, id: string, action: string, body: Record<string, unknown> = {}) =>
  client.post(`/api/alarms/${id}/actions/${action}`, body);
/** The caller's notifications of one kind, newest first. */
const told = async (client: Client, kind: string) =>
  (await client.get(`/api/notifications?kind=${encodeURIComponent(kind)}&pageSize=100`)).body.items as { title: string; link: string }[];
const sourceLevel = async () =>
  (await t.platform.db.select({ level: riskSources.level }).from(riskSources).where(eq(riskSources.id, sourceId)))[0]!.level;

/** Moves the clock and logs everyone in again: a session idle past its minutes has ended. */
async function at(time: string): Promise<void> {
  t.clock.set(time);
  admin = await t.admin();
  plant = await t.login('al_plant');
  other = await t.login('al_other');
  area = await t.login('al_area');
  parent = await t.login('al_parent');
  elsewhere = await t.login('al_dept');
  duty = await t.login('al_duty');
  office = await t.login('al_office');
}

/** Closes every open alarm, so that each test starts with none to fold into or to escalate. */
async function closeAll(): Promise<void> {
  admin = await t.admin();
  const open = (await admin.get(`/api/alarms?open=true&pageSize=200`)).body.items as { id: string; status: string }[];
  const path: Record<string, string[]> = {
    raised: ['acknowledge', 'dismiss', 'close'],
    acknowledged: ['dismiss', 'close'],
    confirmed: ['dispatch', 'answer', 'close'],
    dispatched: ['answer', 'close'],
    answered: ['close'],
    dismissed: ['close'],
  };
  const deadline = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
  const bodies: Record<string, Record<string, unknown>> = {
    dismiss: { note: '测试收尾' },
    close: { note: '测试收尾' },
    dispatch: { orgId: plantOrgId, deadline, instructions: '测试收尾' },
    answer: { feedback: '测试收尾' },
  };
  for (const a of open) for (const step of path[a.status]!) expect((await act(admin, a.id, step, bodies[step] ?? {})).status).toBe(200);
}

beforeAll(async () => {
  t = await testApp({ now: T0 });
  admin = await t.admin();
  const parentStreetId = await t.orgId('XZJB');
  for (const [code, name] of [
    ['QY-AL1', '西港报警测试燃气有限公司'],
    ['QY-AL2', '西港另一报警测试企业有限公司'],
  ]) {
    expect((await admin.post('/api/orgs', { code, name, type: 'enterprise', parentId: parentStreetId })).status).toBe(201);
  }
  plantOrgId = await t.orgId('QY-AL1');
  otherOrgId = await t.orgId('QY-AL2');
  plant = await t.userIn('QY-AL1', ['enterprise'], 'al_plant');
  other = await t.userIn('QY-AL2', ['enterprise'], 'al_other');
  area = await t.userIn('XHJB', ['street'], 'al_area');
  parent = await t.userIn('XZJB', ['street'], 'al_parent');
  elsewhere = await t.userIn('JTYSJ', ['department'], 'al_dept');
  duty = await t.userIn('YJGLJ', ['duty_officer'], 'al_duty');
  office = await t.userIn('AWB', ['safety_office'], 'al_office');
  const [source] = await t.platform.db
    .insert(riskSources)
    .values({
      code: 'FX-AL-000001',
      name: '报警测试调压站',
      category: 'gas',
      geom: { type: 'Point', coordinates: [117.2, 39.1] },
      orgId: plantOrgId,
    })
    .returning({ id: riskSources.id });
  sourceId = source!.id;
  const [device] = await t.platform.db
    .insert(monitoringDevices)
    .values({
      code: 'AL-GAS-01',
      name: '调压站可燃气体探测器',
      type: 'gas',
      orgId: plantOrgId,
      geom: { x: 117.2, y: 39.1 },
      // Where the map put it: in 新华街办's area, whatever org the unit sits under.
      streetId: await t.orgId('XHJB'),
      placeName: '新华路调压站',
      riskSourceId: sourceId,
      metrics: [{ key: 'gas_lel', unit: '%LEL' }],
    })
    .returning({ id: monitoringDevices.id });
  deviceId = device!.id;
  const [second] = await t.platform.db
    .insert(monitoringDevices)
    .values({ code: 'AL-GAS-02', name: '另一企业探测器', type: 'gas', orgId: otherOrgId, metrics: [{ key: 'gas_lel', unit: '%LEL' }] })
    .returning({ id: monitoringDevices.id });
  otherDeviceId = second!.id;
  const [rule] = await t.platform.db
    .insert(monitoringAlarmRules)
    .values({ name: '可燃气体超限', kind: 'threshold', metric: 'gas_lel', deviceId, op: '>', threshold: 20, level: 'red' })
    .returning({ id: monitoringAlarmRules.id });
  ruleId = rule!.id;
});
afterEach(closeAll);
afterAll(() => t.close());

describe('an alarm’s closed loop', () => {
  it('is raised once, folds duplicates, and goes acknowledged → confirmed → dispatched → answered → closed', async () => {
    t.clock.set(T0);
    const events: PlatformEvent[] = [];
    const stop = t.platform.events.subscribe((e) => events.push(e));
    const first = await raise({ value: 25 });
    // The first circle hears at once, on the notifications stream too: the unit, the street of its area, the duty desk.
    // On PostgreSQL the events travel through LISTEN/NOTIFY and arrive a moment after the commit.
    const streamedTo = () => events.filter((e) => e.type === 'notification').flatMap((e) => e.userIds);
    for (let i = 0; i < 100 && ![plant, area, duty].every((c) => streamedTo().includes(c.user!.id)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    stop();
    expect(first.folded).toBe(false);
    expect(first.code).toMatch(/^BJ-2026-\d{6}$/);
    const streamed = streamedTo();
    expect(streamed).toEqual(expect.arrayContaining([plant.user!.id, area.user!.id, duty.user!.id]));
    expect(streamed).not.toContain(office.user!.id);
    expect((await told(plant, 'monitoring.alarm.red'))[0]).toMatchObject({ link: `/monitoring/alarms/${first.id}` });
    expect(await told(parent, 'monitoring.alarm.red')).toEqual([]);
    // The active red alarm raises the device's risk source to 重大.
    expect(await sourceLevel()).toBe('major');

    await at('2026-06-01T10:01:00+08:00');
    const again = await raise({ value: 31 });
    expect(again).toMatchObject({ id: first.id, folded: true, notices: [] });
    expect((await told(plant, 'monitoring.alarm.red')).length).toBe(1);
    expect((await openAlarmCountOf(t.platform.db, [deviceId, otherDeviceId])).get(deviceId)).toBe(1);

    const shown = await plant.get(`/api/alarms/${first.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      level: 'red',
      status: 'raised',
      count: 2,
      firstValue: 25,
      lastValue: 31,
      threshold: 20,
      unit: '%LEL',
      deviceCode: 'AL-GAS-01',
      ruleName: '可燃气体超限',
      allowedActions: ['acknowledge'],
    });
    expect(shown.body.timeline.map((e: { action: string }) => e.action)).toEqual(['raise']);

    // Values back to normal: cleared, still open; a new crossing makes it active again.
    await t.platform.db.transaction((tx) => clearAlarm(tx, { ruleId, deviceId, at: t.clock.now(), value: 12 }));
    expect((await plant.get(`/api/alarms/${first.id}`)).body).toMatchObject({
      status: 'raised',
      clearedAt: expect.stringMatching(/^2026-06-01T02:01/),
    });

    expect((await act(plant, first.id, 'acknowledge')).status).toBe(200);
    expect((await act(plant, first.id, 'acknowledge')).status).toBe(409);
    const noNote = await act(plant, first.id, 'confirm');
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.fields[0].field).toBe('note');
    const confirmed = await act(plant, first.id, 'confirm', { note: '现场检测确认调压箱法兰泄漏' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.allowedActions).toEqual(['dispatch', 'openHazard']);

    const past = await act(plant, first.id, 'dispatch', {
      orgId: plantOrgId,
      deadline: '2026-06-01T09:00:00+08:00',
      instructions: '关阀更换垫片',
    });
    expect(past.status).toBe(422);
    expect(past.body.error.fields[0].field).toBe('deadline');
    // An enterprise cannot hand its alarm to a unit beyond its own reach (which would then see it).
    const beyond = await act(plant, first.id, 'dispatch', {
      orgId: await t.orgId('JTYSJ'),
      deadline: '2026-06-01T18:00:00+08:00',
      instructions: '请交通运输局处置',
    });
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.fields[0].field).toBe('orgId');
    const dispatched = await act(office, first.id, 'dispatch', {
      orgId: plantOrgId,
      deadline: '2026-06-01T18:00:00+08:00',
      instructions: '关阀更换垫片，复测合格后反馈',
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body).toMatchObject({ status: 'dispatched', dispatchOrgName: '西港报警测试燃气有限公司' });
    // The unit it went to hears of it and finds it in its inbox; the 安委办 that dispatched may not answer for it.
    expect((await told(plant, 'monitoring.alarm.dispatched'))[0]!.title).toContain(first.code);
    const inbox = (await plant.get('/api/inbox')).body.items as { kind: string; objectId: string; due: string }[];
    expect(inbox.filter((i) => i.kind === 'monitoring.alarmDispatched')).toEqual([
      expect.objectContaining({ objectId: first.id, due: '2026-06-01' }),
    ]);
    expect(dispatched.body.allowedActions).toEqual(['answer', 'openHazard']);
    expect((await area.get(`/api/alarms/${first.id}`)).body.allowedActions).toEqual(['openHazard']);
    expect((await act(area, first.id, 'answer', { feedback: '已处理' })).status).toBe(403);

    const opened = await act(plant, first.id, 'openHazard');
    expect(opened.status).toBe(200);
    expect(opened.body.hazardCode).toMatch(/^YH-2026-/);
    const [hazard] = await t.platform.db.select().from(hazards).where(eq(hazards.id, opened.body.hazardId));
    expect(hazard).toMatchObject({
      origin: 'monitoring',
      originRef: first.code,
      responsibleOrgId: plantOrgId,
      riskSourceId: sourceId,
      level: '一般',
    });
    expect((await act(plant, first.id, 'openHazard')).status).toBe(409);

    expect((await act(plant, first.id, 'answer', { feedback: '已更换垫片，复测 0 %LEL' })).status).toBe(200);
    const closed = await act(plant, first.id, 'close', { note: '复测正常，归档' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.stringMatching(/^2026-06-01T02:01/), allowedActions: [] });
    expect(closed.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'raise',
      'clear',
      'acknowledge',
      'confirm',
      'dispatch',
      'openHazard',
      'answer',
      'close',
    ]);
    // Closed: the risk source shows its assessed level again (none), and a new crossing is a new alarm.
    expect(await sourceLevel()).toBeNull();
    expect((await openAlarmCountOf(t.platform.db, [deviceId])).size).toBe(0);
    const next = await raise({ value: 22 });
    expect(next.folded).toBe(false);
    expect(next.id).not.toBe(first.id);
  });

  it('dismisses a false alarm and closes it; an enterprise without the alarm in reach does not even see it', async () => {
    const a = await raise({ value: 21 });
    expect((await other.get(`/api/alarms/${a.id}`)).status).toBe(404);
    expect((await act(other, a.id, 'acknowledge')).status).toBe(404);
    expect((await act(plant, a.id, 'fly')).status).toBe(404);
    expect((await act(plant, a.id, 'acknowledge')).status).toBe(200);
    expect((await act(plant, a.id, 'dismiss', { note: '探头校准时误报' })).body.allowedActions).toEqual(['close']);
    expect((await act(plant, a.id, 'openHazard')).status).toBe(409);
    expect((await act(plant, a.id, 'close', { note: '误报，已校准' })).body.status).toBe('closed');
  });
});

describe('who sees which alarms', () => {
  it('an enterprise its own devices, a street those in its area, the district all; filters by device, status and level', async () => {
    const mine = await raise({ value: 23 });
    const theirs = await raise({ ruleId: null, deviceId: otherDeviceId, level: 'yellow', value: 30 });
    const ids = async (client: Client, query = '') =>
      ((await client.get(`/api/alarms?open=true${query}`)).body.items as { id: string }[]).map((i) => i.id).sort();
    expect(await ids(plant)).toEqual([mine.id]);
    expect(await ids(other)).toEqual([theirs.id]);
    expect(await ids(area)).toEqual([mine.id]);
    // A department's reach is its own subtree: the unit is not in it, nor the device's area.
    expect(await ids(elsewhere)).toEqual([]);
    expect(await ids(office, '&status=raised')).toEqual([mine.id, theirs.id].sort());
    expect(await ids(office, '&level=yellow')).toEqual([theirs.id]);
    expect(await ids(office, `&deviceId=${deviceId}`)).toEqual([mine.id]);
    expect((await office.get('/api/alarms?level=purple')).status).toBe(400);
    const sheet = await office.get('/api/alarms.xlsx?open=true');
    expect(sheet.status).toBe(200);
    expect(sheet.headers['content-type']).toContain('spreadsheetml');
    // The 待办 of those who may acknowledge: the unit's own alarm only.
    const inbox = (await plant.get('/api/inbox')).body.items as { kind: string; objectId: string }[];
    expect(inbox.filter((i) => i.kind === 'monitoring.alarmRaised').map((i) => i.objectId)).toEqual([mine.id]);
  });
});

describe('escalation and reminders', () => {
  it('escalates an unacknowledged red alarm every 5 minutes: the unit’s parent, then 安委办, then the robots; acknowledging stops it', async () => {
    await at('2026-06-02T09:00:00+08:00');
    const a = await raise({ value: 40, at: new Date('2026-06-02T09:00:00+08:00') });
    await at('2026-06-02T09:04:30+08:00');
    expect(await checkAlarmEscalations(t.platform)).toEqual({ escalated: 0, reminded: 0 });
    await at('2026-06-02T09:05:00+08:00');
    // The first step and the first reminder fall due together; a second run at the same minute does nothing.
    expect(await checkAlarmEscalations(t.platform)).toEqual({ escalated: 1, reminded: 1 });
    expect(await checkAlarmEscalations(t.platform)).toEqual({ escalated: 0, reminded: 0 });
    expect((await told(parent, 'monitoring.alarm.escalated'))[0]!.title).toContain('5分钟未确认');
    expect(await told(office, 'monitoring.alarm.escalated')).toEqual([]);
    expect((await told(duty, 'monitoring.alarm.reminder')).length).toBe(1);
    await at('2026-06-02T09:10:00+08:00');
    expect(await checkAlarmEscalations(t.platform)).toEqual({ escalated: 1, reminded: 1 });
    expect((await told(office, 'monitoring.alarm.escalated'))[0]!.title).toContain('10分钟未确认');
    const shown = (await office.get(`/api/alarms/${a.id}`)).body;
    expect(shown).toMatchObject({
      escalationLevel: 2,
      escalatedAt: expect.stringMatching(/^2026-06-02T01:10/),
      nextReminderAt: expect.stringMatching(/^2026-06-02T01:15/),
    });
    expect(
      shown.timeline.filter((e: { action: string }) => e.action === 'escalate').map((e: { input: { circle: string } }) => e.input.circle),
    ).toEqual(['parentOrg', 'safetyOffice']);

    expect((await act(duty, a.id, 'acknowledge')).status).toBe(200);
    await at('2026-06-02T09:30:00+08:00');
    expect(await checkAlarmEscalations(t.platform)).toEqual({ escalated: 0, reminded: 0 });
    expect((await office.get(`/api/alarms/${a.id}`)).body).toMatchObject({
      escalationLevel: 2,
      acknowledgedBy: '测试al_duty',
      nextReminderAt: null,
    });
  });

  it('follows the minutes per level the administrator sets; a yellow alarm waits longer', async () => {
    await at('2026-06-03T08:00:00+08:00');
    const current = (await admin.get('/api/alarms/settings')).body;
    expect(current.sources.escalateAfterMinutes.label.zh).toContain('升级');
    const settings = { ...current.settings, escalateAfterMinutes: { ...current.settings.escalateAfterMinutes, yellow: 45 } };
    expect((await plant.get('/api/alarms/settings')).status).toBe(403);
    expect((await plant.put('/api/alarms/settings', settings)).status).toBe(403);
    expect((await admin.put('/api/alarms/settings', settings)).status).toBe(200);
    await at('2026-06-03T09:00:00+08:00');
    await raise({ value: 26, level: 'yellow', at: new Date('2026-06-03T09:00:00+08:00') });
    await at('2026-06-03T09:44:00+08:00');
    expect((await checkAlarmEscalations(t.platform)).escalated).toBe(0);
    await at('2026-06-03T09:45:00+08:00');
    expect((await checkAlarmEscalations(t.platform)).escalated).toBe(1);
  });
});

describe('each person’s channels', () => {
  it('keeps the channels the administrator requires for red; SMS without a gateway is recorded as skipped', async () => {
    await at('2026-06-04T07:00:00+08:00');
    const prefs = await plant.get('/api/alarms/channel-prefs');
    expect(prefs.body).toMatchObject({ channels: { red: ['app', 'robot'], blue: ['app'] }, required: { red: ['app', 'robot'], blue: [] } });
    const saved = await plant.put('/api/alarms/channel-prefs', { channels: { red: ['sms'], orange: ['sms'], yellow: [], blue: [] } });
    expect(saved.status).toBe(200);
    expect(saved.body.channels).toEqual({ red: ['app', 'robot', 'sms'], orange: ['sms'], yellow: [], blue: [] });
    expect((await plant.put('/api/alarms/channel-prefs', { channels: { red: ['pager'], orange: [], yellow: [], blue: [] } })).status).toBe(
      400,
    );
    // Red: the plant's SMS has no gateway configured (and the plant no phone): counted as skipped on the timeline.
    await at('2026-06-04T08:00:00+08:00');
    const red = await raise({ value: 33 });
    const raised = (await office.get(`/api/alarms/${red.id}`)).body.timeline[0];
    expect(raised).toMatchObject({ action: 'raise', input: { delivery: { robot: true, sms: { queued: 0, skipped: 1 } } } });
    await closeAll();

    // Orange: only SMS chosen, so no in-app notice; the reminder's SMS has no gateway and is skipped.
    await at('2026-06-04T09:00:00+08:00');
    const before = (await told(plant, 'monitoring.alarm.orange')).length;
    const a = await raise({ value: 27, level: 'orange', at: new Date('2026-06-04T09:00:00+08:00') });
    expect((await told(plant, 'monitoring.alarm.orange')).length).toBe(before);
    expect((await told(area, 'monitoring.alarm.orange')).length).toBeGreaterThan(0);
    await at('2026-06-04T09:15:00+08:00');
    await checkAlarmEscalations(t.platform);
    const shown = (await office.get(`/api/alarms/${a.id}`)).body;
    const step = shown.timeline.find((e: { action: string }) => e.action === 'escalate');
    expect(step.input).toMatchObject({ step: 1, circle: 'parentOrg' });
  });
});

describe('a deleted rule', () => {
  it('leaves its alarms in place, without the rule', async () => {
    await at('2026-06-05T09:00:00+08:00');
    const [rule] = await t.platform.db
      .insert(monitoringAlarmRules)
      .values({ name: '临时规则', kind: 'threshold', metric: 'gas_lel', deviceId, op: '>=', threshold: 10, level: 'blue' })
      .returning({ id: monitoringAlarmRules.id });
    const a = await raise({ ruleId: rule!.id, level: 'blue', value: 11, threshold: 10 });
    expect((await office.get(`/api/alarms/${a.id}`)).body).toMatchObject({ ruleId: rule!.id, ruleName: '临时规则' });
    await t.platform.db.delete(monitoringAlarmRules).where(eq(monitoringAlarmRules.id, rule!.id));
    expect((await office.get(`/api/alarms/${a.id}`)).body).toMatchObject({
      ruleId: null,
      ruleName: null,
      level: 'blue',
      threshold: 10,
      count: 1,
    });
  });
});
