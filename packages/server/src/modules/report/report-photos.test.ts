import { crc32, inflateSync } from 'node:zlib';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { reportPhoto } from '../../../test/report-intake.photo.js';
import { areaBoundaries } from '../map/index.js';

/**
 * 举报 › photos: what a phone writes into a photo (the GPS place, the camera, the time, the owner) is personal data of
 * the reporter. The place is offered to the reporter at upload, then the metadata is removed before the photo is
 * stored, so no route serves it; a report's photos are read through the report, within its reach.
 */

let t: TestApp;
let office: Client; // 安委办: the district
let xinzhu: Client; // 新筑街办: the report's street
let xinhe: Client; // 新合街办: another street

const at = { lng: 109.0813, lat: 34.4021 };

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

// ── fixtures: metadata as phones and editors write it ─────────────────

const segment = (marker: number, body: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
};

/** Degrees as three EXIF rationals (d/1, m/1, s·1000/1000), big-endian. */
function rationals(value: number): Buffer {
  const d = Math.floor(value);
  const m = Math.floor((value - d) * 60);
  const s = Math.round(((value - d) * 60 - m) * 60 * 1000);
  const out = Buffer.alloc(24);
  [d, 1, m, 1, s, 1000].forEach((n, i) => out.writeUInt32BE(n, i * 4));
  return out;
}

/**
 * The EXIF TIFF (big-endian) a phone writes: the camera's make and model, the orientation "rotate 90° clockwise" (6)
 * when asked, and the GPS IFD with the place.
 */
function phoneTiff(options: { orientation: boolean }): Buffer {
  const tiff = Buffer.alloc(192);
  tiff.write('MM\u0000*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  type Entry = [tag: number, type: number, count: number, write: (o: number) => void];
  const orientation: Entry[] = options.orientation ? [[0x0112, 3, 1, (o) => tiff.writeUInt16BE(6, o)]] : [];
  const entries: Entry[] = [
    [0x010f, 2, 7, (o) => tiff.writeUInt32BE(80, o)], // Make → "Xiaomi\0" at 80
    [0x0110, 2, 4, (o) => tiff.write('14U\u0000', o, 'latin1')], // Model, inline
    ...orientation,
    [0x8825, 4, 1, (o) => tiff.writeUInt32BE(88, o)], // GPSInfo → the GPS IFD at 88
  ];
  tiff.writeUInt16BE(entries.length, 8);
  entries.forEach(([tag, type, count, write], i) => {
    const o = 10 + i * 12;
    tiff.writeUInt16BE(tag, o);
    tiff.writeUInt16BE(type, o + 2);
    tiff.writeUInt32BE(count, o + 4);
    write(o + 8);
  });
  tiff.write('Xiaomi\u0000', 80, 'latin1');
  // The GPS IFD at 88: four entries and the next-IFD link (to 142); the rationals at 144 (latitude) and 168 (longitude).
  tiff.writeUInt16BE(4, 88);
  const gps: Entry[] = [
    [1, 2, 2, (o) => tiff.write('N', o, 'latin1')],
    [2, 5, 3, (o) => tiff.writeUInt32BE(144, o)],
    [3, 2, 2, (o) => tiff.write('E', o, 'latin1')],
    [4, 5, 3, (o) => tiff.writeUInt32BE(168, o)],
  ];
  gps.forEach(([tag, type, count, write], i) => {
    const o = 90 + i * 12;
    tiff.writeUInt16BE(tag, o);
    tiff.writeUInt16BE(type, o + 2);
    tiff.writeUInt32BE(count, o + 4);
    write(o + 8);
  });
  rationals(at.lat).copy(tiff, 144);
  rationals(at.lng).copy(tiff, 168);
  return tiff;
}

const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="ZhangSanXMP"/></rdf:RDF></x:xmpmeta>';

/**
 * The report tests' plain JPEG (16 × 12, JFIF and an ICC profile) with what a phone and an editor add: Exif with the
 * camera, the orientation and the GPS place, XMP naming the author, Photoshop's IPTC block, a comment, and a
 * second image appended after the end of the first.
 */
function phoneJpeg(options: { orientation: boolean }): Buffer {
  const plain = reportPhoto();
  return Buffer.concat([
    plain.subarray(0, 2),
    segment(0xe1, Buffer.concat([Buffer.from('Exif\u0000\u0000', 'latin1'), phoneTiff(options)])),
    plain.subarray(2, 4 + plain.readUInt16BE(4)), // APP0 (JFIF)
    segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\u0000${XMP}`, 'latin1')),
    segment(
      0xed,
      Buffer.from('Photoshop 3.0\u00008BIM\u0004\u0004\u0000\u0000\u0000\u0000\u0000\u0010\u001c\u0002P\u0000\u000bZhangSanIPT', 'latin1'),
    ),
    segment(0xfe, Buffer.from('Shot by ZhangSanCOM', 'latin1')),
    plain.subarray(4 + plain.readUInt16BE(4)),
    // After the end of the image, a second one (as MPF previews and motion photos are appended) with its own Exif.
    plain.subarray(0, 2),
    segment(0xe1, Buffer.concat([Buffer.from('Exif\u0000\u0000', 'latin1'), phoneTiff(options)])),
    plain.subarray(2),
  ]);
}

/** The JPEG's segments up to the scan, and its width and height from the frame header (SOFn). */
function jpegParts(bytes: Buffer) {
  const markers: number[] = [];
  let pos = 2;
  let size: { width: number; height: number } | null = null;
  while (bytes[pos + 1] !== 0xda) {
    const marker = bytes[pos + 1]!;
    markers.push(marker);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      size = { height: bytes.readUInt16BE(pos + 5), width: bytes.readUInt16BE(pos + 7) };
    pos += 2 + bytes.readUInt16BE(pos + 2);
  }
  return { markers, size, scan: bytes.subarray(pos) };
}

/** A 4 × 3 PNG drawn by Chromium's canvas, then the chunks an editor adds: tEXt (author), eXIf (GPS), tIME. */
const CANVAS_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAYAAAC09K7GAAAAIklEQVR4AWTIwQ0AAAjCwMb9R2MnlKehST83IGeB8wGvggUAAP//RTBOjgAAAAZJREFUAwAtegczTc0G2gAAAABJRU5ErkJggg==',
  'base64',
);
const pngChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};
/** The TIFF of the phone's Exif with its GPS place. */
const gpsTiff = () => phoneTiff({ orientation: false });
function editorPng(): Buffer {
  const ihdrEnd = 8 + 12 + 13;
  return Buffer.concat([
    CANVAS_PNG.subarray(0, ihdrEnd),
    pngChunk('tEXt', Buffer.from('Author\u0000ZhangSanPNG', 'latin1')),
    pngChunk('eXIf', gpsTiff()),
    pngChunk('tIME', Buffer.from([0x07, 0xea, 3, 2, 10, 0, 0])),
    CANVAS_PNG.subarray(ihdrEnd),
  ]);
}
function pngChunks(bytes: Buffer) {
  const chunks: { type: string; data: Buffer; crcOk: boolean }[] = [];
  for (let pos = 8; pos < bytes.length;) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.subarray(pos + 4, pos + 8).toString('latin1');
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    chunks.push({ type, data, crcOk: crc32(bytes.subarray(pos + 4, pos + 8 + length)) === bytes.readUInt32BE(pos + 8 + length) });
    pos += 12 + length;
  }
  return chunks;
}

/** A 4 × 3 lossy WebP drawn by Chromium's canvas (VP8X with an ICC profile), then EXIF and XMP chunks as editors add them. */
const CANVAS_WEBP = Buffer.from(
  'UklGRjYCAABXRUJQVlA4WAoAAAAgAAAAAwAAAgAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggSAAAAHACAJ0BKgQAAwACwEwlqAJ0RwBkgH6AAt2suogA/vX2neAB//+h3YZQ/kR//8HdhlDXP/5cn4aPKZ//y0P/WH01OUz9uwAAAA==',
  'base64',
);
const riffChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};
function webpChunks(bytes: Buffer) {
  const chunks: { type: string; data: Buffer }[] = [];
  for (let pos = 12; pos < bytes.length;) {
    const size = bytes.readUInt32LE(pos + 4);
    chunks.push({ type: bytes.subarray(pos, pos + 4).toString('latin1'), data: bytes.subarray(pos + 8, pos + 8 + size) });
    pos += 8 + size + (size % 2);
  }
  return chunks;
}
function editorWebp(): Buffer {
  const chunks = webpChunks(CANVAS_WEBP).map((c) => {
    if (c.type !== 'VP8X') return riffChunk(c.type, c.data);
    const flags = Buffer.from(c.data);
    flags[0] = flags[0]! | 0x08 | 0x04;
    return riffChunk('VP8X', flags);
  });
  const body = Buffer.concat([...chunks, riffChunk('EXIF', gpsTiff()), riffChunk('XMP ', Buffer.from(XMP, 'latin1'))]);
  const head = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBP', 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([head, body]);
}

/** What exifr reads that could identify the reporter: all but the colour profile and the image's own header. */
const identifying = {
  tiff: true,
  exif: true,
  gps: true,
  interop: true,
  ifd1: true,
  xmp: true,
  iptc: true,
  icc: false,
  jfif: false,
  ihdr: false,
};

const personal = ['ZhangSan', 'Xiaomi', 'adobe', 'Photoshop'];
const expectNoPersonalData = (bytes: Buffer) => {
  const text = bytes.toString('latin1');
  for (const word of personal) expect(text, `still carries ${word}`).not.toContain(word);
};

// ── the server ─────────────────────────────────────────────────────────

const upload = (name: string, bytes: Buffer, type: string) => t.anonymous.upload(name, bytes, type, '/api/public/reports/photos');

async function submit(photoIds: string[]): Promise<string> {
  const challenge = (await t.anonymous.get('/api/public/reports/challenge')).body;
  const [, a, op, b] = /What is (\d+) (plus|minus) (\d+)\?/.exec(challenge.question.en)!;
  const answer = String(op === 'plus' ? Number(a) + Number(b) : Number(a) - Number(b));
  const res = await t.anonymous.post('/api/public/reports', {
    category: 'major_hazard',
    description: '仓库内违规存放大量液化气钢瓶，消防通道被堵死。',
    address: '新筑街道物流园 3 号库',
    anonymous: true,
    ...at,
    photoIds,
    challenge: { token: challenge.token, answer },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const listed = await office.get(`/api/reports?q=${res.body.code}`);
  return listed.body.items[0].id as string;
}

/** Every route that serves a report's photo, as the people who may read it. */
async function servedCopies(reportId: string, fileId: string): Promise<Buffer[]> {
  const copies: Buffer[] = [];
  for (const [client, url] of [
    [office, `/api/files/${fileId}`],
    [office, `/api/reports/${reportId}/photos/${fileId}`],
    [xinzhu, `/api/reports/${reportId}/photos/${fileId}`],
  ] as const) {
    const res = await client.get(url);
    expect(res.status, url).toBe(200);
    copies.push(res.raw.rawPayload);
  }
  return copies;
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
});

afterAll(async () => {
  await t?.close();
});

describe('metadata removed before the photo is stored', () => {
  it('a JPEG: the place is offered, then no EXIF, XMP, IPTC or comment is served; the orientation alone stays; the image is intact', async () => {
    const original = phoneJpeg({ orientation: true });
    expect(await exifr.gps(original)).toMatchObject({ latitude: expect.closeTo(at.lat, 4) });
    expect(await exifr.parse(original, identifying)).toMatchObject({ Make: 'Xiaomi', Orientation: 'Rotate 90 CW' });

    const uploaded = await upload('现场.jpg', original, 'image/jpeg');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.exif.lng).toBeCloseTo(at.lng, 4);
    const reportId = await submit([uploaded.body.fileId]);
    // The place read at upload reaches the report's photo although the stored bytes no longer carry it.
    const detail = (await office.get(`/api/reports/${reportId}`)).body;
    expect(detail.photos[0].exifLng).toBeCloseTo(at.lng, 4);
    expect(detail.photos[0].exifLat).toBeCloseTo(at.lat, 4);

    const before = jpegParts(reportPhoto());
    for (const served of await servedCopies(reportId, uploaded.body.fileId)) {
      expect(await exifr.gps(served)).toBeUndefined();
      expect(await exifr.parse(served, identifying)).toEqual({ Orientation: 'Rotate 90 CW' });
      expectNoPersonalData(served);
      const after = jpegParts(served);
      // APP0 (JFIF), the new orientation-only APP1, APP2 (the ICC profile), the tables and the frame; nothing else.
      expect(after.markers.filter((m) => (m >= 0xe0 && m <= 0xef) || m === 0xfe)).toEqual([0xe0, 0xe1, 0xe2]);
      expect(after.size).toEqual({ width: 16, height: 12 });
      expect(served.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(served.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
      // The compressed image itself is copied byte for byte.
      expect(after.scan.equals(before.scan)).toBe(true);
    }
  });

  it('a JPEG standing upright keeps no EXIF at all', async () => {
    const uploaded = await upload('plain.jpg', phoneJpeg({ orientation: false }), 'image/jpeg');
    expect(uploaded.body.exif).not.toBeNull();
    const reportId = await submit([uploaded.body.fileId]);
    for (const served of await servedCopies(reportId, uploaded.body.fileId)) {
      expect(await exifr.parse(served, identifying)).toBeUndefined();
      expectNoPersonalData(served);
      expect(jpegParts(served).size).toEqual({ width: 16, height: 12 });
    }
  });

  it('a PNG: the text, eXIf and time chunks go, every kept chunk with its CRC; the pixels inflate', async () => {
    const original = editorPng();
    expect(await exifr.gps(original)).toMatchObject({ longitude: expect.closeTo(at.lng, 4) });
    const uploaded = await upload('截图.png', original, 'image/png');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.exif.lat).toBeCloseTo(at.lat, 4);
    const reportId = await submit([uploaded.body.fileId]);
    for (const served of await servedCopies(reportId, uploaded.body.fileId)) {
      expect(await exifr.gps(served)).toBeUndefined();
      expectNoPersonalData(served);
      const chunks = pngChunks(served);
      // The canvas's own chunks (its image data in two IDAT), and only those.
      expect(chunks.map((c) => c.type)).toEqual(pngChunks(CANVAS_PNG).map((c) => c.type));
      expect(chunks.every((c) => c.crcOk)).toBe(true);
      expect([chunks[0]!.data.readUInt32BE(0), chunks[0]!.data.readUInt32BE(4)]).toEqual([4, 3]);
      // 3 rows of a filter byte and 4 RGBA pixels.
      const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
      expect(pixels).toHaveLength(3 * (1 + 4 * 4));
    }
  });

  it('a WebP: the EXIF and XMP chunks go, their flags are cleared, the RIFF size is right, the image data is untouched', async () => {
    const original = editorWebp();
    const uploaded = await upload('现场.webp', original, 'image/webp');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const reportId = await submit([uploaded.body.fileId]);
    for (const served of await servedCopies(reportId, uploaded.body.fileId)) {
      expectNoPersonalData(served);
      expect(served.indexOf(gpsTiff())).toBe(-1);
      const chunks = webpChunks(served);
      expect(chunks.map((c) => c.type)).toEqual(['VP8X', 'ICCP', 'VP8 ']);
      expect(chunks[0]!.data[0]! & 0x0c).toBe(0);
      expect(chunks[0]!.data[0]! & 0x20).toBe(0x20); // the ICC profile is still declared
      expect(served.readUInt32LE(4)).toBe(served.length - 8);
      expect(chunks[2]!.data.equals(webpChunks(CANVAS_WEBP)[2]!.data)).toBe(true);
    }
  });

  it('refuses a JPEG whose segments run past its end (400), storing nothing', async () => {
    const broken = Buffer.concat([reportPhoto().subarray(0, 4), Buffer.from([0xff, 0xe1, 0x7f, 0xff, 0x45, 0x78])]);
    const res = await upload('坏.jpg', broken, 'image/jpeg');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0]).toMatchObject({ field: 'file', message: { zh: '照片文件已损坏，无法读取' } });
  });

  it('refuses a JPEG with a segment shorter than its own length field (400)', async () => {
    const plain = reportPhoto();
    for (const length of [0, 1]) {
      const broken = Buffer.concat([plain.subarray(0, 2), Buffer.from([0xff, 0xe1, 0, length]), plain.subarray(2)]);
      const res = await upload('短.jpg', broken, 'image/jpeg');
      expect(res.status, `length ${length}`).toBe(400);
    }
  });
});

describe('a report’s photo, through the report', () => {
  it('is served to those who may read the report; another street, a photo of another report and the public get 404 or 401', async () => {
    const first = await upload('一.jpg', reportPhoto(at), 'image/jpeg');
    const second = await upload('二.jpg', reportPhoto(), 'image/jpeg');
    const reportId = await submit([first.body.fileId]);
    const otherId = await submit([second.body.fileId]);
    const own = await xinzhu.get(`/api/reports/${reportId}/photos/${first.body.fileId}`);
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toBe('image/jpeg');
    // The public's uploads belong to the district: a street cannot read them as files, only through its report.
    expect((await xinzhu.get(`/api/files/${first.body.fileId}`)).status).toBe(404);
    const other = await xinhe.get(`/api/reports/${reportId}/photos/${first.body.fileId}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    expect((await xinzhu.get(`/api/reports/${reportId}/photos/${second.body.fileId}`)).status).toBe(404);
    expect((await office.get(`/api/reports/${otherId}/photos/${first.body.fileId}`)).status).toBe(404);
    expect((await t.anonymous.get(`/api/reports/${reportId}/photos/${first.body.fileId}`)).status).toBe(401);
    expect((await office.get(`/api/reports/${reportId}/photos/not-an-id`)).status).toBe(400);
  });
});

describe('a report’s photos, on the hazard made from it', () => {
  /** A report with one photo, accepted, assigned to 新筑 and handled by registering a hazard of `responsibleOrgId`. */
  async function hazardFromReport(responsibleOrgId: string) {
    const photo = await upload('现场.jpg', reportPhoto(at), 'image/jpeg');
    const fileId = photo.body.fileId as string;
    const reportId = await submit([fileId]);
    const act = (client: Client, action: string, body: unknown = {}) => client.post(`/api/reports/${reportId}/actions/${action}`, body);
    expect((await act(office, 'accept')).status).toBe(200);
    expect((await act(office, 'assign', { orgId: await t.orgId('XZJB') })).status).toBe(200);
    const handled = await act(xinzhu, 'handle', {
      outcome: 'hazard',
      note: '现场核实属实，已登记隐患',
      hazard: { level: '一般', responsibleOrgId, deadline: '2026-03-20' },
    });
    expect(handled.status, JSON.stringify(handled.body)).toBe(200);
    return { reportId, fileId, hazardId: handled.body.hazard.id as string };
  }

  it('come along as photos of the hazard as found, served through the hazard to the street that handled it', async () => {
    const { fileId, hazardId } = await hazardFromReport(await t.orgId('XZJB'));
    const hazard = (await xinzhu.get(`/api/hazards/${hazardId}`)).body;
    expect(hazard.photos).toEqual([expect.objectContaining({ stage: 'found', file: expect.objectContaining({ id: fileId }) })]);
    // The street reads it through the hazard (not as a file of the district's), and it is the stored copy: no EXIF.
    const served = await xinzhu.get(`/api/hazards/${hazardId}/photos/${fileId}`);
    expect(served.status).toBe(200);
    expect(await exifr.gps(served.raw.rawPayload)).toBeUndefined();
    expect((await xinhe.get(`/api/hazards/${hazardId}/photos/${fileId}`)).status).toBe(404);
  });

  it('stay on the report when the hazard is the reported enterprise’s: a photo can point at who took it', async () => {
    const admin = await t.admin();
    const enterprise = { code: 'QY-RP1', name: '西港举报照片测试物流公司', type: 'enterprise', parentId: await t.orgId('XZJB') };
    expect((await admin.post('/api/orgs', enterprise)).status).toBe(201);
    const { reportId, fileId, hazardId } = await hazardFromReport(await t.orgId('QY-RP1'));
    expect((await xinzhu.get(`/api/hazards/${hazardId}`)).body.photos).toEqual([]);
    expect((await xinzhu.get(`/api/reports/${reportId}/photos/${fileId}`)).status).toBe(200);
  });
});
