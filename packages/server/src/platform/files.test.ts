import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Response, type TestApp, testApp } from '../../test/harness.js';
import { rows } from './db.js';
import { newStorageKey } from './files.js';
import { S3FileStore } from './s3.js';

// ---- real files of each kind, made here ----

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer): number => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A real RGB PNG: signature, IHDR, one zlib IDAT, IEND, each chunk with its CRC. */
function makePng(width = 16, height = 8): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set([x * 16, y * 32, 200], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real one-page PDF with a correct cross-reference table. */
function makePdf(text = 'Rectification report'): Buffer {
  const content = `BT /F1 18 Tf 20 100 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function makeDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: '关于限期整改安全隐患的督办通知', bold: true })] }),
          new Paragraph('请于十日内完成整改。'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

async function makeXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('隐患台账');
  ws.addRow(['隐患名称', '等级', '整改期限']);
  ws.addRow(['消防通道堵塞', '一般', '2026-12-31']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const CSV = Buffer.from('企业名称,危险化学品,储量（吨）\n港务区某物流公司,液氨,12.5\n', 'utf8');
/** The start of an ELF executable (what a Linux binary begins with). */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(56), randomBytes(64)]);
/** A Windows PE executable header. */
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0'),
  randomBytes(64),
]);

// ---- requests ----

/** A multipart body built by hand, as a browser sends it (file name in raw UTF-8). */
function multipart(
  name: string,
  bytes: Buffer,
  opts: { field?: string; contentType?: string } = {},
): { payload: Buffer; contentType: string } {
  const boundary = `----citysafe${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${opts.field ?? 'file'}"; filename="${name}"\r\n` +
    `Content-Type: ${opts.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function upload(client: Client, name: string, bytes: Buffer, opts: Parameters<typeof multipart>[2] = {}): Promise<Response> {
  const { payload, contentType } = multipart(name, bytes, opts);
  return client.request('POST', '/api/files', payload, { 'content-type': contentType });
}

/** The same, encoded by the platform's own FormData (undici), as `fetch` in a browser would. */
async function uploadFormData(client: Client, name: string, bytes: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const encoded = new Response(form);
  const payload = Buffer.from(await encoded.arrayBuffer());
  return client.request('POST', '/api/files', payload, { 'content-type': encoded.headers.get('content-type')! });
}

async function download(client: Client, id: string) {
  const res = await client.request('GET', `/api/files/${id}`);
  return { ...res, bytes: res.raw.rawPayload };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Every file under a folder, relative to it. Walked folder by folder, skipping those that vanish meanwhile: the check
 * for escapes reads the whole temporary folder, where other test files' data directories come and go.
 */
function filesUnder(dir: string, root = dir): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full, root);
    return e.isFile() ? [path.relative(root, full)] : [];
  });
}

function contentDispositionName(header: unknown): string {
  const m = /filename\*=UTF-8''([^;\s]+)/.exec(String(header));
  expect(m, String(header)).not.toBeNull();
  return decodeURIComponent(m![1]!);
}

// ---- the app on local storage ----

let t: TestApp;
let admin: Client;
let xinzhu: Client; // 新筑街办
let xinhe: Client; // 新合街办
let xinzhuGrid: Client;
let department: Client; // 应急管理局
let office: Client; // 安委办
let expert: Client;
let enterprise: Client; // an enterprise under 新筑街办
let enterpriseOrgId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
  const ent = await admin.post('/api/orgs', {
    code: 'FILES-ENT',
    name: '港务区测试物流有限公司',
    type: 'enterprise',
    parentId: await t.orgId('XZJB'),
  });
  expect(ent.status).toBe(201);
  enterpriseOrgId = ent.body.id;
  [xinzhu, xinhe, xinzhuGrid, department, office, expert, enterprise] = await Promise.all([
    t.userIn('XZJB', ['street']),
    t.userIn('XHJB', ['street']),
    t.userIn('XZJB', ['grid_member']),
    t.userIn('YJGLJ', ['department']),
    t.userIn('AWB', ['safety_office']),
    t.userIn('GWQ', ['expert']),
    t.userIn('FILES-ENT', ['enterprise']),
  ]);
});
afterAll(() => t.close());

describe('POST /api/files', () => {
  it('refuses the anonymous caller with 401 and a role without file.upload with 403', async () => {
    const png = makePng();
    const anon = await upload(t.anonymous, 'a.png', png);
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('UNAUTHENTICATED');
    const res = await upload(expert, 'a.png', png);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('refuses a session upload without the CSRF token', async () => {
    const { payload, contentType } = multipart('a.png', makePng());
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { cookie: `cs_session=${xinzhu.auth.cookie}`, 'content-type': contentType },
      payload,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF');
  });

  it('stores real office files, typed by their content', async () => {
    const cases: [string, Buffer, string][] = [
      ['现场照片.png', makePng(), 'image/png'],
      ['整改报告.pdf', makePdf(), 'application/pdf'],
      ['督办通知.docx', await makeDocx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['隐患台账.xlsx', await makeXlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['危化品清单.csv', CSV, 'text/csv; charset=utf-8'],
      ['说明.txt', Buffer.from('限期整改，逾期将依法处理。\n', 'utf8'), 'text/plain; charset=utf-8'],
      ['PHOTO.PNG', makePng(4, 4), 'image/png'],
    ];
    for (const [name, bytes, mimeType] of cases) {
      // The client's Content-Type is not trusted either way.
      const res = await upload(xinzhu, name, bytes, { contentType: 'application/octet-stream' });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name,
        mimeType,
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        orgId: await t.orgId('XZJB'),
        uploadedBy: xinzhu.user!.id,
        createdAt: expect.any(String),
      });
      const back = await download(xinzhu, res.body.id);
      expect(back.status).toBe(200);
      expect(Buffer.compare(back.bytes, bytes), name).toBe(0);
      expect(back.headers['content-type']).toBe(mimeType);
      expect(Number(back.headers['content-length'])).toBe(bytes.length);
      expect(back.headers['x-content-type-options']).toBe('nosniff');
      expect(String(back.headers['content-disposition'])).toMatch(/^attachment;/);
      expect(contentDispositionName(back.headers['content-disposition'])).toBe(name);
    }
  });

  it('keeps a Chinese file name sent by FormData, and sends it back in Content-Disposition', async () => {
    const pdf = makePdf('Zhenggai');
    const res = await uploadFormData(xinzhu, '整改报告（第2版）.pdf', pdf);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe('整改报告（第2版）.pdf');
    const back = await download(xinzhu, res.body.id);
    expect(Buffer.compare(back.bytes, pdf)).toBe(0);
    const header = String(back.headers['content-disposition']);
    // The header itself is plain ASCII (RFC 6266 / 5987), the name percent-encoded in UTF-8.
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(header).toBe(`attachment; filename="2.pdf"; filename*=UTF-8''${encodeURIComponent('整改报告（第2版）.pdf')}`);
    expect(contentDispositionName(header)).toBe('整改报告（第2版）.pdf');
  });

  it('accepts a file larger than the JSON body limit, up to the configured maximum', async () => {
    const big = Buffer.from('名称,数量\n'.repeat(400_000), 'utf8'); // ≈ 5.6 MB of text
    expect(big.length).toBeGreaterThan(3 * 1024 * 1024);
    const res = await upload(xinzhu, '大台账.csv', big);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.sizeBytes).toBe(big.length);
    const back = await download(xinzhu, res.body.id);
    expect(sha256(back.bytes)).toBe(sha256(big));
  });

  it('refuses executables, whatever their name', async () => {
    for (const [name, bytes] of [
      ['tool', ELF],
      ['report.pdf', ELF],
      ['notes.txt', ELF],
      ['setup.exe', EXE],
      ['报告.docx', EXE],
    ] as const) {
      const res = await upload(xinzhu, name, bytes);
      expect(res.status, name).toBe(415);
      expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      // Said in words people know, with the configured limit, never as a MIME type.
      expect(res.body.error.message.zh).toContain('只能上传 PDF、Word、Excel、图片');
      expect(res.body.error.message.zh).toContain('单个文件不超过 50 MB');
      expect(res.body.error.message.en).toContain('Only PDF, Word, Excel, images');
      expect(res.body.error.message.en).toContain('at most 50 MB per file');
      expect(JSON.stringify(res.body.error.message)).not.toMatch(/application\/|x-msdownload|x-elf/);
    }
  });

  it('refuses content that does not match its extension', async () => {
    const cases: [string, Buffer][] = [
      ['photo.pdf', makePng()],
      ['report.png', makePdf()],
      ['table.docx', await makeXlsx()],
      ['photo', makePng()],
      ['page.html', Buffer.from('<html><script>alert(1)</script></html>')],
      ['image.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
      ['binary.txt', Buffer.from([0x41, 0x00, 0x42, 0x43])],
    ];
    for (const [name, bytes] of cases) {
      const res = await upload(xinzhu, name, bytes);
      expect(res.status, name).toBe(415);
      expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('accepts a CSV saved by Excel in GB18030 (GBK) and labels its charset', async () => {
    const res = await upload(xinzhu, '隐患台账.csv', Buffer.from([0xc6, 0xf3, 0xd2, 0xb5, 0x2c, 0xca, 0xfd, 0x0a]));
    expect(res.status).toBe(201);
    expect(res.body.mimeType).toBe('text/csv; charset=gb18030');
  });

  it('refuses an empty file with 400 naming the field', async () => {
    const res = await upload(xinzhu, 'empty.pdf', Buffer.alloc(0));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'file' }] });
  });

  it('refuses a request without the file part, or not multipart at all', async () => {
    const wrongField = await upload(xinzhu, 'a.png', makePng(), { field: 'attachment' });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.fields[0].field).toBe('file');

    const boundary = '----citysafeNoFile';
    const onlyField = await xinzhu.request(
      'POST',
      '/api/files',
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n标题\r\n--${boundary}--\r\n`),
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    expect(onlyField.status).toBe(400);
    expect(onlyField.body.error.fields[0].field).toBe('file');

    const empty = await xinzhu.request('POST', '/api/files', Buffer.alloc(0), {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    expect(empty.status).toBe(400);

    const json = await xinzhu.post('/api/files', { file: 'aGVsbG8=' });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const truncated = multipart('a.png', makePng());
    const cut = await xinzhu.request('POST', '/api/files', truncated.payload.subarray(0, truncated.payload.length - 30), {
      'content-type': truncated.contentType,
    });
    expect(cut.status).toBe(400);
  });

  it('stores a path-like name as a plain file name, with the bytes under the data directory', async () => {
    const before = new Set(filesUnder(path.join(t.dataDir, 'files')));
    const tricks: [string, string][] = [
      ['../../etc/passwd.txt', 'passwd.txt'],
      ['..\\..\\Windows\\win.ini.txt', 'win.ini.txt'],
      ['/etc/cron.d/evil.txt', 'evil.txt'],
      ['a<b>c|d:e*f?.txt', 'abcdef.txt'],
      ['..', 'file'],
    ];
    const text = Buffer.from('root:x:0:0\n');
    for (const [name, stored] of tricks) {
      const res = await upload(xinzhu, name, text);
      if (stored === 'file') {
        // No extension left: not recognisable as text, so refused rather than stored nameless.
        expect(res.status, name).toBe(415);
        continue;
      }
      expect(res.status, name).toBe(201);
      expect(res.body.name).toBe(stored);
      const back = await download(xinzhu, res.body.id);
      expect(contentDispositionName(back.headers['content-disposition'])).toBe(stored);
      const header = String(back.headers['content-disposition']);
      expect(header).not.toMatch(/\.\.|[\r\n]/);
      // The only quotes are those around the ASCII fallback name.
      expect(header.split('"')).toHaveLength(3);
    }
    // The bytes went only to new files named by the platform, inside <data dir>/files.
    const added = filesUnder(path.join(t.dataDir, 'files')).filter((f) => !before.has(f));
    expect(added).toHaveLength(4);
    for (const f of added) {
      expect(f).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}$/);
      expect(fs.readFileSync(path.join(t.dataDir, 'files', f)).equals(text)).toBe(true);
    }
    expect(filesUnder(t.dataDir).some((f) => /passwd|win\.ini|evil/.test(f))).toBe(false);
    expect(filesUnder(path.dirname(t.dataDir)).some((f) => /(^|\/)(passwd|evil)\.txt$/.test(f))).toBe(false);
    // No half-written leftovers.
    expect(filesUnder(path.join(t.dataDir, 'files')).some((f) => f.endsWith('.part'))).toBe(false);
  });

  it('uploads with a Bearer token that holds file.upload (no CSRF needed), not with one that does not', async () => {
    // An enterprise's own system sends its inspection photos.
    const withUpload = await enterprise.post('/api/tokens', { name: '企业巡检系统', actions: ['file.upload', 'file.read'] });
    expect(withUpload.status, JSON.stringify(withUpload.body)).toBe(201);
    const withoutUpload = await enterprise.post('/api/tokens', { name: '只读', actions: ['file.read'] });
    const device = new Client(t, { bearer: withUpload.body.token });
    const readonly = new Client(t, { bearer: withoutUpload.body.token });
    const png = makePng(2, 2);
    const ok = await upload(device, 'drone.png', png);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ uploadedBy: enterprise.user!.id, orgId: enterpriseOrgId });
    expect((await upload(readonly, 'drone.png', png)).status).toBe(403);
    expect((await download(readonly, ok.body.id)).bytes.equals(png)).toBe(true);
  });

  it('writes the upload to the audit log', async () => {
    const res = await upload(xinzhu, '审计.png', makePng());
    const log = await admin.get(`/api/audit?entityType=file&entityId=${res.body.id}`);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({
      action: 'file.upload',
      actorId: xinzhu.user!.id,
      after: { name: '审计.png', sha256: res.body.sha256 },
    });
  });
});

describe('GET /api/files/:id and /api/files/:id/meta', () => {
  let fileId: string;
  let entFileId: string;
  const png = makePng(3, 3);
  beforeAll(async () => {
    fileId = (await upload(xinzhu, '新筑现场.png', png)).body.id;
    entFileId = (await upload(enterprise, '企业自查.png', png)).body.id;
    expect(fileId).toBeTruthy();
    expect(entFileId).toBeTruthy();
  });

  it('refuses the anonymous caller with 401', async () => {
    for (const url of [`/api/files/${fileId}`, `/api/files/${fileId}/meta`]) {
      const res = await t.anonymous.get(url);
      expect(res.status).toBe(401);
    }
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    for (const url of ['/api/files/123', '/api/files/123/meta', "/api/files/'%20or%201=1/meta"]) {
      const res = await admin.get(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.fields[0].field).toBe('params.id');
    }
    for (const url of ['/api/files/00000000-0000-4000-8000-000000000000', '/api/files/00000000-0000-4000-8000-000000000000/meta']) {
      const res = await admin.get(url);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('lets people whose reach covers the uploading org read the file', async () => {
    for (const reader of [xinzhu, xinzhuGrid, office, admin, expert]) {
      const meta = await reader.get(`/api/files/${fileId}/meta`);
      expect(meta.status, reader.user!.username).toBe(200);
      expect(meta.body).toMatchObject({ id: fileId, name: '新筑现场.png', sizeBytes: png.length });
      const back = await download(reader, fileId);
      expect(back.status).toBe(200);
      expect(back.bytes.equals(png)).toBe(true);
    }
    // The street office reaches the enterprises under it.
    expect((await xinzhu.get(`/api/files/${entFileId}/meta`)).status).toBe(200);
    expect((await enterprise.get(`/api/files/${entFileId}/meta`)).body.orgId).toBe(enterpriseOrgId);
  });

  it('hides the file from another street, a department and an enterprise outside its reach (404, not 403)', async () => {
    for (const [who, reader] of [
      ['新合街办', xinhe],
      ['应急管理局', department],
      ['enterprise', enterprise],
    ] as const) {
      const meta = await reader.get(`/api/files/${fileId}/meta`);
      expect(meta.status, who).toBe(404);
      expect(meta.body.error.code).toBe('NOT_FOUND');
      const back = await download(reader, fileId);
      expect(back.status, who).toBe(404);
      expect(back.bytes.includes(png)).toBe(false);
    }
    expect((await xinhe.get(`/api/files/${entFileId}/meta`)).status).toBe(404);
  });
});

describe('missing bytes', () => {
  it('answers an error, not a hang or a truncated download, when the stored bytes are gone', async () => {
    const res = await upload(xinzhu, '丢失.png', makePng());
    const [row] = await rows<{ storage_key: string }>(t.platform.db, sql`select storage_key from files where id = ${res.body.id}`);
    fs.rmSync(path.join(t.dataDir, 'files', row!.storage_key));
    const back = await download(xinzhu, res.body.id);
    expect(back.status).toBeGreaterThanOrEqual(500);
    expect(back.bytes.length).toBeLessThan(200);
    expect(back.headers['content-disposition']).toBeUndefined();
  });
});

describe('upload size limit', () => {
  it('refuses a file over CITYSAFE_MAX_UPLOAD_MB with 413 and stores nothing', async () => {
    const small = await testApp({ env: { CITYSAFE_MAX_UPLOAD_MB: '1' } });
    try {
      const user = await small.admin();
      const justUnder = Buffer.from('a,b\n'.repeat(262_000)); // 1 048 000 bytes
      expect(justUnder.length).toBeLessThanOrEqual(1024 * 1024);
      expect((await upload(user, 'ok.csv', justUnder)).status).toBe(201);
      const over = Buffer.from('a,b\n'.repeat(300_000));
      const res = await upload(user, 'big.csv', over);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(res.body.error.message.zh).toContain('单个文件不超过 1 MB');
      expect(res.body.error.message.en).toContain('at most 1 MB per file');
      const exe = await upload(user, 'setup.exe', EXE);
      expect(exe.body.error.message.zh).toContain('单个文件不超过 1 MB');
      const [{ n }] = (await rows<{ n: number }>(small.platform.db, sql`select count(*)::int as n from files`)) as [{ n: number }];
      expect(n).toBe(1);
      expect(filesUnder(path.join(small.dataDir, 'files'))).toHaveLength(1);
    } finally {
      await small.close();
    }
  });
});

// ---- S3-compatible object store ----

const require = createRequire(import.meta.url);
const aws4 = require('aws4') as {
  RequestSigner: new (
    request: Record<string, unknown>,
    credentials: { accessKeyId: string; secretAccessKey: string },
  ) => { sign(): { headers: Record<string, string> } };
};

const S3_KEY = 'S3RVER';
const S3_SECRET = 'S3RVER';

/**
 * s3rver does not check Signature V4, so the test puts a gate in front of it that does, with an
 * independent implementation (aws4): a request S3 or MinIO would refuse is refused here too.
 */
function signatureCheckingProxy(upstreamPort: number, secrets: Record<string, string>): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const refuse = (why: string) => {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>${why}</Message></Error>`);
      };
      const m =
        /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
          req.headers.authorization ?? '',
        );
      if (!m) return refuse('malformed Authorization');
      const [, accessKeyId, , region, signedHeaders] = m as unknown as [string, string, string, string, string];
      const secretAccessKey = secrets[accessKeyId];
      if (!secretAccessKey) return refuse('unknown access key');
      if (req.headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex')) return refuse('payload hash');
      const headers: Record<string, string> = {};
      for (const h of signedHeaders.split(';')) if (h !== 'host') headers[h] = String(req.headers[h]);
      const expected = new aws4.RequestSigner(
        {
          host: req.headers.host,
          path: req.url,
          method: req.method,
          service: 's3',
          region,
          headers,
          ...(body.length ? { body } : {}),
          extraHeadersToIgnore: { 'content-length': true },
        },
        { accessKeyId, secretAccessKey },
      ).sign().headers.Authorization;
      if (expected !== req.headers.authorization) return refuse(`expected ${expected}`);
      const upstream = http.request(
        { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => refuse('upstream'));
      upstream.end(body);
    });
  });
}

describe('S3 file store against a local S3-compatible server', () => {
  let s3dir: string;
  let s3: ChildProcess;
  let proxy: http.Server;
  let endpoint: string;
  const store = (bucket = 'citysafe', secretAccessKey = S3_SECRET) =>
    new S3FileStore({ endpoint, bucket, region: 'us-east-1', accessKeyId: S3_KEY, secretAccessKey });
  const readAll = async (stream: NodeJS.ReadableStream) => {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };

  beforeAll(async () => {
    s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-s3-'));
    // s3rver pages its listings with DES-encrypted tokens, which OpenSSL 3 keeps in its legacy
    // provider: it runs as a process of its own with that provider on.
    const options = {
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3dir,
      configureBuckets: [{ name: 'citysafe' }, { name: 'many' }],
    };
    const script = `const S3rver = require(${JSON.stringify(require.resolve('s3rver'))});
      new S3rver(${JSON.stringify(options)}).run().then((a) => console.log(JSON.stringify(a)));`;
    s3 = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      s3.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
      s3.stdout!.once('data', (line: Buffer) => resolve((JSON.parse(line.toString()) as AddressInfo).port));
    });
    proxy = signatureCheckingProxy(port, { [S3_KEY]: S3_SECRET });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    s3.kill();
    await new Promise((resolve) => (s3.exitCode !== null ? resolve(null) : s3.once('exit', resolve)));
    fs.rmSync(s3dir, { recursive: true, force: true });
  });

  it('puts, gets and lists objects with valid signatures', async () => {
    const s = store();
    const items = [makePng(), makePdf(), await makeXlsx(), randomBytes(70_000)].map((bytes) => ({ key: newStorageKey(), bytes }));
    for (const { key, bytes } of items) await s.put(key, bytes, 'application/octet-stream');
    for (const { key, bytes } of items) expect((await readAll(await s.get(key))).equals(bytes)).toBe(true);
    const listed: string[] = [];
    for await (const key of s.list()) listed.push(key);
    expect(listed.sort()).toEqual(items.map((i) => i.key).sort());
  });

  it('lists past the first page of 1000 keys', async () => {
    const s = store('many');
    const keys = Array.from({ length: 1003 }, () => newStorageKey());
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => s.put(k, Buffer.from(k), 'text/plain')));
    const listed: string[] = [];
    for await (const key of s.list()) listed.push(key);
    expect(listed).toHaveLength(1003);
    expect(new Set(listed)).toEqual(new Set(keys));
  }, 120_000);

  it('fails loudly on a missing object and on wrong credentials', async () => {
    await expect(store().get(newStorageKey())).rejects.toThrow(/S3 GET .* failed: HTTP 404/);
    await expect(store('citysafe', 'wrong-secret').put(newStorageKey(), Buffer.from('x'), 'text/plain')).rejects.toThrow(/HTTP 403/);
    await expect(store('no-such-bucket').put(newStorageKey(), Buffer.from('x'), 'text/plain')).rejects.toThrow(/HTTP 404/);
  });

  it('serves uploads and downloads through the app with the bytes in the bucket, not on disk', async () => {
    const app = await testApp({
      env: {
        CITYSAFE_S3_ENDPOINT: endpoint,
        CITYSAFE_S3_BUCKET: 'citysafe',
        CITYSAFE_S3_REGION: 'us-east-1',
        CITYSAFE_S3_ACCESS_KEY_ID: S3_KEY,
        CITYSAFE_S3_SECRET_ACCESS_KEY: S3_SECRET,
      },
    });
    try {
      expect(app.platform.files.kind).toBe('s3');
      const street = await app.userIn('XZJB', ['street']);
      const other = await app.userIn('XHJB', ['street']);
      const pdf = makePdf('Stored in S3');
      const docx = await makeDocx();
      const up = await upload(street, '整改报告.pdf', pdf);
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      const up2 = await uploadFormData(street, '督办通知.docx', docx);
      expect(up2.status).toBe(201);

      const back = await download(street, up.body.id);
      expect(back.status).toBe(200);
      expect(back.bytes.equals(pdf)).toBe(true);
      expect(back.headers['content-type']).toBe('application/pdf');
      expect(contentDispositionName(back.headers['content-disposition'])).toBe('整改报告.pdf');
      expect((await download(street, up2.body.id)).bytes.equals(docx)).toBe(true);
      expect((await download(other, up.body.id)).status).toBe(404);

      const [row] = await rows<{ storage: string; storage_key: string }>(
        app.platform.db,
        sql`select storage, storage_key from files where id = ${up.body.id}`,
      );
      expect(row!.storage).toBe('s3');
      expect((await readAll(await store().get(row!.storage_key))).equals(pdf)).toBe(true);
      expect(filesUnder(path.join(app.dataDir, 'files'))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('answers a clear error and keeps no row when the object store refuses the upload', async () => {
    const app = await testApp({
      env: {
        CITYSAFE_S3_ENDPOINT: endpoint,
        CITYSAFE_S3_BUCKET: 'citysafe',
        CITYSAFE_S3_ACCESS_KEY_ID: S3_KEY,
        CITYSAFE_S3_SECRET_ACCESS_KEY: 'wrong',
      },
    });
    try {
      const user = await app.admin();
      const res = await upload(user, 'a.png', makePng());
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.body.error.code).toMatch(/INTERNAL|UNAVAILABLE/);
      // No secret or signature leaks into the answer.
      expect(JSON.stringify(res.body)).not.toMatch(/AWS4|Signature|wrong/);
      const [{ n }] = (await rows<{ n: number }>(app.platform.db, sql`select count(*)::int as n from files`)) as [{ n: number }];
      expect(n).toBe(0);
    } finally {
      await app.close();
    }
  });
});
