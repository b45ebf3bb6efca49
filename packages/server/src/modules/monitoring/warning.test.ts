import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CAP_1_2 } from '@dec112/cap-ts';
import { Category, Certainty, MsgType, Severity, Status, Urgency } from '@dec112/cap-ts/builder';
import { parse as parseXml, validate as validateXml } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitoring } from '@citysafe/domain';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { expireWarnings } from './warning.service.js';

/**
 * 预警发布 through the real app: a warning drafted, submitted, approved (published as CAP Alert), updated (a new
 * version, CAP Update referencing the first), cancelled (CAP Cancel), with the approval permission and the state
 * rules; the CAP documents read back by an independent CAP library (@dec112/cap-ts); the Atom feed read by
 * fast-xml-parser; a CAP file from the specification imported as a draft; expiry by the clock.
 */

let t: TestApp;
let drafter: Client;
let approver: Client;
let streetUser: Client;
const NOW = '2026-07-01T09:00:00+08:00';

/** A square around a point, lon/lat, closed. */
const square = (lon: number, lat: number, d = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});

const HOSTILE = `暴雨 <script>alert("x")</script> & ]]> '引号' <![CDATA[ x ]]>`;

const draft = (over: Record<string, unknown> = {}) => ({
  type: 'weather',
  level: 'orange',
  headline: '港务区暴雨橙色预警',
  description: '预计未来6小时内港务区降雨量将达50毫米以上。',
  instruction: '停止户外作业，远离低洼地带。',
  audience: '辖区企业和公众',
  area: square(109.05, 34.35),
  expires: '2026-07-02T09:00:00+08:00',
  channels: ['app', 'robot', 'public', 'sms'],
  ...over,
});

function multipart(name: string, bytes: Buffer) {
  const boundary = `cs-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/cap+xml\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** fast-xml-parser 3 hands text back with its entities as written; XML's five predefined ones decoded here. */
const decodeEntities = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

const capOf = async (id: string) => {
  const res = await t.anonymous.get(`/api/public/warnings/${id}.cap`);
  expect(res.status).toBe(200);
  expect(String(res.headers['content-type'])).toContain('application/cap+xml');
  return { xml: res.body as string, alert: await CAP_1_2.Alert.fromXML(res.body as string) };
};

beforeAll(async () => {
  t = await testApp({ now: NOW });
  drafter = await t.userIn('YJGLJ', ['department'], 'warn_drafter');
  approver = await t.userIn('AWB', ['safety_office'], 'warn_approver');
  streetUser = await t.userIn('XZJB', ['street'], 'warn_street');
  // The street's boundary, so that a drawn area inside it reaches its people.
  const admin = await t.admin();
  const drawn = await admin.put(`/api/map/boundaries/${await t.orgId('XZJB')}`, { geometry: square(109.05, 34.35, 0.05) });
  expect(drawn.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('预警发布 workflow', () => {
  let id: string;

  it('refuses anonymous and those without monitoring.warn, and checks the content', async () => {
    expect((await t.anonymous.post('/api/warnings', draft())).status).toBe(401);
    expect((await streetUser.post('/api/warnings', draft())).status).toBe(403);
    const noArea = await drafter.post('/api/warnings', draft({ area: null }));
    expect(noArea.status).toBe(422);
    expect(JSON.stringify(noArea.body)).toContain('area');
    const backwards = await drafter.post('/api/warnings', draft({ onset: '2026-07-03T09:00:00+08:00' }));
    expect(backwards.status).toBe(422);
    expect(JSON.stringify(backwards.body)).toContain('expires');
    expect((await drafter.post('/api/warnings', draft({ level: 'purple' }))).status).toBe(400);
  });

  it('drafts, edits the draft, and keeps drafts from those who neither draft nor approve', async () => {
    const created = await drafter.post('/api/warnings', draft({ headline: HOSTILE }));
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', version: 0, allowedActions: expect.arrayContaining(['submit', 'edit']) });
    expect(created.body.allowedActions).not.toContain('approve');
    const edited = await drafter.put(
      `/api/warnings/${id}`,
      draft({ headline: HOSTILE, instruction: '停止户外作业 & 远离低洼地带 <立即>' }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.instruction).toBe('停止户外作业 & 远离低洼地带 <立即>');
    expect((await streetUser.get(`/api/warnings/${id}`)).status).toBe(404);
    expect((await streetUser.get('/api/warnings')).body.items).toEqual([]);
    expect((await t.anonymous.get(`/api/public/warnings/${id}.cap`)).status).toBe(404);
  });

  it('submits; only the holder of monitoring.warn.approve approves; wrong states are 409', async () => {
    expect((await drafter.post(`/api/warnings/${id}/actions/approve`)).status).toBe(403);
    const submitted = await drafter.post(`/api/warnings/${id}/actions/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('pending');
    expect((await drafter.post(`/api/warnings/${id}/actions/submit`)).status).toBe(409);
    expect((await drafter.put(`/api/warnings/${id}`, draft())).status).toBe(409);
    // The drafter holds monitoring.warn but not the approval: 403 even in the right state.
    expect((await drafter.post(`/api/warnings/${id}/actions/approve`)).status).toBe(403);
    const approved = await approver.post(`/api/warnings/${id}/actions/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'published', version: 1 });
    // GB/T 35965.1-2018: 610111 (division) 000 (agency) 000 (unit) 00 (extension), the Beijing time, the sequence.
    expect(approved.body.identifier).toMatch(/^61011100000000_202607010\d{5}_0$/);
    const deliveries = approved.body.versions[0].deliveries;
    expect(deliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'app', status: 'sent' }),
        expect.objectContaining({ channel: 'public', status: 'sent' }),
        // No gateway configured: recorded, and nothing leaves the machine.
        expect.objectContaining({ channel: 'sms', status: 'skipped', count: 0 }),
      ]),
    );
    expect((await approver.post(`/api/warnings/${id}/actions/approve`)).status).toBe(409);
  });

  it('tells the people of the streets in the area in the app', async () => {
    const mine = await streetUser.get('/api/notifications');
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).toContain('橙色预警');
  });

  it('writes CAP 1.2 that an independent library reads back field by field, hostile text escaped', async () => {
    const { xml, alert } = await capOf(id);
    const detail = (await approver.get(`/api/warnings/${id}`)).body;
    expect(alert.identifier).toBe(detail.identifier);
    expect(alert.sender).toBe('yjfb@citysafe.local');
    expect(alert.sent).toBe(monitoring.capTime(new Date(detail.versions[0].sent)));
    expect(alert.sent).toMatch(/^2026-07-01T09:\d\d:\d\d\+08:00$/);
    expect(alert.status).toBe(Status.actual);
    expect(alert.msgType).toBe(MsgType.alert);
    const info = alert.info_list[0]!;
    expect(info.category_list).toEqual([Category.met]);
    expect(info.event).toBe('气象灾害');
    expect(info.urgency).toBe(Urgency.expected);
    expect(info.severity).toBe(Severity.severe);
    expect(info.certainty).toBe(Certainty.likely);
    expect(info.headline).toBe(HOSTILE);
    expect(info.description).toBe('预计未来6小时内港务区降雨量将达50毫米以上。');
    expect(info.instruction).toBe('停止户外作业 & 远离低洼地带 <立即>');
    expect(info.expires).toBe('2026-07-02T09:00:00+08:00');
    expect(info.area_list[0]!.areaDesc).toBe('新筑街道办事处');
    expect(info.area_list[0]!.polygon_list).toEqual(['34.34,109.04 34.34,109.06 34.36,109.06 34.36,109.04 34.34,109.04']);
    // The hostile headline stays text: no element of ours came from it.
    expect(xml).not.toContain('<script>');
    expect(validateXml(xml)).toBe(true);
  });

  it('lists it on the public page and in the Atom feed, which links its CAP document', async () => {
    const list = await t.anonymous.get('/api/public/warnings');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id, level: 'orange', headline: HOSTILE, capUrl: `/api/public/warnings/${id}.cap`, version: 1 }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain('warn_drafter');
    const atom = await t.anonymous.get('/api/public/warnings.atom');
    expect(atom.status).toBe(200);
    expect(String(atom.headers['content-type'])).toContain('application/atom+xml');
    expect(validateXml(atom.body as string)).toBe(true);
    const feed = parseXml(atom.body as string, { ignoreAttributes: false, attributeNamePrefix: '@' }).feed;
    const entry = Array.isArray(feed.entry) ? feed.entry[0] : feed.entry;
    expect(decodeEntities(entry.title)).toBe(`橙色预警（二级）：${HOSTILE}`);
    const links = (Array.isArray(entry.link) ? entry.link : [entry.link]) as { '@href': string; '@type': string }[];
    const cap = links.find((l) => l['@type'] === 'application/cap+xml')!;
    expect(cap['@href']).toBe(`/api/public/warnings/${id}.cap`);
    expect((await t.anonymous.get(cap['@href'])).status).toBe(200);
  });

  it('updates a published warning as a new version: CAP Update referencing the first message', async () => {
    const first = (await capOf(id)).alert;
    t.clock.advance(60_000);
    expect((await drafter.post(`/api/warnings/${id}/actions/update`, draft({ level: 'red' }))).status).toBe(403);
    const updated = await approver.post(`/api/warnings/${id}/actions/update`, draft({ level: 'red', headline: '港务区暴雨红色预警' }));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: 'published', version: 2, level: 'red' });
    const { alert } = await capOf(id);
    expect(alert.msgType).toBe(MsgType.update);
    expect(alert.references).toBe(`${first.sender},${first.identifier},${first.sent}`);
    expect(alert.identifier).not.toBe(first.identifier);
    expect(alert.info_list[0]!.severity).toBe(Severity.extreme);
    expect(alert.info_list[0]!.urgency).toBe(Urgency.immediate);
    expect(alert.info_list[0]!.headline).toBe('港务区暴雨红色预警');
  });

  it('cancels with a reason as CAP Cancel referencing both messages, and leaves the public page', async () => {
    expect((await approver.post(`/api/warnings/${id}/actions/cancel`, {})).status).toBe(400);
    const cancelled = await approver.post(`/api/warnings/${id}/actions/cancel`, { reason: '降雨已减弱' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 3 });
    const { alert } = await capOf(id);
    expect(alert.msgType).toBe(MsgType.cancel);
    expect(alert.references!.split(' ')).toHaveLength(2);
    expect((await t.anonymous.get('/api/public/warnings')).body.items).toEqual([]);
    expect((await approver.post(`/api/warnings/${id}/actions/update`, draft())).status).toBe(409);
    const detail = await approver.get(`/api/warnings/${id}`);
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'approve', 'update', 'cancel']);
    const audit = await (await t.admin()).get(`/api/audit?entityId=${id}`);
    const actions = JSON.stringify(audit.body);
    for (const a of [
      'warning.create',
      'warning.edit',
      'warning.submit',
      'warning.approve',
      'warning.deliver',
      'warning.update',
      'warning.cancel',
    ])
      expect(actions).toContain(a);
  });

  it('returns a submitted draft to its drafter, who is told why', async () => {
    const created = await drafter.post('/api/warnings', draft({ streetIds: [await t.orgId('XZJB')], area: null }));
    expect(created.status).toBe(201);
    await drafter.post(`/api/warnings/${created.body.id}/actions/submit`);
    const returned = await approver.post(`/api/warnings/${created.body.id}/actions/return`, { reason: '请补充避险路线' });
    expect(returned.body.status).toBe('draft');
    expect(JSON.stringify((await drafter.get('/api/notifications')).body)).toContain('请补充避险路线');
  });

  it('expires a published warning when its time is over', async () => {
    const created = await drafter.post('/api/warnings', draft({ expires: '2026-07-01T12:00:00+08:00', channels: ['public'] }));
    await drafter.post(`/api/warnings/${created.body.id}/actions/submit`);
    expect((await approver.post(`/api/warnings/${created.body.id}/actions/approve`)).status).toBe(200);
    expect((await t.anonymous.get('/api/public/warnings')).body.items).toHaveLength(1);
    t.clock.set('2026-07-01T12:00:01+08:00');
    // Three hours on, the sessions have gone idle: log in again.
    drafter = await t.login('warn_drafter');
    approver = await t.login('warn_approver');
    streetUser = await t.login('warn_street');
    // Out of force at once for the public, whatever the job's timing.
    expect((await t.anonymous.get('/api/public/warnings')).body.items).toHaveLength(0);
    expect(await expireWarnings(t.platform)).toBe(1);
    expect((await approver.get(`/api/warnings/${created.body.id}`)).body.status).toBe('expired');
    // Its last CAP message stays readable.
    expect((await t.anonymous.get(`/api/public/warnings/${created.body.id}.cap`)).status).toBe(200);
  });
});

describe('CAP import', () => {
  it('makes a draft from the specification’s own example (CAP 1.2 Appendix A.2)', async () => {
    const file = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/cap-1.2-appendix-a2-thunderstorm.xml'));
    const m = multipart('thunderstorm.xml', file);
    const res = await drafter.request('POST', '/api/warnings/import', m.body, m.headers);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      type: 'weather',
      // Severe is orange in our table read backwards.
      level: 'orange',
      headline: 'SEVERE THUNDERSTORM WARNING',
      instruction: 'TAKE COVER IN A SUBSTANTIAL SHELTER UNTIL THE STORM PASSES.',
      importedFrom: 'KSTO@NWS.NOAA.GOV,KSTO1055887203,2003-06-17T14:57:00-07:00',
    });
    expect(res.body.area.coordinates[0][0][0]).toEqual([-120.14, 38.47]);
    expect(res.body.areaDesc).toContain('TUOLUMNE COUNTY');
    // The message expired in 2003: the draft gets a day from now for the drafter to set.
    expect(Date.parse(res.body.expires) - Date.parse('2026-07-02T12:00:01+08:00')).toBeLessThan(60_000);
    expect(Date.parse(res.body.expires)).toBeGreaterThanOrEqual(Date.parse('2026-07-02T12:00:01+08:00'));
  });

  it('refuses what is not CAP, a DOCTYPE (entity expansion) and a non-multipart body', async () => {
    const notCap = multipart('x.xml', Buffer.from('<?xml version="1.0"?><feed><id>x</id></feed>'));
    const a = await drafter.request('POST', '/api/warnings/import', notCap.body, notCap.headers);
    expect(a.status).toBe(400);
    expect(JSON.stringify(a.body)).toContain('alert');
    const bomb = multipart('x.xml', Buffer.from('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><alert>&x;</alert>'));
    const b = await drafter.request('POST', '/api/warnings/import', bomb.body, bomb.headers);
    expect(b.status).toBe(400);
    expect(JSON.stringify(b.body)).toContain('DOCTYPE');
    expect((await drafter.post('/api/warnings/import', { xml: '<alert/>' })).status).toBe(415);
    expect((await streetUser.request('POST', '/api/warnings/import', notCap.body, notCap.headers)).status).toBe(403);
  });
});

describe('warning settings', () => {
  it('lets approvers set the SMS gateway (checked like a webhook) and records it', async () => {
    expect((await drafter.get('/api/warnings/settings')).status).toBe(403);
    const settings = (await approver.get('/api/warnings/settings')).body;
    expect(settings).toMatchObject({ smsGatewayUrl: null, divisionCode: '610111' });
    const inside = await approver.put('/api/warnings/settings', {
      ...settings,
      sources: undefined,
      smsGatewayUrl: 'http://127.0.0.1:9/sms',
    });
    expect(inside.status).toBe(422);
    expect(JSON.stringify(inside.body)).toContain('smsGatewayUrl');
  });
});
