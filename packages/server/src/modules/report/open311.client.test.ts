import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

/**
 * GeoReport v2 as an integrating app reaches it: through `open311` (Code for America's node-open311, npm 0.0.12),
 * a client written by others against the spec, over real HTTP. It is used in JSON, its default (its XML parsers do not
 * install on Node 20: see packages/server/test/open311-client-no-xml); our XML is checked against the spec's own
 * example documents in open311.test.ts.
 */
interface Open311Client {
  endpoint?: string;
  apiKey?: string;
  serviceDiscovery(options: { cache: boolean }, done: Callback): void;
  serviceList(done: Callback): void;
  serviceDefinition(code: string, done: Callback): void;
  submitRequest(data: Record<string, unknown>, done: Callback): void;
  serviceRequests(id: string | string[] | Record<string, string>, params: Record<string, string> | Callback, done?: Callback): void;
  token(token: string, done: Callback): void;
}
type Callback = (err: unknown, data: any) => void;
const Open311 = createRequire(import.meta.url)('open311') as new (options: Record<string, unknown>) => Open311Client;

/** The client's callback as a promise: resolves with its data, rejects with its (status, message) pair. */
const ask = (call: (done: Callback) => void): Promise<any> =>
  new Promise((resolve, reject) => call((err, data) => (err ? reject({ err, data }) : resolve(data))));

let t: TestApp;
let office: Client;
let apiKey: string;
let base: string;

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office'], 'o311c_awb');
  const created = await office.post('/api/open311-clients', { name: '12345 热线对接' });
  expect(created.status).toBe(201);
  apiKey = created.body.apiKey;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

describe('an outside Open311 client (npm open311) against the running server', () => {
  it('finds the endpoint by discovery and reads the services and a service definition', async () => {
    const client = new Open311({ discovery: `${base}/open311/v2/discovery.json`, jurisdiction: 'xigang.gov.cn' });
    const discovery = await ask((done) => client.serviceDiscovery({ cache: true }, done));
    expect(discovery.endpoints).toHaveLength(1);
    // The client takes the production GeoReport v2 endpoint the document names, with the trailing slash it adds.
    expect(client.endpoint).toBe(`${base}/open311/v2/`);
    const services = await ask((done) => client.serviceList(done));
    expect(services.map((s: { service_code: string }) => s.service_code)).toEqual(
      expect.arrayContaining(['major_hazard', 'violation', 'concealed_accident', 'fire_exit']),
    );
    const definition = await ask((done) => client.serviceDefinition('major_hazard', done));
    expect(definition).toMatchObject({ service_code: 'major_hazard' });
    expect(definition.attributes.map((a: { code: string }) => a.code)).toEqual(['reported_org', 'place_name', 'title']);
    // An unknown code: the client reports the failure (it reads only 200 as an answer); what it was given is our 404.
    await expect(ask((done) => client.serviceDefinition('no_such', done))).rejects.toMatchObject({ err: true });
    expect((await fetch(`${base}/open311/v2/services/no_such.json?jurisdiction_id=xigang.gov.cn`)).status).toBe(404);
  });

  it('files a report with its key and attributes, reads it back by id and by token, and is refused without a valid key', async () => {
    const client = new Open311({ endpoint: `${base}/open311/v2/`, jurisdiction: 'xigang.gov.cn', apiKey });
    const [answer] = await ask((done) =>
      client.submitRequest(
        {
          service_code: 'fire_exit',
          lat: 34.391,
          long: 109.081,
          address_string: '新筑街道港务大道 66 号',
          description: '物流园二号库消防通道被托盘堵住，叉车进出频繁',
          first_name: '丽',
          last_name: '张',
          phone: '13700001111',
          attributes: { reported_org: '港务物流园', place_name: '二号库' },
        },
        done,
      ),
    );
    expect(answer.service_request_id).toMatch(/^JB-2026-\d{6}$/);

    const [one] = await ask((done) => client.serviceRequests(answer.service_request_id, done));
    expect(one).toMatchObject({
      service_request_id: answer.service_request_id,
      service_code: 'fire_exit',
      status: 'open',
      // The address as filed, with the place's name the app sent as an attribute.
      address: '新筑街道港务大道 66 号 二号库',
      lat: 34.391,
      long: 109.081,
    });
    // The client turns the spec's datetimes into dates: ours (+08:00) read as the instant the report came in.
    expect(one.requested_datetime).toBeInstanceOf(Date);
    expect(one.requested_datetime.getTime()).toBeGreaterThanOrEqual(new Date('2026-03-02T10:00:00+08:00').getTime());
    expect(one.requested_datetime.getTime()).toBeLessThan(new Date('2026-03-02T11:00:00+08:00').getTime());
    // The reporter's name and phone never come back through the public API.
    expect(JSON.stringify(one)).not.toMatch(/张|13700001111/);

    const listed = await ask((done) => client.serviceRequests({ service_code: 'fire_exit', status: 'open' }, done));
    expect(listed.map((r: { service_request_id: string }) => r.service_request_id)).toContain(answer.service_request_id);
    const byIds = await ask((done) => client.serviceRequests([answer.service_request_id], {}, done));
    expect(byIds).toHaveLength(1);

    // A token (here the report's internal id, as an app holding one would have it) names the tracking code.
    const listedByOffice = await office.get(`/api/reports?q=${answer.service_request_id}`);
    const [token] = await ask((done) => client.token(listedByOffice.body.items[0].id, done));
    expect(token.service_request_id).toBe(answer.service_request_id);

    // Without a valid key the client gets the errors document and the status (403), and nothing is filed.
    const stranger = new Open311({ endpoint: `${base}/open311/v2/`, apiKey: 'o311_not-a-key-we-issued' });
    const refused = await ask((done) =>
      stranger.submitRequest({ service_code: 'fire_exit', lat: 34.39, long: 109.08, description: '测试' }, done),
    ).then(
      () => null,
      (failure: { err: unknown; data: string }) => failure,
    );
    expect(refused?.err).toBe(403);
    expect(refused?.data).toContain('"code":403');
    const all = await ask((done) => client.serviceRequests({ service_code: 'fire_exit' }, done));
    expect(all).toHaveLength(1);
  });
});
