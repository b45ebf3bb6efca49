import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { parse as parseXml, validate as validateXml } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';
import {
  specDiscovery,
  specErrors,
  specPostResponse,
  specRequests,
  specServiceDefinition,
  specServices,
  specTokenResponse,
} from './open311.spec-examples.js';

let t: TestApp;
let office: Client;
let street: Client;
let apiKey: string;
let clientId: string;

/** fast-xml-parser (v3, as installed): values kept as text; every document we serve must be well-formed XML first. */
const parser = {
  parse(text: string): any {
    expect(validateXml(text)).toBe(true);
    return parseXml(text, { parseNodeValue: false });
  },
};

/** Each element's path with the names of its children ('' for a leaf): the structure, not the values. */
type Shape = Map<string, Set<string>>;
function xmlShape(node: unknown, path: string, shape: Shape = new Map()): Shape {
  const children = shape.get(path) ?? new Set<string>();
  shape.set(path, children);
  for (const item of Array.isArray(node) ? node : [node]) {
    if (item === null || typeof item !== 'object') continue;
    for (const [name, value] of Object.entries(item as Record<string, unknown>)) {
      children.add(name);
      xmlShape(value, `${path}/${name}`, shape);
    }
  }
  return shape;
}
const shapeOfXml = (text: string) => {
  const doc = parser.parse(text) as Record<string, unknown>;
  const root = Object.keys(doc).find((k) => k !== '?xml')!;
  return xmlShape(doc[root], root);
};

/** The spec's Spark convention: a JSON array under a list element is that element's repeated child. */
const sparkItem: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};
function jsonShape(value: unknown, path: string, shape: Shape = new Map()): Shape {
  const name = path.split('/').at(-1)!;
  const children = shape.get(path) ?? new Set<string>();
  shape.set(path, children);
  if (Array.isArray(value)) {
    children.add(sparkItem[name]!);
    for (const item of value) jsonShape(item, `${path}/${sparkItem[name]}`, shape);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      children.add(k);
      jsonShape(v, `${path}/${k}`, shape);
    }
  }
  return shape;
}

/** Structures equal: every element of the spec's example where ours has it, with the same children, and no more. */
const sameShape = (ours: Shape, spec: Shape) =>
  expect(Object.fromEntries([...ours].map(([k, v]) => [k, [...v].sort()]))).toEqual(
    Object.fromEntries([...spec].map(([k, v]) => [k, [...v].sort()])),
  );

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
async function post(fields: Record<string, string>, format = 'json') {
  const res = await t.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    payload: form(fields),
  });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: res.body };
}
async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: res.body };
}

const reportId = async (code: string) =>
  (await rows<{ id: string }>(t.platform.db, sql`select id from reports where code = ${code}`))[0]!.id;

const identity = { last_name: '王', first_name: '小明', phone: '13912345678', email: 'xiaoming@example.cn' };
const place = { lat: '34.39', long: '109.08' };

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office'], 'o311_awb');
  street = await t.userIn('XZJB', ['street'], 'o311_street');
  const created = await office.post('/api/open311-clients', { name: '西港随手拍小程序' });
  expect(created.status).toBe(201);
  apiKey = created.body.apiKey;
  clientId = created.body.id;
});
afterAll(() => t.close());

describe('Open311 API keys (/api/open311-clients)', () => {
  it('are issued by report.manage only, shown once, and only their hash is kept', async () => {
    expect((await t.anonymous.get('/api/open311-clients')).status).toBe(401);
    expect((await street.post('/api/open311-clients', { name: '12345 热线' })).status).toBe(403);
    expect(apiKey).toMatch(/^o311_[\w-]{40,}$/);
    const [row] = await rows<Record<string, unknown>>(t.platform.db, sql`select * from open311_clients where id = ${clientId}`);
    expect(row!.key_hash).toBe(createHash('sha256').update(apiKey).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(apiKey);
    const list = await office.get('/api/open311-clients');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: clientId, name: '西港随手拍小程序', keyPrefix: apiKey.slice(0, 10), revokedAt: null }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(apiKey);
    const audit = await office.get('/api/audit?entityType=open311Client');
    expect(JSON.stringify(audit.body)).not.toContain(apiKey);
  });

  it('a revoked key is refused with 403, and revoking twice is a 409', async () => {
    const other = await office.post('/api/open311-clients', { name: '旧版 12345 对接' });
    expect((await office.delete(`/api/open311-clients/${other.body.id}`)).status).toBe(200);
    expect((await office.delete(`/api/open311-clients/${other.body.id}`)).status).toBe(409);
    const res = await post({
      api_key: other.body.apiKey,
      service_code: 'fire_exit',
      ...place,
      description: '消防通道被货物堵塞，已有一周时间',
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const listed = await office.get('/api/open311-clients?revoked=false');
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(other.body.id);
  });
});

describe('GeoReport v2 documents, as the spec writes them', () => {
  it('discovery in XML and JSON has the structure of the spec’s example and names this endpoint', async () => {
    const xml = await get('/open311/v2/discovery.xml');
    expect(xml.status).toBe(200);
    expect(xml.type).toBe('text/xml; charset=utf-8');
    expect(xml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<discovery>')).toBe(true);
    sameShape(shapeOfXml(xml.text), shapeOfXml(specDiscovery));
    const json = await get('/open311/v2/discovery.json');
    expect(json.type).toBe('application/json; charset=utf-8');
    const doc = JSON.parse(json.text);
    sameShape(jsonShape(doc, 'discovery'), shapeOfXml(specDiscovery));
    expect(doc.endpoints).toEqual([
      expect.objectContaining({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: expect.stringMatching(/^http:\/\/localhost(:80)?\/open311\/v2$/),
        type: 'production',
        formats: ['text/xml', 'application/json'],
      }),
    ]);
  });

  it('services: one per active category, each field of the spec’s example, in both formats', async () => {
    const json = JSON.parse((await get('/open311/v2/services.json')).text);
    expect(json.map((s: { service_code: string }) => s.service_code)).toEqual(
      expect.arrayContaining(['major_hazard', 'violation', 'concealed_accident']),
    );
    expect(json[0]).toMatchObject({ metadata: true, type: 'realtime' });
    sameShape(jsonShape(json, 'services'), shapeOfXml(specServices));
    sameShape(shapeOfXml((await get('/open311/v2/services.xml')).text), shapeOfXml(specServices));
    // A category an administrator switched off is no longer offered.
    await t.platform.db.execute(sql`update report_categories set active = false where code = 'gas_safety'`);
    const after = JSON.parse((await get('/open311/v2/services.json')).text);
    expect(after.map((s: { service_code: string }) => s.service_code)).not.toContain('gas_safety');
    expect((await get('/open311/v2/services/gas_safety.json')).status).toBe(404);
    await t.platform.db.execute(sql`update report_categories set active = true where code = 'gas_safety'`);
  });

  it('a service definition lists its attributes; an unknown code is a 404 errors document', async () => {
    const xml = await get('/open311/v2/services/major_hazard.xml');
    expect(xml.status).toBe(200);
    // The spec's example has a list attribute with values; ours are free strings, so their <values> is empty.
    const spec = shapeOfXml(specServiceDefinition);
    const ours = shapeOfXml(xml.text);
    for (const path of ['service_definition', 'service_definition/attributes', 'service_definition/attributes/attribute']) {
      expect([...ours.get(path)!].sort(), path).toEqual([...spec.get(path)!].sort());
    }
    const json = JSON.parse((await get('/open311/v2/services/major_hazard.json')).text);
    expect(json.service_code).toBe('major_hazard');
    expect(json.attributes.map((a: { code: string }) => a.code)).toEqual(['reported_org', 'place_name', 'title']);
    const missing = await get('/open311/v2/services/no_such.xml');
    expect(missing.status).toBe(404);
    sameShape(shapeOfXml(missing.text), shapeOfXml(specErrors));
    expect(JSON.parse((await get('/open311/v2/services/no_such.json')).text)).toEqual([{ code: 404, description: expect.any(String) }]);
  });

  it('any other path under /open311/v2 is a 404 errors document, not the web app', async () => {
    const res = await get('/open311/v2/nothing-here.xml');
    expect(res.status).toBe(404);
    expect(res.type).toBe('text/xml; charset=utf-8');
    sameShape(shapeOfXml(res.text), shapeOfXml(specErrors));
    expect((await get('/open311/v2/services.csv')).status).toBe(404);
  });
});

describe('POST /requests', () => {
  it('refuses a missing key (403), missing or unknown service_code (400/404), no location (400), each as an errors document', async () => {
    const noKey = await post({ service_code: 'fire_exit', ...place, description: '消防通道被货物堵塞，已有一周时间' }, 'xml');
    expect(noKey.status).toBe(403);
    sameShape(shapeOfXml(noKey.text), shapeOfXml(specErrors));
    expect((await post({ api_key: 'o311_guess', service_code: 'fire_exit', ...place })).status).toBe(403);
    const noCode = await post({ api_key: apiKey, ...place, description: '消防通道被货物堵塞，已有一周时间' });
    expect(noCode.status).toBe(400);
    expect(JSON.parse(noCode.text)[0].description).toContain('service_code');
    expect(
      (await post({ api_key: apiKey, service_code: 'pothole', ...place, description: '消防通道被货物堵塞，已有一周时间' })).status,
    ).toBe(404);
    const nowhere = await post({ api_key: apiKey, service_code: 'fire_exit', description: '消防通道被货物堵塞，已有一周时间' });
    expect(nowhere.status).toBe(400);
    expect(JSON.parse(nowhere.text)[0].description).toMatch(/lat and long, or address_string/);
    const short = await post({ api_key: apiKey, service_code: 'fire_exit', ...place, description: '堵了' });
    expect(short.status).toBe(400);
    expect(JSON.parse(short.text)).toEqual([{ code: 400, description: expect.stringMatching(/^description: /) }]);
    const badAttribute = await post({
      api_key: apiKey,
      service_code: 'fire_exit',
      ...place,
      description: '消防通道被货物堵塞，已有一周时间',
      'attribute[WHISHETN]': '123',
    });
    expect(badAttribute.status).toBe(400);
    // The platform's own refusals (here Fastify's body limit) come as the spec's errors document too.
    const huge = await post({ api_key: apiKey, service_code: 'fire_exit', ...place, description: 'x'.repeat(70_000) }, 'xml');
    expect(huge.status).toBe(413);
    expect(huge.type).toBe('text/xml; charset=utf-8');
    sameShape(shapeOfXml(huge.text), shapeOfXml(specErrors));
    const json = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: apiKey } });
    expect(json.statusCode).toBe(400);
    expect(json.json()[0].description).toContain('x-www-form-urlencoded');
  });

  it('creates a real-name report through the one create rule: the identity only in report_reporters', async () => {
    const res = await post(
      {
        api_key: apiKey,
        jurisdiction_id: 'xigang.gov.cn',
        service_code: 'fire_exit',
        ...place,
        address_string: '新筑街道新兴路 18 号',
        description: '商场后门消防通道被货物堵塞，已有一周时间，联系我 13912345678',
        media_url: 'https://img.example.cn/p/1.jpg',
        device_id: 'tt222111',
        account_id: 'wx-openid-123',
        'attribute[reported_org]': '新兴商贸有限公司',
        'attribute[place_name]': '新兴商场',
        ...identity,
      },
      'xml',
    );
    expect(res.status).toBe(201);
    sameShape(shapeOfXml(res.text), shapeOfXml(specPostResponse));
    const answer = parser.parse(res.text).service_requests.request;
    expect(answer.service_request_id).toMatch(/^JB-2026-\d{6}$/);
    expect(answer.service_notice).toMatch(/查询码 \/ Follow-up secret: \S+/);
    expect(answer.account_id).toBe('');

    const [row] = await rows<Record<string, unknown>>(
      t.platform.db,
      sql`
      select r.id, r.channel, r.open311_client_id, r.anonymous, r.reported_org_name, r.place_name, r.address, r.description,
             p.name, p.phone, p.contact
      from reports r left join report_reporters p on p.report_id = r.id where r.code = ${answer.service_request_id}`,
    );
    expect(row).toMatchObject({
      channel: 'open311',
      open311_client_id: clientId,
      anonymous: false,
      reported_org_name: '新兴商贸有限公司',
      place_name: '新兴商场',
      address: '新筑街道新兴路 18 号',
      name: '王小明',
      phone: '13912345678',
      contact: 'xiaoming@example.cn',
    });
    expect(row!.description).toContain('[media_url] https://img.example.cn/p/1.jpg');
    // Neither the device nor the app's account id is kept anywhere: they would name the reporter.
    const kept = await rows(t.platform.db, sql`select * from reports r left join report_reporters p on p.report_id = r.id`);
    expect(JSON.stringify(kept)).not.toMatch(/wx-openid-123|tt222111/);
    const audit = await rows(t.platform.db, sql`select * from audit_log where entity_id = ${row!.id}`);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/王小明|13912345678|xiaoming@example/);
    const used = await office.get('/api/open311-clients');
    expect(used.body.items.find((c: { id: string }) => c.id === clientId)).toMatchObject({ reports: 1, lastUsedAt: expect.any(String) });
  });

  it('without a name, phone or e-mail the report is anonymous', async () => {
    const res = await post({
      api_key: apiKey,
      service_code: 'other',
      address_string: '新河街道菜市场东门',
      description: '菜市场东门电线私拉乱接，存在火灾隐患',
    });
    expect(res.status).toBe(201);
    const [answer] = JSON.parse(res.text);
    sameShape(jsonShape([answer], 'service_requests'), shapeOfXml(specPostResponse));
    const [row] = await rows(
      t.platform.db,
      sql`select r.anonymous, (select count(*)::int from report_reporters p where p.report_id = r.id) as identities
          from reports r where r.code = ${answer.service_request_id}`,
    );
    expect(row).toEqual({ anonymous: true, identities: 0 });
  });
});

describe('GET /requests and /requests/{id}', () => {
  it('answer the spec’s fields in both formats, with +08:00 datetimes and open/closed only', async () => {
    const xml = await get('/open311/v2/requests.xml');
    expect(xml.status).toBe(200);
    sameShape(shapeOfXml(xml.text), shapeOfXml(specRequests));
    const json = JSON.parse((await get('/open311/v2/requests.json')).text);
    sameShape(jsonShape(json, 'service_requests'), shapeOfXml(specRequests));
    expect(json).toHaveLength(2);
    const real = json.find((r: { service_code: string }) => r.service_code === 'fire_exit');
    expect(real).toMatchObject({
      status: 'open',
      status_notes: '已接收 / Received',
      service_name: '消防通道堵塞 / Blocked fire exit or lane',
      // The test clock runs on from 10:00.
      requested_datetime: expect.stringMatching(/^2026-03-02T10:0\d:\d{2}\+08:00$/),
      updated_datetime: real.requested_datetime,
      lat: 34.39,
      long: 109.08,
      media_url: null,
    });
    expect(real.expected_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const one = await get(`/open311/v2/requests/${real.service_request_id}.xml`);
    expect(one.status).toBe(200);
    sameShape(shapeOfXml(one.text), shapeOfXml(specRequests));
    expect(parser.parse(one.text).service_requests.request.service_request_id).toBe(real.service_request_id);
    const missing = await get('/open311/v2/requests/JB-2026-999999.json');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual([{ code: 404, description: expect.stringContaining('JB-2026-999999') }]);
  });

  it('never carry the reporter’s identity, nor contact details typed into the description', async () => {
    for (const url of [
      '/open311/v2/requests.json',
      '/open311/v2/requests.xml',
      '/open311/v2/requests.json?status=open',
      `/open311/v2/requests.xml?service_code=fire_exit`,
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.text, url).toContain('fire_exit');
      for (const secret of ['王小明', '小明', '13912345678', 'xiaoming@example.cn', 'wx-openid-123', 'tt222111']) {
        expect(res.text, `${url} ${secret}`).not.toContain(secret);
      }
    }
    const json = JSON.parse((await get('/open311/v2/requests.json?service_code=fire_exit')).text);
    expect(json[0].description).toContain('联系我 ***');
  });

  it('filter by service_request_id (overriding the rest), service_code, status and the 90-day window', async () => {
    const all = JSON.parse((await get('/open311/v2/requests.json')).text) as { service_request_id: string; service_code: string }[];
    const codes = all.map((r) => r.service_request_id);
    const byId = JSON.parse((await get(`/open311/v2/requests.json?service_request_id=${codes.join(',')}&status=closed`)).text);
    expect(byId.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([...codes].sort());
    expect(JSON.parse((await get('/open311/v2/requests.json?service_code=other')).text)).toHaveLength(1);
    expect(JSON.parse((await get('/open311/v2/requests.json?service_code=other,fire_exit')).text)).toHaveLength(2);
    expect(JSON.parse((await get('/open311/v2/requests.json?status=closed')).text)).toEqual([]);
    expect((await get('/open311/v2/requests.json?status=pending')).status).toBe(400);
    // A window before the reports: nothing; one more than 90 days wide, or a date without its zone: 400.
    expect(JSON.parse((await get('/open311/v2/requests.json?end_date=2026-03-01T00:00:00Z')).text)).toEqual([]);
    const wide = await get('/open311/v2/requests.xml?start_date=2025-01-01T00:00:00Z&end_date=2026-03-02T00:00:00Z');
    expect(wide.status).toBe(400);
    sameShape(shapeOfXml(wide.text), shapeOfXml(specErrors));
    expect((await get('/open311/v2/requests.json?start_date=2026-03-01T00:00:00')).status).toBe(400);
    expect(JSON.parse((await get('/open311/v2/requests.json?start_date=2026-03-01')).text)).toHaveLength(2);
    // By default the last 90 days: 91 days on, they are out of the window, and still found by their ids.
    t.clock.set('2026-06-01T11:00:00+08:00');
    expect(JSON.parse((await get('/open311/v2/requests.json')).text)).toEqual([]);
    expect(JSON.parse((await get(`/open311/v2/requests.json?service_request_id=${codes[0]}`)).text)).toHaveLength(1);
    t.clock.set('2026-03-02T12:00:00+08:00');
  });

  it('a report refused or merged is closed, with a note and without the office’s reply', async () => {
    const all = JSON.parse((await get('/open311/v2/requests.json?service_code=other')).text);
    const id = await reportId(all[0].service_request_id);
    // The clock went 91 days ahead and back in the test before: the office's session has idled out.
    const officer = await t.login('o311_awb');
    const refused = await officer.post(`/api/reports/${id}/actions/refuse`, {
      ground: 'not_safety',
      reason: '属于市场监管事项，请联系王科长 13800001111',
    });
    expect(refused.status).toBe(200);
    const [after] = JSON.parse((await get(`/open311/v2/requests/${all[0].service_request_id}.json`)).text);
    expect(after).toMatchObject({ status: 'closed', status_notes: '不予受理 / Refused', expected_datetime: null });
    expect(JSON.stringify(after)).not.toContain('13800001111');
    expect(JSON.parse((await get('/open311/v2/requests.json?status=closed')).text)).toHaveLength(1);
  });
});

describe('GET /tokens/{token}', () => {
  it('turns a report’s internal id into its tracking code; anything else is a 404', async () => {
    const [{ service_request_id }] = JSON.parse((await get('/open311/v2/requests.json?service_code=fire_exit')).text);
    const id = await reportId(service_request_id);
    const xml = await get(`/open311/v2/tokens/${id}.xml`);
    expect(xml.status).toBe(200);
    sameShape(shapeOfXml(xml.text), shapeOfXml(specTokenResponse));
    expect(JSON.parse((await get(`/open311/v2/tokens/${id}.json`)).text)).toEqual([{ service_request_id, token: id }]);
    expect((await get('/open311/v2/tokens/12345.json')).status).toBe(404);
  });
});
