import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { areaBoundaries } from '../map/index.js';

let t: TestApp;
let office: Client; // 安委办: the district
let xinzhu: Client; // 新筑街办
let xinhe: Client; // 新合街办
let commander: Client; // a second person of 新筑街办 who holds roles
let plantA: Client; // an enterprise under 新筑街办
let plantB: Client; // an enterprise under 新合街办
let plantAId: string;

const square = ([w, s, e, n]: [number, number, number, number]) => ({
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  ],
});
const inXinzhu = { lng: 109.08, lat: 34.4 };

const content = {
  levels: ['Ⅲ', 'Ⅳ'],
  roles: [
    {
      key: 'commander',
      name: '总指挥',
      actions: [
        { key: 'convene', level: 'Ⅲ', text: '召集指挥部成员赶赴现场', withinMinutes: 30 },
        { key: 'report', level: 'Ⅳ', text: '向区应急局报告', withinMinutes: 60 },
      ],
    },
    { key: 'rescue', name: '抢险救援组', actions: [{ key: 'cordon', level: 'Ⅲ', text: '设置警戒区，疏散群众', withinMinutes: 15 }] },
    { key: 'medical', name: '医疗救护组', actions: [{ key: 'triage', level: 'Ⅳ', text: '现场救治伤员', withinMinutes: 20 }] },
  ],
};

async function enterprise(code: string, parentCode: string, location: [number, number]): Promise<[Client, string]> {
  const admin = await t.admin();
  const res = await admin.post('/api/orgs', {
    code,
    name: `${code}有限公司`,
    type: 'enterprise',
    parentId: await t.orgId(parentCode),
    location,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return [await t.userIn(code, ['enterprise']), res.body.id];
}

async function plan(client: Client, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/emergency/plans', {
    title: '区生产安全事故应急预案',
    kind: 'overall',
    issuedOn: '2026-01-10',
    content,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function incident(client: Client, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/emergency/incidents', {
    title: '仓库火灾',
    category: 'fire',
    origin: 'phone_119',
    occurredAt: '2026-03-02T09:30:00+08:00',
    ...inXinzhu,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string };
}

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  await t.platform.db.insert(areaBoundaries).values([
    { orgId: await t.orgId('XZJB'), level: 'street', geom: square([109.06, 34.38, 109.1, 34.42]), source: 'drawn' },
    { orgId: await t.orgId('XHJB'), level: 'street', geom: square([109.02, 34.34, 109.06, 34.38]), source: 'drawn' },
  ]);
  office = await t.userIn('AWB', ['safety_office']);
  xinzhu = await t.userIn('XZJB', ['street']);
  xinhe = await t.userIn('XHJB', ['street']);
  commander = await t.userIn('XZJB', ['street']);
  [plantA, plantAId] = await enterprise('PL-A', 'XZJB', [109.07, 34.39]);
  [plantB] = await enterprise('PL-B', 'XHJB', [109.03, 34.35]);
});

afterAll(async () => {
  await t?.close();
});

describe('plans', () => {
  it('are issued with the review date planReviewYears later, version 1 in the history', async () => {
    const p = await plan(office);
    expect(p).toMatchObject({
      kind: 'overall',
      version: 1,
      issuedOn: '2026-01-10',
      reviewDueOn: '2029-01-10',
      reviewState: 'current',
      status: 'active',
    });
    expect(p.revisions).toEqual([expect.objectContaining({ version: 1, revisedByName: expect.any(String) })]);
    expect(p.allowedActions).toEqual(['edit', 'activate', 'drill']);
  });

  it('refuse unsound content (400 naming the field) and an enterprise issuing a district kind (422)', async () => {
    const bad = await office.post('/api/emergency/plans', {
      title: '坏预案',
      kind: 'special',
      issuedOn: '2026-01-10',
      content: { levels: ['Ⅰ'], roles: content.roles },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toContain('content.levels');
    const kind = await plantA.post('/api/emergency/plans', { title: '企业总体', kind: 'overall', issuedOn: '2026-01-10', content });
    expect(kind.status).toBe(422);
  });

  it('keep every revision; the review restarts from the revision day', async () => {
    const p = await plan(office, { title: '危化品专项预案', kind: 'special' });
    const res = await office.put(`/api/emergency/plans/${p.id}`, {
      title: '危化品专项应急预案',
      kind: 'special',
      issuedOn: '2026-02-20',
      content,
      note: '根据机构改革调整职责',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ version: 2, title: '危化品专项应急预案', reviewDueOn: '2029-02-20' });
    expect(res.body.revisions.map((r: { version: number; note: string | null }) => [r.version, r.note])).toEqual([
      [2, '根据机构改革调整职责'],
      [1, null],
    ]);
    expect(
      (await xinzhu.put(`/api/emergency/plans/${p.id}`, { title: 'x', kind: 'special', issuedOn: '2026-02-21', content, note: '街道改' }))
        .status,
    ).toBe(403);
  });

  it('of an enterprise are seen by the enterprise and the district, not by another enterprise; district plans by everyone', async () => {
    const own = await plan(plantA, { title: '甲公司火灾现场处置方案', kind: 'onsite' });
    const district = await plan(office, { title: '区总体应急预案' });
    const seen = async (c: Client) => (await c.get('/api/emergency/plans?pageSize=200')).body.items.map((p: { id: string }) => p.id);
    expect(await seen(plantA)).toEqual(expect.arrayContaining([own.id, district.id]));
    expect(await seen(office)).toContain(own.id);
    expect(await seen(xinzhu)).toContain(own.id);
    expect(await seen(plantB)).not.toContain(own.id);
    expect(await seen(xinhe)).not.toContain(own.id);
    expect(await seen(xinhe)).toContain(district.id);
    expect((await plantB.get(`/api/emergency/plans/${own.id}`)).status).toBe(404);
    expect((await office.get(`/api/emergency/plans?orgId=${plantAId}`)).body.items.map((p: { id: string }) => p.id)).toEqual([own.id]);
  });

  it('due for review within the notice days appear in the owner’s inbox', async () => {
    const old = await plan(office, { title: '老旧预案', issuedOn: '2023-03-20' });
    const res = await office.get('/api/inbox');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toContainEqual(
      expect.objectContaining({ kind: 'emergency.planReview', objectId: old.id, due: '2026-03-20', dueState: 'due_soon' }),
    );
    expect((await xinzhu.get('/api/inbox')).body.items.map((i: { objectId: string }) => i.objectId)).not.toContain(old.id);
  });
});

describe('activation and the command page', () => {
  let planId: string;
  let incidentId: string;
  let commanderId: string;

  beforeAll(async () => {
    planId = (await plan(office, { title: '区火灾事故应急预案', kind: 'special' })).id;
    incidentId = (await incident(xinzhu)).id;
    commanderId = commander.user!.id;
  });

  it('refuses a level the plan lacks and a role with actions but no holder (422)', async () => {
    const level = await xinzhu.post(`/api/emergency/incidents/${incidentId}/responses`, {
      planId,
      level: 'Ⅰ',
      roles: [{ roleKey: 'commander', holderId: commanderId }],
    });
    expect(level.status).toBe(422);
    const missing = await xinzhu.post(`/api/emergency/incidents/${incidentId}/responses`, {
      planId,
      level: 'Ⅲ',
      roles: [{ roleKey: 'commander', holderId: commanderId }],
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message.zh).toContain('抢险救援组');
  });

  it('another street cannot activate, read or write the command of an incident outside its area (404)', async () => {
    expect((await xinhe.get(`/api/emergency/incidents/${incidentId}/command`)).status).toBe(404);
    expect((await xinhe.get(`/api/emergency/incidents/${incidentId}/log`)).status).toBe(404);
    expect((await xinhe.get(`/api/emergency/incidents/${incidentId}/marks`)).status).toBe(404);
    expect((await xinhe.post(`/api/emergency/incidents/${incidentId}/log`, { kind: 'order', text: '越界指令' })).status).toBe(404);
    expect(
      (
        await xinhe.post(`/api/emergency/incidents/${incidentId}/marks`, {
          kind: 'other',
          geometry: { type: 'Point', coordinates: [109.08, 34.4] },
        })
      ).status,
    ).toBe(404);
    const res = await xinhe.post(`/api/emergency/incidents/${incidentId}/responses`, {
      planId,
      level: 'Ⅲ',
      roles: [
        { roleKey: 'commander', holderId: commanderId },
        { roleKey: 'rescue', holderId: commanderId },
      ],
    });
    expect(res.status).toBe(404);
  });

  it('creates the roles’ tasks of the level, due after activation, and moves the incident to responding', async () => {
    const res = await xinzhu.post(`/api/emergency/incidents/${incidentId}/responses`, {
      planId,
      level: 'Ⅲ',
      roles: [
        { roleKey: 'commander', holderId: commanderId },
        { roleKey: 'rescue', holderId: xinzhu.user!.id },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [response] = res.body.responses;
    expect(response).toMatchObject({ level: 'Ⅲ', planId, planVersion: 1, endedAt: null });
    const tasks = Object.fromEntries(
      response.roles.map((r: { roleKey: string; holderId: string; tasks: { actionKey: string; dueAt: string }[] }) => [
        r.roleKey,
        { holder: r.holderId, tasks: r.tasks.map((x) => [x.actionKey, (Date.parse(x.dueAt) - Date.parse(response.activatedAt)) / 60_000]) },
      ]),
    );
    expect(tasks).toEqual({
      commander: { holder: commanderId, tasks: [['convene', 30]] },
      rescue: { holder: xinzhu.user!.id, tasks: [['cordon', 15]] },
    });
    expect(res.body.incident.status).toBe('responding');
    expect((await office.get(`/api/emergency/incidents/${incidentId}`)).body.status).toBe('responding');
    // The activation is itself the first decision in the log.
    const log = (await xinzhu.get(`/api/emergency/incidents/${incidentId}/log`)).body;
    expect(log.items[0]).toMatchObject({ kind: 'decision', text: expect.stringMatching(/^启动《[^》]*区火灾事故应急预案》[ⅠⅡⅢⅣ]级响应$/) });
    // The holder sees the task in the inbox, with a link to the command page.
    const inbox = (await commander.get('/api/inbox')).body.items;
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'emergency.responseTask', link: `/emergency/command/${incidentId}` }));
  });

  it('lets only the holder complete a task, once', async () => {
    const view = (await commander.get(`/api/emergency/incidents/${incidentId}/command`)).body;
    const role = view.responses[0].roles.find((r: { roleKey: string }) => r.roleKey === 'commander');
    const task = role.tasks[0];
    expect(task.allowedActions).toEqual(['complete']);
    const byOther = await xinzhu.post(`/api/emergency/response-tasks/${task.id}/complete`, {});
    expect(byOther.status).toBe(403);
    const otherView = (await xinzhu.get(`/api/emergency/incidents/${incidentId}/command`)).body;
    expect(otherView.responses[0].roles.find((r: { roleKey: string }) => r.roleKey === 'commander').tasks[0].allowedActions).toEqual([]);
    t.clock.advance(20 * 60_000);
    const done = await commander.post(`/api/emergency/response-tasks/${task.id}/complete`, { note: '已到场' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const after = done.body.responses[0].roles.find((r: { roleKey: string }) => r.roleKey === 'commander').tasks[0];
    expect(after).toMatchObject({ doneAt: expect.any(String), note: '已到场', overdue: false, allowedActions: [] });
    // The rescue task was due 15 minutes after activation: now it is overdue.
    expect(done.body.responses[0].roles.find((r: { roleKey: string }) => r.roleKey === 'rescue').tasks[0].overdue).toBe(true);
    expect((await commander.post(`/api/emergency/response-tasks/${task.id}/complete`, {})).status).toBe(409);
  });

  it('keeps the command log in order with its author', async () => {
    const res = await xinzhu.post(`/api/emergency/incidents/${incidentId}/log`, { kind: 'order', text: '消防救援站出动两车' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'order', text: '消防救援站出动两车', authorName: expect.stringContaining('测试') });
    expect((await xinzhu.post(`/api/emergency/incidents/${incidentId}/log`, { kind: 'shout', text: 'x' })).status).toBe(400);
    const log = (await office.get(`/api/emergency/incidents/${incidentId}/log?sort=at`)).body;
    expect(log.items.map((e: { kind: string }) => e.kind)).toEqual(['decision', 'order']);
    expect(log.total).toBe(2);
  });

  it('validates situation marks: points, lines and closed polygons only; a self-crossing area is 422', async () => {
    const add = (geometry: unknown, kind = 'danger_zone') =>
      xinzhu.post(`/api/emergency/incidents/${incidentId}/marks`, { geometry, kind, note: '标注' });
    expect((await add({ type: 'Point', coordinates: [109.081, 34.401] }, 'command_post')).status).toBe(201);
    expect(
      (
        await add(
          {
            type: 'LineString',
            coordinates: [
              [109.08, 34.4],
              [109.09, 34.41],
            ],
          },
          'route',
        )
      ).status,
    ).toBe(201);
    const area = await add({
      type: 'Polygon',
      coordinates: [
        [
          [109.07, 34.39],
          [109.09, 34.39],
          [109.09, 34.41],
          [109.07, 34.39],
        ],
      ],
    });
    expect(area.status).toBe(201);
    expect(area.body.geometry.type).toBe('Polygon');

    const open = await add({
      type: 'Polygon',
      coordinates: [
        [
          [109.07, 34.39],
          [109.09, 34.39],
          [109.09, 34.41],
          [109.07, 34.4],
        ],
      ],
    });
    expect(open.status).toBe(400);
    expect((await add({ type: 'Point', coordinates: [200, 34] })).status).toBe(400);
    expect((await add({ type: 'MultiPoint', coordinates: [[109, 34]] })).status).toBe(400);
    const bowtie = await add({
      type: 'Polygon',
      coordinates: [
        [
          [109.07, 34.39],
          [109.09, 34.41],
          [109.09, 34.39],
          [109.07, 34.41],
          [109.07, 34.39],
        ],
      ],
    });
    expect(bowtie.status).toBe(422);
    expect(bowtie.body.error.message.en).toContain('not valid');

    const marks = (await office.get(`/api/emergency/incidents/${incidentId}/marks`)).body.items;
    expect(marks.map((m: { kind: string; geometry: { type: string } }) => `${m.kind}:${m.geometry.type}`)).toEqual([
      'command_post:Point',
      'route:LineString',
      'danger_zone:Polygon',
    ]);
    expect((await xinhe.delete(`/api/emergency/marks/${marks[0].id}`)).status).toBe(404);
    expect((await xinzhu.delete(`/api/emergency/marks/${marks[0].id}`)).status).toBe(200);
    expect((await office.get(`/api/emergency/incidents/${incidentId}/command`)).body.markCount).toBe(2);
  });

  it('reads the log and marks with their scope in the same statement: another street gets 404 even when they have rows', async () => {
    const view = (await xinzhu.get(`/api/emergency/incidents/${incidentId}/command`)).body;
    expect(view.logCount).toBeGreaterThan(0);
    expect(view.markCount).toBeGreaterThan(0);
    expect((await xinhe.get(`/api/emergency/incidents/${incidentId}/log`)).status).toBe(404);
    expect((await xinhe.get(`/api/emergency/incidents/${incidentId}/marks`)).status).toBe(404);
    // No row is not always a 404: a filter that keeps nothing, or a page past the end, is an empty page of the log.
    const filtered = await xinzhu.get(`/api/emergency/incidents/${incidentId}/log?kind=note`);
    expect(filtered.status).toBe(200);
    expect(filtered.body).toMatchObject({ items: [], total: 0 });
    const past = await xinzhu.get(`/api/emergency/incidents/${incidentId}/log?page=99`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ items: [], total: view.logCount });
    // An incident with neither log nor marks yet: empty lists.
    const quiet = await incident(xinzhu, { title: '路面塌陷' });
    expect((await xinzhu.get(`/api/emergency/incidents/${quiet.id}/log`)).body).toMatchObject({ items: [], total: 0 });
    expect((await xinzhu.get(`/api/emergency/incidents/${quiet.id}/marks`)).body).toEqual({ items: [] });
  });

  it('gives a mark back exactly as drawn, on creation and in the list', async () => {
    // A map click is a full double; PostGIS writes the GeoJSON, with enough decimals to give it back unchanged.
    const geometry = { type: 'Point', coordinates: [109.08123456789012, 34.40000000000001] };
    const created = await xinzhu.post(`/api/emergency/incidents/${incidentId}/marks`, { geometry, kind: 'staging', note: '集结点' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.geometry).toEqual(geometry);
    const listed = (await xinzhu.get(`/api/emergency/incidents/${incidentId}/marks`)).body.items;
    expect(listed.find((mark: { id: string }) => mark.id === created.body.id)).toEqual(created.body);
  });

  it('lets an enterprise read the command page of its own incident but not command it (403)', async () => {
    const own = await incident(plantA, { title: '甲公司泄漏', category: 'production', unitOrgId: plantAId });
    const view = await plantA.get(`/api/emergency/incidents/${own.id}/command`);
    expect(view.status).toBe(200);
    expect(view.body.allowedActions).toEqual([]);
    expect((await plantA.post(`/api/emergency/incidents/${own.id}/log`, { kind: 'note', text: '企业记录' })).status).toBe(403);
    expect((await plantB.get(`/api/emergency/incidents/${own.id}/command`)).status).toBe(404);
  });

  it('supersedes the open response when activated again at another level', async () => {
    const res = await xinzhu.post(`/api/emergency/incidents/${incidentId}/responses`, {
      planId,
      level: 'Ⅳ',
      roles: [
        { roleKey: 'commander', holderId: commanderId },
        { roleKey: 'medical', holderId: commanderId },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.responses.map((r: { level: string; endedAt: string | null }) => [r.level, r.endedAt === null])).toEqual([
      ['Ⅳ', true],
      ['Ⅲ', false],
    ]);
  });
});

describe('the command page answered from what was read under the incident’s stamp', () => {
  let incidentId: string;
  let planId: string;
  const commandOf = async (client: Client = office) => (await client.get(`/api/emergency/incidents/${incidentId}/command`)).body;
  const logOf = async () => (await office.get(`/api/emergency/incidents/${incidentId}/log?pageSize=100`)).body;
  const marksOf = async () =>
    (await office.get(`/api/emergency/incidents/${incidentId}/marks`)).body.items as { id: string; note: string | null }[];

  beforeAll(async () => {
    planId = (await plan(office, { title: '区危化品事故应急预案', kind: 'special' })).id;
    incidentId = (await incident(xinzhu, { title: '危化品仓库泄漏' })).id;
    const activated = await xinzhu.post(`/api/emergency/incidents/${incidentId}/responses`, {
      planId,
      level: 'Ⅲ',
      roles: [
        { roleKey: 'commander', holderId: commander.user!.id },
        { roleKey: 'rescue', holderId: commander.user!.id },
      ],
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(201);
  });

  it('shows every write on the next read, whichever path made it — the API, another node’s SQL, a rename', async () => {
    // Read once, so that each read below would be answered from what was kept if a write failed to move the stamp.
    const first = await commandOf();
    expect(first.logCount).toBe(1);
    expect((await logOf()).total).toBe(1);
    expect(await marksOf()).toEqual([]);

    expect((await xinzhu.post(`/api/emergency/incidents/${incidentId}/log`, { kind: 'order', text: '关闭进出厂区道路' })).status).toBe(201);
    expect((await logOf()).items.map((e: { text: string }) => e.text)).toContain('关闭进出厂区道路');
    expect((await commandOf()).logCount).toBe(2);

    const mark = await xinzhu.post(`/api/emergency/incidents/${incidentId}/marks`, {
      geometry: { type: 'Point', coordinates: [109.081, 34.401] },
      kind: 'command_post',
      note: '前方指挥部',
    });
    expect(mark.status).toBe(201);
    expect((await marksOf()).map((m) => m.note)).toEqual(['前方指挥部']);
    expect((await commandOf()).markCount).toBe(1);

    // Another node, or any code path, writing straight to the tables: the database moves the stamp itself.
    await t.platform.db.execute(
      sql`insert into emergency_command_log (incident_id, at, author_name, kind, text) values (${incidentId}, now(), '值班员', 'report', '另一节点写入')`,
    );
    expect((await logOf()).items.map((e: { text: string }) => e.text)).toContain('另一节点写入');
    await t.platform.db.execute(sql`update emergency_marks set note = '前方指挥部（已转移）' where id = ${mark.body.id}`);
    expect((await marksOf()).map((m) => m.note)).toEqual(['前方指挥部（已转移）']);

    // The command page: a task completed, the holder renamed, the plan retitled.
    const task = first.responses[0].roles.flatMap((r: { tasks: { id: string }[] }) => r.tasks)[0];
    expect((await commander.post(`/api/emergency/response-tasks/${task.id}/complete`, { note: '已完成' })).status).toBe(200);
    const done = (await commandOf()).responses[0].roles.flatMap((r: { tasks: { id: string; doneAt: string | null }[] }) => r.tasks);
    expect(done.find((x: { id: string }) => x.id === task.id).doneAt).not.toBeNull();
    await t.platform.db.execute(sql`update users set display_name = '更名后的指挥员' where id = ${commander.user!.id}`);
    expect((await commandOf()).responses[0].roles.map((r: { holderName: string }) => r.holderName)).toEqual([
      '更名后的指挥员',
      '更名后的指挥员',
    ]);
    await t.platform.db.execute(sql`update emergency_plans set title = '区危化品事故应急预案（2026修订）' where id = ${planId}`);
    expect((await commandOf()).responses[0].planTitle).toBe('区危化品事故应急预案（2026修订）');

    expect((await xinzhu.delete(`/api/emergency/marks/${mark.body.id}`)).status).toBe(200);
    expect(await marksOf()).toEqual([]);
    expect((await commandOf()).markCount).toBe(0);
  });

  it('checks the caller’s reach on every read, also when the answer is kept', async () => {
    expect((await office.get(`/api/emergency/incidents/${incidentId}/marks`)).status).toBe(200);
    expect((await office.get(`/api/emergency/incidents/${incidentId}/log`)).status).toBe(200);
    expect((await xinhe.get(`/api/emergency/incidents/${incidentId}/marks`)).status).toBe(404);
    expect((await xinhe.get(`/api/emergency/incidents/${incidentId}/log`)).status).toBe(404);
    expect((await plantB.get(`/api/emergency/incidents/${incidentId}/command`)).status).toBe(404);
    // Each caller's own parts of the page stay theirs: only the role holder may complete a task.
    const tasks = (c: Client) =>
      commandOf(c).then((v) => v.responses[0].roles.flatMap((r: { tasks: { allowedActions: string[] }[] }) => r.tasks));
    expect((await tasks(commander)).some((x: { allowedActions: string[] }) => x.allowedActions.includes('complete'))).toBe(true);
    expect((await tasks(xinzhu)).every((x: { allowedActions: string[] }) => x.allowedActions.length === 0)).toBe(true);
  });

  it('sends the kept answer in the encoding the client accepts, the same JSON each way', async () => {
    for (let n = 0; n < 30; n++)
      await xinzhu.post(`/api/emergency/incidents/${incidentId}/log`, { kind: 'note', text: `第${n}条现场情况记录` });
    const url = `/api/emergency/incidents/${incidentId}/log?pageSize=50`;
    const plain = await office.request('GET', url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    // Straight through inject: the harness's client reads every JSON answer as text.
    const get = (acceptEncoding: string) =>
      t.app.inject({ method: 'GET', url, headers: { cookie: `cs_session=${office.auth.cookie}`, 'accept-encoding': acceptEncoding } });
    const decoded = (res: Awaited<ReturnType<typeof get>>) => {
      const bytes = res.rawPayload;
      const encoding = res.headers['content-encoding'];
      return JSON.parse((encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString());
    };
    for (const [accept, expected] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip;q=0.5', 'gzip'],
      ['*', 'br'],
      ['identity', undefined],
    ] as const) {
      const res = await get(accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(expected);
      expect(res.headers.vary).toContain('accept-encoding');
      expect(decoded(res)).toEqual(plain.body);
    }
    expect(plain.body.items).toHaveLength(33);
  });
});

describe('drills', () => {
  it('go planned → held → evaluated against the plan’s actions, and the findings become a revision', async () => {
    const p = await plan(office, { title: '防汛专项预案', kind: 'special' });
    const created = await office.post('/api/emergency/drills', {
      planId: p.id,
      title: '防汛桌面推演',
      kind: 'tabletop',
      plannedOn: '2026-03-01',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const drill = created.body;
    expect(drill.status).toBe('planned');
    expect(drill.actions.map((a: { key: string }) => a.key)).toEqual(['convene', 'report', 'cordon', 'triage']);

    const future = await office.post(`/api/emergency/drills/${drill.id}/actions/hold`, { heldOn: '2026-03-05', summary: '推演' });
    expect(future.status).toBe(422);
    const held = await office.post(`/api/emergency/drills/${drill.id}/actions/hold`, {
      heldOn: '2026-03-01',
      summary: '各组按预案推演',
      participants: 25,
    });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', heldOn: '2026-03-01' });

    const unknown = await office.post(`/api/emergency/drills/${drill.id}/actions/evaluate`, {
      evaluations: [{ actionKey: 'fly', result: 'done' }],
    });
    expect(unknown.status).toBe(422);
    const evaluated = await office.post(`/api/emergency/drills/${drill.id}/actions/evaluate`, {
      evaluations: [
        { actionKey: 'convene', result: 'done' },
        { actionKey: 'cordon', result: 'missed', note: '警戒区范围不明' },
      ],
      findings: '抢险救援组警戒区划定无依据',
    });
    expect(evaluated.status, JSON.stringify(evaluated.body)).toBe(200);
    expect(evaluated.body.allowedActions).toEqual(['revise']);
    expect(evaluated.body.actions.find((a: { key: string }) => a.key === 'cordon')).toMatchObject({
      result: 'missed',
      note: '警戒区范围不明',
    });
    expect(evaluated.body.actions.find((a: { key: string }) => a.key === 'report').result).toBeNull();

    const revised = await office.put(`/api/emergency/plans/${p.id}`, {
      title: '防汛专项预案',
      kind: 'special',
      issuedOn: '2026-03-02',
      content,
      note: '据演练发现问题明确警戒区划定',
      drillId: drill.id,
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body.revisions[0]).toMatchObject({ version: 2, drillId: drill.id });
    const after = (await office.get(`/api/emergency/drills/${drill.id}`)).body;
    expect(after).toMatchObject({ revisionId: revised.body.revisions[0].id, allowedActions: [] });
    // A drill's findings are answered once.
    const again = await office.put(`/api/emergency/plans/${p.id}`, {
      title: '防汛专项预案',
      kind: 'special',
      issuedOn: '2026-03-02',
      content,
      note: '再改',
      drillId: drill.id,
    });
    expect(again.status).toBe(422);
  });

  it('count per unit and year against drillsPerYear', async () => {
    const p = await plan(plantA, { title: '甲公司综合预案', kind: 'enterprise' });
    const before = (await office.get('/api/emergency/drills/yearly?year=2026')).body;
    expect(before.target).toBe(1);
    expect(before.items.find((i: { orgId: string }) => i.orgId === plantAId)).toMatchObject({ held: 0, met: false, short: 1 });
    const d = (await plantA.post('/api/emergency/drills', { planId: p.id, title: '甲公司实战演练', kind: 'live', plannedOn: '2026-03-02' }))
      .body;
    expect((await plantA.post(`/api/emergency/drills/${d.id}/actions/hold`, { heldOn: '2026-03-02', summary: '实战演练' })).status).toBe(
      200,
    );
    const after = (await office.get('/api/emergency/drills/yearly?year=2026')).body;
    expect(after.items.find((i: { orgId: string }) => i.orgId === plantAId)).toMatchObject({ held: 1, met: true, short: 0 });
    // Another enterprise neither sees the drill nor the unit's count.
    expect((await plantB.get(`/api/emergency/drills/${d.id}`)).status).toBe(404);
    expect((await plantB.get('/api/emergency/drills/yearly?year=2026')).body.items.map((i: { orgId: string }) => i.orgId)).not.toContain(
      plantAId,
    );
  });
});
