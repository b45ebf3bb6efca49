import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';

let t: TestApp;
let xinzhu: Client; // 新筑街办 (street: keeps its own duty)
let xinhe: Client; // 新合街办
let officer: Client; // 值班员 of 安委办 (district reach)
let grid: Client; // 网格员: reads, keeps no duty
let plant: Client; // an enterprise under 新筑
let xinzhuId: string;

/** 2026-03-02 10:00 in Shanghai: the duty day is 2026-03-02. */
const NOW = '2026-03-02T10:00:00+08:00';
const today = '2026-03-02';

beforeAll(async () => {
  t = await testApp({ now: NOW });
  const admin = await t.admin();
  xinzhuId = await t.orgId('XZJB');
  const res = await admin.post('/api/orgs', { code: 'QY-DUTY1', name: '西港值班测试企业', type: 'enterprise', parentId: xinzhuId });
  expect(res.status).toBe(201);
  await admin.post('/api/orgs', { code: 'QY-DUTY2', name: '西港另一值班企业', type: 'enterprise', parentId: xinzhuId });
  xinzhu = await t.userIn('XZJB', ['street'], 'duty_xinzhu');
  xinhe = await t.userIn('XHJB', ['street'], 'duty_xinhe');
  officer = await t.userIn('AWB', ['duty_officer'], 'duty_officer1');
  grid = await t.userIn('XZJB', ['grid_member'], 'duty_grid');
  plant = await t.userIn('QY-DUTY1', ['enterprise'], 'duty_plant');
  await t.userIn('QY-DUTY2', ['enterprise'], 'duty_other_plant');
  // Phones for the directory (the harness creates users without one).
  await t.platform.db.execute(sql`update users set phone = '1380000' || lpad((abs(hashtext(username)) % 10000)::text, 4, '0')
    where username like 'duty_%'`);
});
afterAll(() => t.close());

const leader = () => ({ userId: xinzhu.user!.id, name: '新筑带班', phone: '13800001111' });

describe('duty rosters', () => {
  it('401 anonymous, 403 without emergency.duty or outside the org scope, 400 naming the field', async () => {
    expect((await t.anonymous.get('/api/emergency/duty/rosters')).status).toBe(401);
    expect((await grid.put(`/api/emergency/duty/rosters/${today}`, { leader: leader() })).status).toBe(403);
    expect((await xinhe.put(`/api/emergency/duty/rosters/${today}`, { orgId: xinzhuId, leader: leader() })).status).toBe(403);
    const twice = await xinzhu.put(`/api/emergency/duty/rosters/${today}`, { leader: leader(), staff: [leader()] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields[0].field).toBe('staff.0');
    const badDate = await xinzhu.put('/api/emergency/duty/rosters/2026-02-30', { leader: leader() });
    expect(badDate.status).toBe(400);
    const nobody = await xinzhu.put(`/api/emergency/duty/rosters/${today}`, {
      leader: { ...leader(), userId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.fields[0].field).toBe('leader.userId');
  });

  it('one leader per org and day: a second PUT replaces the day, the month lists every day', async () => {
    const first = await xinzhu.put(`/api/emergency/duty/rosters/${today}`, { leader: { name: '甲', phone: '13800000001' } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await xinzhu.put(`/api/emergency/duty/rosters/${today}`, {
      leader: leader(),
      staff: [{ name: '值班员乙', phone: '13800002222' }],
    });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const month = await xinzhu.get('/api/emergency/duty/rosters?month=2026-03');
    expect(month.status).toBe(200);
    expect(month.body.org.id).toBe(xinzhuId);
    expect(month.body.days).toHaveLength(31);
    const filled = month.body.days.filter((d: { roster: unknown }) => d.roster !== null);
    expect(filled).toHaveLength(1);
    expect(filled[0].roster.leader).toMatchObject({ name: '新筑带班', phone: '13800001111' });
    expect(month.body.allowedActions).toEqual(['update']);
    // Another street does not read 新筑's roster.
    const read = await xinhe.get(`/api/emergency/duty/rosters?month=2026-03&orgId=${xinzhuId}`);
    expect(read.status).toBe(403);
  });

  it("today's duty: the caller's org first, `onDuty` for the leader, and an inbox item for them", async () => {
    const mine = await xinzhu.get('/api/emergency/duty/today');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ date: today, onDuty: true });
    expect(mine.body.rosters[0].orgId).toBe(xinzhuId);
    const district = await officer.get('/api/emergency/duty/today');
    expect(district.body.onDuty).toBe(false);
    expect(district.body.rosters.map((r: { orgId: string }) => r.orgId)).toContain(xinzhuId);
    const inbox = await xinzhu.get('/api/inbox');
    const item = inbox.body.items.find((i: { kind: string }) => i.kind === 'emergency.duty');
    expect(item).toMatchObject({ due: today, link: '/emergency/duty' });
    // The officer is rostered for tomorrow only: not on duty today.
    const tomorrow = await officer.put('/api/emergency/duty/rosters/2026-03-03', {
      leader: { userId: officer.user!.id, name: '值班员', phone: '13800003333' },
    });
    expect(tomorrow.status).toBe(200);
    const officerInbox = await officer.get('/api/inbox');
    expect(officerInbox.body.items.some((i: { kind: string }) => i.kind === 'emergency.duty')).toBe(false);
    expect((await officer.get('/api/emergency/duty/today')).body.onDuty).toBe(false);
  });
});

describe('the duty log, recording an incident, the handover', () => {
  let callId: string;
  let eventId: string;

  it('logs a call and an event; closing twice is a 409', async () => {
    expect((await grid.post('/api/emergency/duty/log', { kind: 'call', summary: '群众来电' })).status).toBe(403);
    const future = await xinzhu.post('/api/emergency/duty/log', { kind: 'call', summary: '来电', at: '2026-03-02T12:00:00+08:00' });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0].field).toBe('at');
    const call = await xinzhu.post('/api/emergency/duty/log', {
      kind: 'call',
      caller: '张先生',
      phone: '13912345678',
      summary: '新筑路与港务大道交叉口一仓库冒烟',
      at: '2026-03-02T09:40:00+08:00',
    });
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({ status: 'open', allowedActions: ['close', 'recordIncident'] });
    callId = call.body.id;
    const event = await xinzhu.post('/api/emergency/duty/log', { kind: 'event', summary: '辖区停电检修通知' });
    eventId = event.body.id;
    const closed = await xinzhu.post(`/api/emergency/duty/log/${eventId}/close`, { note: '已转告各社区' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedNote: '已转告各社区', allowedActions: [] });
    expect((await xinzhu.post(`/api/emergency/duty/log/${eventId}/close`, { note: '再次办结' })).status).toBe(409);
    expect((await xinhe.post(`/api/emergency/duty/log/${callId}/close`, { note: '越权' })).status).toBe(404);
    const list = await xinzhu.get('/api/emergency/duty/log?status=open');
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([callId]);
  });

  it('the handover lists the open entries; recording the call as an incident moves it to the open incidents', async () => {
    const before = await xinzhu.get('/api/emergency/duty/handover');
    expect(before.status).toBe(200);
    expect(before.body.items.openLogEntries.map((e: { id: string }) => e.id)).toEqual([callId]);
    expect(before.body.items.openIncidents).toEqual([]);

    const recorded = await xinzhu.post(`/api/emergency/duty/log/${callId}/incident`, {
      title: '新筑某仓库火情',
      category: 'fire',
      occurredAt: '2026-03-02T09:35:00+08:00',
      placeName: '新筑路与港务大道交叉口',
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.entry).toMatchObject({ status: 'recorded', incidentId: recorded.body.incidentId });
    expect(recorded.body.entry.incidentCode).toMatch(/^SG-2026-\d{4}$/);
    const [incident] = await rows<{ origin: string; origin_ref: string; learned_at: Date | string; summary: string; status: string }>(
      t.platform.db,
      sql`select origin, origin_ref, learned_at, summary, status from incidents where id = ${recorded.body.incidentId}`,
    );
    expect(incident).toMatchObject({ origin: 'duty', origin_ref: callId, summary: '新筑路与港务大道交叉口一仓库冒烟', status: 'reported' });
    expect(new Date(incident!.learned_at).toISOString()).toBe('2026-03-02T01:40:00.000Z');
    // A second click finds the entry no longer open: one incident, not two.
    const again = await xinzhu.post(`/api/emergency/duty/log/${callId}/incident`, {
      title: '新筑某仓库火情',
      category: 'fire',
      occurredAt: '2026-03-02T09:35:00+08:00',
    });
    expect(again.status).toBe(409);

    const draft = await xinzhu.get('/api/emergency/duty/handover');
    expect(draft.body.items.openLogEntries).toEqual([]);
    expect(draft.body.items.openIncidents).toMatchObject([{ id: recorded.body.incidentId, status: 'reported' }]);
    expect(draft.body.summary).toBe('未结事故 1 起，待处理值班记录 0 条');

    const handed = await xinzhu.post('/api/emergency/duty/handovers', { toName: '夜班值班员', note: '火情待续报' });
    expect(handed.status).toBe(201);
    expect(handed.body).toMatchObject({ fromName: '测试duty_xinzhu', toName: '夜班值班员', date: today });
    expect(handed.body.items.openIncidents).toHaveLength(1);
    const listed = await officer.get('/api/emergency/duty/handovers');
    expect(listed.body.items.map((h: { id: string }) => h.id)).toContain(handed.body.id);
    expect((await xinhe.get('/api/emergency/duty/handovers')).body.items).toEqual([]);
    const last = await xinzhu.get('/api/emergency/duty/handover');
    expect(last.body.last.id).toBe(handed.body.id);
  });
});

describe('the contact directory', () => {
  it('lists people with phones by org and role, within reach and the district’s bodies, without account data', async () => {
    const street = await xinhe.get('/api/emergency/contacts');
    expect(street.status).toBe(200);
    const names = street.body.orgs.map((o: { name: string }) => o.name);
    expect(names).toContain('新合街道办事处');
    expect(names).toContain('新筑街道办事处');
    expect(names).toContain('安全生产委员会办公室');
    // 新合 reaches no enterprise of 新筑.
    expect(names).not.toContain('西港值班测试企业');
    const body = JSON.stringify(street.body);
    expect(body).not.toMatch(/password|username|lastLogin/i);
    const person = street.body.orgs
      .find((o: { name: string }) => o.name === '新筑街道办事处')
      .people.find((p: { userId: string }) => p.userId === xinzhu.user!.id);
    expect(person).toMatchObject({ onDutyToday: true, roles: [{ code: 'street' }] });
    expect(person.phone).toMatch(/^1380000\d{4}$/);

    const enterprise = await plant.get('/api/emergency/contacts');
    const seen = enterprise.body.orgs.map((o: { name: string }) => o.name);
    expect(seen).toContain('西港值班测试企业');
    expect(seen).toContain('新筑街道办事处');
    expect(seen).not.toContain('西港另一值班企业');

    const district = await officer.get('/api/emergency/contacts');
    expect(district.body.orgs.map((o: { name: string }) => o.name)).toEqual(
      expect.arrayContaining(['西港值班测试企业', '西港另一值班企业']),
    );
    const searched = await officer.get(`/api/emergency/contacts?q=${encodeURIComponent('新合')}`);
    expect(searched.body.orgs.map((o: { name: string }) => o.name)).toEqual(['新合街道办事处']);
  });
});
