import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Response, type TestApp, testApp } from '../../test/harness.js';
import { MAX_JSON_DEPTH } from './http.js';
import { contentDisposition } from './transfer.js';

// Hostile input (issue #7): bodies nested to exhaust the stack, text that hides or reorders what
// people read, file names that disguise their type. The same on both engines.

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const nested = (depth: number, inner = '"x"') => '['.repeat(depth) + inner + ']'.repeat(depth);

const postRaw = (client: Client, url: string, payload: string) =>
  client.request('POST', url, payload, { 'content-type': 'application/json' });

const fieldsOf = (res: Response) => (res.body.error.fields ?? []).map((f: { field: string }) => f.field);

describe('JSON nested deeply', () => {
  it('answers a body nested 5 000 deep with 400 JSON_TOO_DEEP, signed in or not, never 500', async () => {
    const body = `{"name": ${nested(5000)}}`;
    for (const [client, url] of [
      [admin, '/api/orgs'],
      [admin, '/api/notifications'],
      [t.anonymous, '/api/auth/login'],
    ] as const) {
      const res = await postRaw(client, url, body);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('JSON_TOO_DEEP');
      expect(res.body.error.message.zh).toContain(`${MAX_JSON_DEPTH} 层`);
      expect(res.body.error.message.en).toContain(`${MAX_JSON_DEPTH} levels`);
    }
    // An object of objects is as deep as an array of arrays.
    const objects = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    expect((await postRaw(admin, '/api/orgs', objects)).body.error.code).toBe('JSON_TOO_DEEP');
  });

  it('parses a body at the limit, and does not count brackets inside strings', async () => {
    // At the limit the body is parsed and reaches validation, which names the wrong field.
    const atLimit = await postRaw(admin, '/api/orgs', `{"name": ${nested(MAX_JSON_DEPTH - 1)}}`);
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.error.code).toBe('VALIDATION');
    expect(fieldsOf(atLimit)).toContain('name');
    const over = await postRaw(admin, '/api/orgs', `{"name": ${nested(MAX_JSON_DEPTH)}}`);
    expect(over.body.error.code).toBe('JSON_TOO_DEEP');
    const name = `[{"\\"${'['.repeat(90)}`;
    const res = await admin.post('/api/orgs', { code: 'IN-BRACKETS', name, type: 'enterprise', parentId: await t.orgId('XZJB') });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe(name);
  });
});

describe('text input', () => {
  const org = async (fields: Record<string, unknown>) =>
    admin.post('/api/orgs', {
      code: `IN-${randomBytes(4).toString('hex')}`,
      name: '测试单位',
      type: 'enterprise',
      parentId: await t.orgId('XZJB'),
      ...fields,
    });

  it('stores names in NFC: a decomposed é is stored composed, and found by either spelling', async () => {
    const res = await org({ name: 'Cafe\u0301 港务物流', note: 'e\u0301 第一行\r\n第二行\t完' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe('Caf\u00e9 港务物流');
    expect(res.body.note).toBe('\u00e9 第一行\n第二行\t完');
    const found = await admin.get(`/api/orgs?q=${encodeURIComponent('Caf\u00e9')}`);
    expect(found.body.items.map((o: { id: string }) => o.id)).toContain(res.body.id);
  });

  it('treats a name made only of invisible characters as empty', async () => {
    for (const name of ['\u200b', '\u200b\u200c\u200d', '\ufeff \u3000', ' \u2060 ']) {
      const res = await org({ name });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(fieldsOf(res)).toEqual(['name']);
    }
    const user = await admin.post('/api/users', {
      username: `inv${randomBytes(3).toString('hex')}`,
      password: 'Citysafe#2024pass',
      displayName: '\u200b\u200b',
      orgId: await t.orgId('XZJB'),
      roles: ['street'],
    });
    expect(user.status).toBe(400);
    expect(fieldsOf(user)).toEqual(['displayName']);
  });

  it('refuses bidirectional and control characters with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '港务\u202E区' }, 'name'],
      [{ name: '\u2066港务区\u2069' }, 'name'],
      [{ name: '港务\u200F区' }, 'name'],
      [{ name: '港务\u061C区' }, 'name'],
      [{ name: '港务\u0007区' }, 'name'],
      [{ name: '港务\n区' }, 'name'],
      [{ name: '港务\u0085区' }, 'name'],
      [{ shortName: '港\u202D务' }, 'shortName'],
      [{ aliases: ['正常', '港\u202E务'] }, 'aliases.1'],
      // Multi-line text keeps line breaks and tabs, but not other controls nor reordering.
      [{ note: '第一行\n\u202E第二行' }, 'note'],
      [{ note: '响铃\u0007' }, 'note'],
    ];
    for (const [fields, field] of cases) {
      const res = await org(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(fields)).toEqual([field]);
      expect(res.body.error.fields[0].message.en).toMatch(/control characters/);
    }
  });

  it('applies to workflow reasons and findings too', async () => {
    const person = await t.userIn('XZJB', ['street']);
    const res = await admin.post(`/api/users/${person.user!.id}/actions/disable`, { reason: '人员\u202E调离' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['reason']);
    const blank = await admin.post(`/api/users/${person.user!.id}/actions/disable`, { reason: '\u200b\u200b\u200b' });
    expect(blank.status).toBe(400);
    expect(fieldsOf(blank)).toEqual(['reason']);
  });
});

/** A multipart upload of one file, the name written raw (UTF-8) as a browser does. */
function upload(client: Client, name: string, bytes: Buffer): Promise<Response> {
  const boundary = `----citysafe${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return client.request('POST', '/api/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

const dispositionName = (header: unknown) => decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(String(header))![1]!);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('file names', () => {
  it('cleans a name whose bidirectional characters disguise its type, and downloads it under the clean name', async () => {
    // Shown as "invoicetxt.png"; really a .txt file.
    const res = await upload(admin, 'invoice\u202Egnp.txt', Buffer.from('合计 100 元\n'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe('invoicegnp.txt');
    const back = await admin.get(`/api/files/${res.body.id}`);
    const header = String(back.headers['content-disposition']);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(dispositionName(header)).toBe('invoicegnp.txt');
    expect(header).toContain('filename="invoicegnp.txt"');
  });

  it('removes zero-width and control characters and composes the name (NFC)', async () => {
    const res = await upload(admin, '\u200b整改\u200d报告\u2066\u2069 Cafe\u0301.pdf', pdf);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe('整改报告 Caf\u00e9.pdf');
  });

  it('cuts a long name to 100 characters and 255 bytes, keeping the extension', async () => {
    const latin = await upload(admin, `${'a'.repeat(300)}.pdf`, pdf);
    expect(latin.status).toBe(201);
    expect(latin.body.name).toBe(`${'a'.repeat(96)}.pdf`);
    // Chinese takes three bytes a character: 83 of them and ".pdf" fill 253 of the 255 bytes.
    const chinese = await upload(admin, `${'整'.repeat(200)}.pdf`, pdf);
    expect(chinese.status).toBe(201);
    expect(chinese.body.name).toBe(`${'整'.repeat(83)}.pdf`);
    expect(Buffer.byteLength(chinese.body.name)).toBeLessThanOrEqual(255);
    const back = await admin.get(`/api/files/${chinese.body.id}`);
    expect(dispositionName(back.headers['content-disposition'])).toBe(`${'整'.repeat(83)}.pdf`);
  });

  it('sends a name stored before cleaning without its bidirectional characters', () => {
    const header = contentDisposition('invoice\u202Egnp.txt');
    expect(dispositionName(header)).toBe('invoicegnp.txt');
  });
});
