import { hazard as rules } from '@citysafe/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { hazardStandardClauses, hazardStandards } from './hazard-rules.tables.js';
import { findRepeatOf, seedHazardStandards } from './hazard-rules.service.js';
import { riskSources } from '../risk/index.js';
import { hazards } from './hazard.tables.js';

let t: TestApp;
let office: Client; // 安委办: holds hazard.manage
let emergency: Client; // 应急管理局: reads the library, may not change it
let expert: Client;

beforeAll(async () => {
  t = await testApp({ now: '2026-06-15T09:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office']);
  emergency = await t.userIn('YJGLJ', ['department']);
  expert = await t.userIn('AWB', ['expert']);
}, 120_000);
afterAll(() => t?.close());

const DAY = 86_400_000;

describe('GET/PUT /api/hazards/settings', () => {
  it('answers the defaults with their values, on the static path rather than /api/hazards/{id}', async () => {
    const res = await emergency.get('/api/hazards/settings');
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual(rules.defaultHazardSettings);
    expect(res.body.settings.reviewDays).toBe(10);
    expect(res.body.defaults).toEqual(rules.defaultHazardSettings);
    expect(res.body.updatedAt).toBeNull();
    expect(res.body.allowedActions).toEqual([]);
    expect((await office.get('/api/hazards/settings')).body.allowedActions).toEqual(['update']);
    expect((await t.anonymous.get('/api/hazards/settings')).status).toBe(401);
  });

  it('leaves /api/hazards/{id} to the hazards: a hazard id is not taken for the settings or the library', async () => {
    const unknown = crypto.randomUUID();
    expect((await emergency.get(`/api/hazards/${unknown}`)).status).toBe(404);
    expect((await emergency.get('/api/hazards/standards')).body.items.length).toBeGreaterThan(0);
  });

  it('refuses a caller without hazard.manage (403) and bad input with the fields named in both languages (400)', async () => {
    const good = rules.defaultHazardSettings;
    expect((await emergency.put('/api/hazards/settings', good)).status).toBe(403);
    const negative = await office.put('/api/hazards/settings', { ...good, reviewDays: 0 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.fields.map((f: { field: string }) => f.field)).toContain('reviewDays');
    const unordered = await office.put('/api/hazards/settings', {
      ...good,
      escalation: [
        { daysOverdue: 5, notify: 'responsiblePerson' },
        { daysOverdue: 3, notify: 'unit' },
      ],
    });
    expect(unordered.status).toBe(400);
    const field = unordered.body.error.fields.find((f: { field: string }) => f.field === 'escalation.1.daysOverdue');
    expect(field.message.zh).toContain('逐级增加');
    expect(field.message.en).toContain('increase');
    const twice = await office.put('/api/hazards/settings', {
      ...good,
      escalation: [
        { daysOverdue: 0, notify: 'unit' },
        { daysOverdue: 3, notify: 'unit' },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields.map((f: { field: string }) => f.field)).toContain('escalation.1.notify');
    const unknown = await office.put('/api/hazards/settings', { ...good, escalation: [{ daysOverdue: 0, notify: 'mayor' }] });
    expect(unknown.status).toBe(400);
    expect((await office.get('/api/hazards/settings')).body.updatedAt).toBeNull();
  });

  it('stores a change, audited, which the services read through hazardSettings()', async () => {
    const changed = { ...rules.defaultHazardSettings, reviewDays: 7, repeatWindowDays: 30 };
    const res = await office.put('/api/hazards/settings', changed);
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual(changed);
    expect(res.body.updatedBy).toMatch(/^测试/);
    expect((await expert.get('/api/hazards/settings')).body.settings.reviewDays).toBe(7);
    const log = await (await t.admin()).get('/api/audit?entityType=hazardSettings');
    expect(log.body.items[0]).toMatchObject({ action: 'hazardSettings.update', link: '/hazards/settings' });
    expect(log.body.items[0].changes.map((c: { field: string }) => c.field)).toEqual(
      expect.arrayContaining(['reviewDays', 'repeatWindowDays']),
    );
    expect((await office.put('/api/hazards/settings', rules.defaultHazardSettings)).status).toBe(200);
  });
});

describe('the 判定标准 library', () => {
  it('is seeded with the built-in standards and their clauses, each with its source and confidence', async () => {
    const res = await expert.get('/api/hazards/standards');
    expect(res.status).toBe(200);
    const codes = res.body.items.map((s: { code: string }) => s.code);
    expect(codes).toEqual(expect.arrayContaining(rules.builtInHazardStandards.map((s) => s.code)));
    const gb = res.body.items.find((s: { code: string }) => s.code === 'gb35181-2017');
    expect(gb).toMatchObject({ builtIn: true, active: true, confidence: 'U', documentNumber: 'GB 35181-2017', sector: 'fire' });
    expect(gb.source.zh).toContain('未与官方原文核对');
    expect(gb.clauses.map((c: { number: string }) => c.number)).toEqual(
      rules.builtInHazardStandards.find((s) => s.code === 'gb35181-2017')!.clauses.map((c) => c.number),
    );
    expect(res.body.items.find((s: { code: string }) => s.code === 'minbao-2023').confidence).toBe('V');
    expect(res.body.allowedActions).toEqual([]);
    expect(gb.allowedActions).toEqual([]);
    expect((await office.get('/api/hazards/standards')).body.allowedActions).toEqual(['create']);
  });

  it('lets hazard.manage add a standard and its clauses (201), refuses others (403), duplicates (409) and bad input (400)', async () => {
    const body = {
      code: 'db61-test-2026',
      name: '某省地方判定细则',
      documentNumber: '陕应急〔2026〕1号',
      sector: 'gas',
      effectiveOn: '2026-01-01',
      source: { zh: '省应急管理厅网站，已核对原文' },
      confidence: 'V',
    };
    expect((await emergency.post('/api/hazards/standards', body)).status).toBe(403);
    expect((await office.post('/api/hazards/standards', { ...body, sector: 'weather' })).status).toBe(400);
    expect((await office.post('/api/hazards/standards', { ...body, code: 'Bad Code' })).status).toBe(400);
    const created = await office.post('/api/hazards/standards', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ builtIn: false, active: true, source: { zh: body.source.zh, en: body.source.zh }, clauses: [] });
    expect(created.body.allowedActions).toEqual(['update', 'delete', 'addClause']);
    const dup = await office.post('/api/hazards/standards', body);
    expect(dup.status).toBe(409);
    expect(dup.body.error.message.zh).toContain(body.code);

    const id = created.body.id;
    expect(
      (await emergency.post(`/api/hazards/standards/${id}/clauses`, { number: '第一条', text: '未设置燃气泄漏报警装置' })).status,
    ).toBe(403);
    const first = await office.post(`/api/hazards/standards/${id}/clauses`, { number: '第一条', text: '未设置燃气泄漏报警装置' });
    expect(first.status).toBe(201);
    const second = await office.post(`/api/hazards/standards/${id}/clauses`, { number: '第二条', text: '瓶装液化石油气存放在地下室' });
    expect(second.body.position).toBe(first.body.position + 1);
    expect((await office.post(`/api/hazards/standards/${id}/clauses`, { number: '第一条', text: '重复条款号' })).status).toBe(409);
    expect((await office.post(`/api/hazards/standards/${id}/clauses`, { number: '', text: '无条款号' })).status).toBe(400);
    expect(
      (await office.put(`/api/hazards/standards/clauses/${second.body.id}`, { number: '第一条', text: 'x 改', active: true })).status,
    ).toBe(409);
    const edited = await office.put(`/api/hazards/standards/clauses/${second.body.id}`, {
      number: '第三条',
      text: '瓶装液化石油气存放在地下室或半地下室',
      active: true,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.number).toBe('第三条');

    // Not cited by any hazard, not built-in: deleted for good.
    expect((await emergency.delete(`/api/hazards/standards/clauses/${first.body.id}`)).status).toBe(403);
    expect((await office.delete(`/api/hazards/standards/clauses/${first.body.id}`)).body).toEqual({ outcome: 'deleted' });
    expect((await office.delete(`/api/hazards/standards/clauses/${first.body.id}`)).status).toBe(404);
    expect((await office.delete(`/api/hazards/standards/${id}`)).body).toEqual({ outcome: 'deleted' });
    const after = (await office.get('/api/hazards/standards')).body.items.map((s: { id: string }) => s.id);
    expect(after).not.toContain(id);
    const log = await (await t.admin()).get('/api/audit?entityType=hazardStandard');
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['hazardStandard.create', 'hazardStandard.delete']),
    );
  });

  it('deactivates built-in entries instead of deleting them, keeps a built-in clause number, and the next seed keeps the edits', async () => {
    const library = (await office.get('/api/hazards/standards')).body.items;
    const gongmao = library.find((s: { code: string }) => s.code === 'gongmao-2023');
    const [c1, c2] = gongmao.clauses;
    expect((await office.delete(`/api/hazards/standards/clauses/${c1.id}`)).body).toEqual({ outcome: 'deactivated' });
    const renumbered = await office.put(`/api/hazards/standards/clauses/${c2.id}`, { number: '第99条', text: c2.text, active: true });
    expect(renumbered.status).toBe(422);
    expect(renumbered.body.error.fields[0].field).toBe('number');
    const retext = await office.put(`/api/hazards/standards/clauses/${c2.id}`, {
      number: c2.number,
      text: `${c2.text}（本地补充）`,
      active: true,
    });
    expect(retext.status).toBe(200);
    expect((await office.delete(`/api/hazards/standards/${gongmao.id}`)).body).toEqual({ outcome: 'deactivated' });

    // A later release ships a clause this database lacks: the next start adds it and leaves the edits alone.
    const db = t.platform.db;
    const missing = rules.builtInHazardStandards.find((s) => s.code === 'gongmao-2023')!.clauses.at(-1)!;
    await db.delete(hazardStandardClauses).where(eq(hazardStandardClauses.number, missing.number));
    await seedHazardStandards(db);
    const again = (await office.get('/api/hazards/standards')).body.items.find((s: { code: string }) => s.code === 'gongmao-2023');
    expect(again.active).toBe(false);
    expect(again.clauses.find((c: { id: string }) => c.id === c1.id).active).toBe(false);
    expect(again.clauses.find((c: { id: string }) => c.id === c2.id).text).toContain('本地补充');
    expect(again.clauses.map((c: { number: string }) => c.number)).toContain(missing.number);
    expect(again.clauses).toHaveLength(gongmao.clauses.length);
    expect(await db.select({ id: hazardStandards.id }).from(hazardStandards).where(eq(hazardStandards.code, 'gongmao-2023'))).toHaveLength(
      1,
    );

    const log = await (await t.admin()).get('/api/audit?entityType=hazardStandardClause');
    expect(log.body.items.find((e: { action: string }) => e.action === 'hazardStandardClause.deactivate')).toMatchObject({
      link: '/hazards/standards',
    });

    // Reactivated by PUT.
    const fields = {
      name: gongmao.name,
      nameEn: gongmao.nameEn,
      issuer: gongmao.issuer,
      documentNumber: gongmao.documentNumber,
      sector: gongmao.sector,
      effectiveOn: gongmao.effectiveOn,
      source: gongmao.source,
      confidence: gongmao.confidence,
      active: true,
    };
    expect((await emergency.put(`/api/hazards/standards/${gongmao.id}`, fields)).status).toBe(403);
    const restored = await office.put(`/api/hazards/standards/${gongmao.id}`, fields);
    expect(restored.status).toBe(200);
    expect(restored.body.active).toBe(true);
    expect((await office.put(`/api/hazards/standards/${crypto.randomUUID()}`, fields)).status).toBe(404);
  });

  it('answers 404 for an unknown standard or clause and 400 for a malformed id', async () => {
    const unknown = crypto.randomUUID();
    expect((await office.delete(`/api/hazards/standards/${unknown}`)).status).toBe(404);
    expect((await office.post(`/api/hazards/standards/${unknown}/clauses`, { number: '1', text: '某条款内容' })).status).toBe(404);
    expect((await office.put(`/api/hazards/standards/clauses/${unknown}`, { number: '1', text: '某条款内容', active: true })).status).toBe(
      404,
    );
    expect((await office.delete('/api/hazards/standards/clauses/not-a-uuid')).status).toBe(400);
  });
});

describe('through POST /api/hazards', () => {
  it('flags the second hazard of a category at a place as a repeat of the first, and refuses a deactivated clause (422)', async () => {
    const responsibleOrgId = await t.orgId('XZJB');
    const hazard = (extra: Record<string, unknown>) => ({
      title: '楼道电动自行车充电',
      level: '一般',
      responsibleOrgId,
      category: 'e_bike',
      lng: 109.081,
      lat: 34.401,
      foundAt: t.clock.now().toISOString(),
      ...extra,
    });
    const first = await office.post('/api/hazards', hazard({}));
    expect(first.status).toBe(201);
    expect(first.body.repeatOf).toBeNull();
    const second = await office.post('/api/hazards', hazard({ lat: 34.4012 }));
    expect(second.status).toBe(201);
    expect(second.body.repeatOf).toEqual({ id: first.body.id, code: first.body.code });

    const library = (await office.get('/api/hazards/standards')).body.items;
    const clause = library.find((s: { code: string }) => s.code === 'gb35181-2017').clauses[1];
    const major = hazard({ level: '重大', category: 'fire', standardClauseId: clause.id });
    expect((await office.post('/api/hazards', major)).status).toBe(201);
    expect((await office.delete(`/api/hazards/standards/clauses/${clause.id}`)).body).toEqual({ outcome: 'deactivated' });
    const refused = await office.post('/api/hazards', major);
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0].field).toBe('standardClauseId');
  });

  it('keeps a custom clause a hazard cites: DELETE deactivates it', async () => {
    const created = await office.post('/api/hazards/standards', {
      code: 'cited-test',
      name: '引用测试标准',
      source: { zh: '测试用来源' },
      confidence: 'U',
    });
    const clause = await office.post(`/api/hazards/standards/${created.body.id}/clauses`, { number: '1', text: '被引用的条款' });
    const cited = await office.post('/api/hazards', {
      title: '引用自定义条款的重大隐患',
      level: '重大',
      responsibleOrgId: await t.orgId('XZJB'),
      foundAt: t.clock.now().toISOString(),
      standardClauseId: clause.body.id,
    });
    expect(cited.status).toBe(201);
    expect((await office.delete(`/api/hazards/standards/clauses/${clause.body.id}`)).body).toEqual({ outcome: 'deactivated' });
    expect((await office.delete(`/api/hazards/standards/${created.body.id}`)).body).toEqual({ outcome: 'deactivated' });
  });
});

describe('findRepeatOf', () => {
  let orgA: string;
  let orgB: string;
  let seq = 0;
  const at = { lng: 109.08, lat: 34.4 };
  /** About 11 m per 0.0001° of latitude. */
  const north = (metres: number) => ({ lng: at.lng, lat: at.lat + metres / 111_320 });

  beforeAll(async () => {
    orgA = await t.orgId('XZJB');
    orgB = await t.orgId('XHJB');
  });

  async function stored(fields: {
    foundAt: Date;
    category?: string;
    org?: string;
    point?: { lng: number; lat: number } | null;
    status?: string;
    riskSourceId?: string;
  }) {
    const [row] = await t.platform.db
      .insert(hazards)
      .values({
        code: `YH-T-${String(++seq).padStart(6, '0')}`,
        title: '测试隐患',
        level: '一般',
        status: (fields.status ?? 'closed') as 'closed',
        origin: 'grid_patrol',
        category: fields.category ?? 'fire',
        responsibleOrgId: fields.org ?? orgA,
        reportedOrgId: fields.org ?? orgA,
        foundAt: fields.foundAt,
        geom: fields.point === null ? null : { x: (fields.point ?? at).lng, y: (fields.point ?? at).lat },
        riskSourceId: fields.riskSourceId ?? null,
      })
      .returning({ id: hazards.id, code: hazards.code });
    return row!;
  }

  it('finds a closed hazard found exactly repeatWindowDays before, not one a millisecond earlier; an open one whatever its age', async () => {
    const foundAt = t.clock.now();
    const window = rules.defaultHazardSettings.repeatWindowDays;
    const probe = { category: 'e_bike', foundAt, responsibleOrgId: orgA, point: at };
    await stored({ category: 'e_bike', foundAt: new Date(foundAt.getTime() - window * DAY - 1) });
    expect(await findRepeatOf(t.platform.db, probe)).toBeNull();
    const edge = await stored({ category: 'e_bike', foundAt: new Date(foundAt.getTime() - window * DAY) });
    expect(await findRepeatOf(t.platform.db, probe)).toEqual(edge);
    // A later one, or the hazard itself, is never its own repeat.
    expect(await findRepeatOf(t.platform.db, { ...probe, foundAt: new Date(foundAt.getTime() - window * DAY - 2) })).toBeNull();
    expect(await findRepeatOf(t.platform.db, { ...probe, excludeId: edge.id })).toBeNull();
    // Still open a year on: the earliest open one at the place is the one repeated.
    const old = await stored({ category: 'e_bike', foundAt: new Date(foundAt.getTime() - 365 * DAY), status: 'rectifying' });
    expect(await findRepeatOf(t.platform.db, probe)).toEqual(old);
  });

  it('counts the same unit within 50 m, or the same risk source; not another unit, category or a point 100 m off', async () => {
    const foundAt = new Date(t.clock.now().getTime() + 1000 * DAY);
    const earlier = new Date(foundAt.getTime() - 10 * DAY);
    const near = await stored({ category: 'gas', foundAt: earlier, point: north(40) });
    const probe = { category: 'gas', foundAt, responsibleOrgId: orgA, point: at };
    expect(await findRepeatOf(t.platform.db, probe)).toEqual(near);
    expect(await findRepeatOf(t.platform.db, { ...probe, category: 'fire' })).toBeNull();
    expect(await findRepeatOf(t.platform.db, { ...probe, responsibleOrgId: orgB })).toBeNull();
    expect(await findRepeatOf(t.platform.db, { ...probe, point: north(100) })).toBeNull();
    expect(await findRepeatOf(t.platform.db, { ...probe, point: null })).toBeNull();
    expect(await findRepeatOf(t.platform.db, { ...probe, category: null })).toBeNull();
  });

  it('counts the same risk source without points, whoever the responsible unit', async () => {
    const [source] = await t.platform.db
      .insert(riskSources)
      .values({
        code: 'FX-T-000001',
        name: '重复隐患测试仓库',
        category: 'fire',
        geom: { type: 'Point', coordinates: [at.lng, at.lat] },
        orgId: orgB,
      })
      .returning({ id: riskSources.id });
    const foundAt = new Date(t.clock.now().getTime() + 2000 * DAY);
    const earlier = await stored({
      category: 'special_equipment',
      foundAt: new Date(foundAt.getTime() - DAY),
      point: null,
      org: orgB,
      riskSourceId: source!.id,
    });
    const probe = { category: 'special_equipment', foundAt, responsibleOrgId: orgA, point: null };
    expect(await findRepeatOf(t.platform.db, { ...probe, riskSourceId: source!.id })).toEqual(earlier);
    expect(await findRepeatOf(t.platform.db, probe)).toBeNull();
  });

  it('finds nothing when the window is set to 0 (the flag turned off)', async () => {
    const foundAt = t.clock.now();
    const earlier = await stored({ category: 'confined_space', foundAt: new Date(foundAt.getTime() - DAY) });
    const probe = { category: 'confined_space', foundAt, responsibleOrgId: orgA, point: at };
    expect(await findRepeatOf(t.platform.db, probe)).toEqual(earlier);
    await office.put('/api/hazards/settings', { ...rules.defaultHazardSettings, repeatWindowDays: 0 });
    expect(await findRepeatOf(t.platform.db, probe)).toBeNull();
    await office.put('/api/hazards/settings', rules.defaultHazardSettings);
  });
});
