import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Response, type TestApp, testApp } from '../../test/harness.js';
import { defaultArchiveLimits, entryChunks, inspectArchive } from './archive.js';
import { readSheet } from './sheet.js';

// ---- zip archives made here, byte by byte, so that a test can lie in them ----

/** One entry as it goes into the archive: its compressed bytes and what it declares. */
interface RawEntry {
  name: string;
  method: 0 | 8;
  data: Buffer;
  size: number;
  crc: number;
}

const deflated = (name: string, bytes: Buffer): RawEntry => ({
  name,
  method: 8,
  data: zlib.deflateRawSync(bytes),
  size: bytes.length,
  crc: zlib.crc32(bytes),
});

/** A zip archive (PKWARE APPNOTE 4.3) of the entries, with their declared sizes as given. */
function zipOf(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SHEET = 'xl/worksheets/sheet1.xml';
const HEADER = [
  '编码',
  '上级编码',
  '名称',
  '类型(评分项/鼓励项/否决项)',
  '分值',
  '每处扣分',
  '扣分上限',
  '可信度(V/P/U)',
  '依据',
  '关联任务',
];

/** A real workbook (written by exceljs) with the import's sheet and rows. */
async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('评分细则');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The parts of a real workbook other than its sheet, to wrap a sheet made here into a valid xlsx. */
async function workbookParts(): Promise<RawEntry[]> {
  const zip = await JSZip.loadAsync(await workbook([]));
  const parts: RawEntry[] = [];
  for (const file of Object.values(zip.files)) {
    if (!file.dir && file.name !== SHEET) parts.push(deflated(file.name, await file.async('nodebuffer')));
  }
  return parts;
}

const sheetHead =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const sheetTail = '</sheetData></worksheet>';
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const headerRow = `<row r="1">${HEADER.map((h, i) => inline(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`;

/**
 * The sheet of a zip bomb: valid SpreadsheetML whose whitespace between the header row and the end
 * inflates to `megabytes` MB at about 1000:1. Deflate streams cut at a sync flush concatenate, so
 * one compressed megabyte of spaces is repeated instead of compressing gigabytes here.
 */
function bombSheet(megabytes: number, declare?: number): RawEntry {
  const head = Buffer.from(sheetHead + headerRow);
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  const tail = Buffer.from(sheetTail);
  const sync = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const spacesDeflated = zlib.deflateRawSync(spaces, { level: 9, ...sync });
  let crc = zlib.crc32(head);
  for (let n = 0; n < megabytes; n++) crc = zlib.crc32(spaces, crc);
  crc = zlib.crc32(tail, crc);
  const data = Buffer.concat([
    zlib.deflateRawSync(head, sync),
    ...Array<Buffer>(megabytes).fill(spacesDeflated),
    zlib.deflateRawSync(tail),
  ]);
  return { name: SHEET, method: 8, data, size: declare ?? head.length + megabytes * spaces.length + tail.length, crc };
}

/** A sheet of `rows` data rows below the header, each a distinct item. */
function rowsSheet(rows: number): RawEntry {
  const body: string[] = [sheetHead, headerRow];
  for (let n = 2; n <= rows + 1; n++)
    body.push(`<row r="${n}">${inline(`A${n}`, `X${n}`)}${inline(`C${n}`, `评分项${n}`)}<c r="E${n}"><v>${n % 7}</v></c></row>`);
  body.push(sheetTail);
  return deflated(SHEET, Buffer.from(body.join('')));
}

// ---- the platform ----

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function upload(client: Client, url: string, name: string, bytes: Buffer, type = XLSX): Promise<Response> {
  const boundary = `----citysafe${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request('POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

let t: TestApp;
let office: Client;
let importUrl: string;
let parts: RawEntry[];

beforeAll(async () => {
  t = await testApp();
  office = await t.userIn('AWB', ['safety_office'], 'archive_office');
  const created = await office.post('/api/campaigns', { title: '压缩文件限制测试', planningYear: 2025 });
  expect(created.status).toBe(201);
  importUrl = `/api/campaigns/${created.body.id}/scoring/import`;
  parts = await workbookParts();
});
afterAll(() => t.close());

describe('xlsx zip bombs', () => {
  it('three 1.6 MB bombs inflating to 1.5 GB each, sent at once: each refused with 413 naming the limit, memory bounded, the server alive', async () => {
    const bomb = zipOf([...parts, bombSheet(1500)]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const answers = await Promise.all([1, 2, 3].map((n) => upload(office, importUrl, `炸弹${n}.xlsx`, bomb)));
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    for (const res of answers) {
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(res.body.error.message.zh).toContain(`压缩比超过 ${defaultArchiveLimits.maxRatio}:1`);
      expect(res.body.error.message.en).toContain(`compressed more than ${defaultArchiveLimits.maxRatio}:1`);
    }
    expect((peak - before) / 1024 / 1024).toBeLessThan(300);

    const normal = await upload(office, importUrl, '评分细则.xlsx', await workbook([['A', '', '源头治理', '评分项', 18]]));
    expect(normal.status).toBe(200);
    expect(normal.body.items.map((i: { code: string }) => i.code)).toEqual(['A']);
  });

  it('an archive that declares small sizes but inflates to more is stopped at what it declared', async () => {
    const liar = zipOf([...parts, bombSheet(300, 128 * 1024)]);
    expect(inspectArchive(liar, defaultArchiveLimits).find((e) => e.name === SHEET)!.uncompressedSize).toBe(128 * 1024);
    const before = process.memoryUsage().rss;
    const res = await upload(office, importUrl, '谎报.xlsx', liar);
    expect(res.status).toBe(413);
    expect(res.body.error.message.zh).toContain('解压后大于其声明的大小');
    expect((process.memoryUsage().rss - before) / 1024 / 1024).toBeLessThan(300);
  });

  it('entryChunks never yields more than the entry declared', async () => {
    const liar = zipOf([bombSheet(8, 100_000)]);
    const [entry] = inspectArchive(liar, defaultArchiveLimits);
    let read = 0;
    await expect(
      (async () => {
        for await (const chunk of entryChunks(liar, entry!)) read += chunk.length;
      })(),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(read).toBeLessThanOrEqual(100_000);
  });
});

describe('oversized sheets', () => {
  it('a 300 000-row xlsx is refused at the row limit, fast, without stalling the event loop', async () => {
    const normal = await workbook([['A', '', '源头治理', '评分项', 18]]);
    const started = performance.now();
    expect((await upload(office, importUrl, '基准.xlsx', normal)).status).toBe(200);
    const baselineMs = performance.now() - started;

    const big = zipOf([...parts, rowsSheet(300_000)]);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const from = performance.now();
    const res = await upload(office, importUrl, '三十万行.xlsx', big);
    const elapsedMs = performance.now() - from;
    delay.disable();
    expect(res.status).toBe(413);
    expect(res.body.error.message.zh).toContain('最多 2000 行数据');
    expect(res.body.error.message.en).toContain('at most 2000 data rows');
    // Before: the whole workbook was loaded on the event loop, 1.6 s of stall, then refused.
    expect(delay.max / 1e6).toBeLessThan(500);
    expect(elapsedMs).toBeLessThan(baselineMs * 3 + 3000);
  });
});

describe('the import worker', () => {
  it('a sheet that needs more memory than the worker has kills the worker, not the server: 413', async () => {
    const cell = 'x'.repeat(4000);
    const rows = Array.from({ length: 2000 }, (_, n) => [`A${n}`, '', `${cell}${n}`, '评分项', 1, `${cell}${n}`, '', '', `${cell}${n}`]);
    const bytes = await workbook(rows);
    const limits = { ...t.platform.config.imports, archive: { ...defaultArchiveLimits, maxRatio: 10_000 }, workerMemoryMb: 16 };
    await expect(readSheet(bytes, { sheet: '评分细则', headerRows: 1, maxRows: 2000 }, limits)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      bilingual: { zh: expect.stringContaining('内存超过上限 16 MB') },
    });
    const read = await readSheet(bytes, { sheet: '评分细则', headerRows: 1, maxRows: 2000 }, { ...limits, workerMemoryMb: 256 });
    expect(read.rows).toHaveLength(2001);
    expect(read.rows[1]!.cells[0]).toEqual([1, 'A0']);
  });

  it('a worker past its time limit is ended: 413 naming the limit', async () => {
    const limits = { ...t.platform.config.imports, timeoutMs: 1 };
    await expect(
      readSheet(await workbook([['A', '', '源头治理', '评分项', 18]]), { headerRows: 1, maxRows: 10 }, limits),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      bilingual: { zh: expect.stringContaining('超过时间上限 0.001 秒') },
    });
  });
});

describe('other archives', () => {
  it('a docx or zip with too many entries is refused before it is opened', async () => {
    const many = zipOf([
      deflated('[Content_Types].xml', Buffer.from('<?xml version="1.0"?><Types/>')),
      deflated('word/document.xml', Buffer.from('<w:document/>')),
      ...Array.from({ length: defaultArchiveLimits.maxEntries }, (_, n) => deflated(`word/media/${n}.txt`, Buffer.from('x'))),
    ]);
    for (const [name, type] of [
      ['通知.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['资料.zip', 'application/zip'],
    ]) {
      const res = await upload(office, '/api/files', name!, many, type);
      expect(res.status).toBe(413);
      expect(res.body.error.message.zh).toContain(`上限 ${defaultArchiveLimits.maxEntries} 个`);
      expect(res.body.error.message.en).toContain(`at most ${defaultArchiveLimits.maxEntries}`);
    }
  });
});
