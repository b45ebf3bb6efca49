import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, testApp } from '../../../test/harness.js';
import { reportPhoto } from '../../../test/report-intake.photo.js';
import { type Actor, anonymous } from '../../platform/actor.js';
import { auditLog } from '../../platform/platform.tables.js';
import { loadUserActor } from '../identity/index.js';
import { areaBoundaries } from '../map/index.js';
import { reportCategories, reportPhotos, reportReporters, reports } from './report.tables.js';
import { createReport, reporterIdentity, reportScope } from './index.js';

/**
 * 举报 › intake through the real server and database: the offline challenge, the public photo upload with its EXIF
 * place, the submission (code, secret, areas, identity kept apart), tracking by code and secret, the reporter's
 * answer, the reach, and the identity's confidentiality in everything intake writes.
 */

let t: TestApp;
let office: Client; // 安委办: the district
let xinzhu: Client; // 新筑街办
const RATE_LIMIT = 60;

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
const inXinhe = { lng: 109.04, lat: 34.36 };

/** A real-name reporter whose every part must stay in `report_reporters`. */
const reporter = { name: '保密张三', phone: '13912345678', idNumber: '61011119900101123X', contact: 'zhangsan-secret@example.cn' };
const identityParts = [reporter.name, reporter.phone, reporter.idNumber, reporter.contact];
const leaks = (value: unknown): string[] => {
  const text = JSON.stringify(value);
  return identityParts.filter((part) => text.includes(part));
};

function multipart(name: string, bytes: Buffer, type: string) {
  const boundary = `cs-${randomUUID()}`;
  return {
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(name: string, bytes: Buffer, type = 'image/jpeg') {
  const { body, headers } = multipart(name, bytes, type);
  return t.anonymous.request('POST', '/api/public/reports/photos', body, headers);
}

/** Asks for a challenge and solves it as a person would, from its English wording. */
async function solved(): Promise<{ token: string; answer: string }> {
  const res = await t.anonymous.get('/api/public/reports/challenge');
  expect(res.status).toBe(200);
  const [, a, op, b] = /What is (\d+) (plus|minus) (\d+)\?/.exec(res.body.question.en)!;
  return { token: res.body.token, answer: String(op === 'plus' ? Number(a) + Number(b) : Number(a) - Number(b)) };
}

const base = (extra: Record<string, unknown> = {}) => ({
  category: 'major_hazard',
  description: '仓库内违规存放大量液化气钢瓶，消防通道被堵死。',
  address: '新筑街道物流园 3 号库',
  reportedOrgName: '某物流有限公司',
  anonymous: false,
  reporter,
  ...inXinzhu,
  ...extra,
});

async function submit(extra: Record<string, unknown> = {}) {
  return t.anonymous.post('/api/public/reports', { ...base(extra), challenge: await solved() });
}

const track = (code: string, secret: string) =>
  t.anonymous.request('GET', `/api/public/reports/${code}`, undefined, { 'x-report-secret': secret });

async function actorOf(client: Client): Promise<Actor> {
  const actor = await loadUserActor(t.platform.db, client.user!.id, { via: 'session', sessionId: null, csrfToken: null, ip: null });
  return actor!;
}

let first: { code: string; secret: string };

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00', env: { CITYSAFE_PUBLIC_RATE_LIMIT: String(RATE_LIMIT) } });
  await t.platform.db.insert(areaBoundaries).values([
    { orgId: await t.orgId('XZJB'), level: 'street', geom: square([109.06, 34.38, 109.1, 34.42]), source: 'drawn' },
    { orgId: await t.orgId('XHJB'), level: 'street', geom: square([109.02, 34.34, 109.06, 34.38]), source: 'drawn' },
  ]);
  office = await t.userIn('AWB', ['safety_office']);
  xinzhu = await t.userIn('XZJB', ['street']);
});

afterAll(async () => {
  await t?.close();
});

describe('the categories', () => {
  it('lists the active categories for the public page, the statutory three first', async () => {
    const res = await t.anonymous.get('/api/public/reports/categories');
    expect(res.status).toBe(200);
    expect(res.body.items.slice(0, 3).map((c: { code: string }) => c.code)).toEqual(['major_hazard', 'violation', 'concealed_accident']);
    expect(res.body.items[0].name).toEqual({ zh: '重大事故隐患', en: 'Major accident hazard' });
  });
});

describe('the offline challenge', () => {
  it('gives a question in Chinese characters and a signed token that does not tell the answer', async () => {
    const res = await t.anonymous.get('/api/public/reports/challenge');
    expect(res.status).toBe(200);
    expect(res.body.question.zh).toMatch(/^[零一二三四五六七八九十]+[加减][零一二三四五六七八九十]+等于几/);
    expect(res.body.question.zh).not.toMatch(/\d+[加减]/);
    expect(res.body.token.split('.')).toHaveLength(3);
    // An hour from now (the test clock runs on from its start).
    expect(new Date(res.body.expiresAt).getTime() - t.clock.now().getTime()).toBeGreaterThan(59 * 60_000);
    expect(new Date(res.body.expiresAt).getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(60 * 60_000);
  });

  it('refuses a wrong answer (spending the token), a forged token, a spent one and an expired one on the answer field (400)', async () => {
    const good = await solved();
    const wrong = await t.anonymous.post('/api/public/reports', {
      ...base(),
      challenge: { ...good, answer: String(Number(good.answer) + 1) },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0]).toMatchObject({ field: 'challenge.answer', message: { zh: '验证答案不正确' } });
    // One token, one guess: the right answer after a wrong one is too late.
    const retried = await t.anonymous.post('/api/public/reports', { ...base(), challenge: good });
    expect(retried.status).toBe(400);
    expect(retried.body.error.fields[0].message.en).toMatch(/used/);

    const [, expires] = good.token.split('.');
    const forged = await t.anonymous.post('/api/public/reports', {
      ...base(),
      challenge: { token: `forgedNonce123.${expires}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, answer: good.answer },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error.fields[0].message.en).toMatch(/Wrong answer/);
    // A token claiming a later expiry than the server gives is refused outright.
    const far = await t.anonymous.post('/api/public/reports', {
      ...base(),
      challenge: { token: `farNonce1234567.${Number(expires) + 86_400_000}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, answer: '1' },
    });
    expect(far.body.error.fields[0].message.en).toMatch(/Invalid/);

    const fresh = await solved();
    expect((await t.anonymous.post('/api/public/reports', { ...base(), challenge: fresh })).status).toBe(201);
    const again = await t.anonymous.post('/api/public/reports', { ...base(), challenge: fresh });
    expect(again.status).toBe(400);
    expect(again.body.error.fields[0].message.en).toMatch(/used/);

    const late = await solved();
    t.clock.advance(61 * 60_000);
    const expired = await t.anonymous.post('/api/public/reports', { ...base(), challenge: late });
    expect(expired.status).toBe(400);
    expect(expired.body.error.fields[0].message.en).toMatch(/expired/);
    t.clock.set('2026-03-02T10:00:00+08:00');
  });
});

describe('public photos', () => {
  it('stores a JPEG and offers the place its EXIF carries; a photo without GPS offers none', async () => {
    const withGps = await upload('现场.jpg', reportPhoto({ lng: 109.0813, lat: 34.4021 }));
    expect(withGps.status, JSON.stringify(withGps.body)).toBe(201);
    expect(withGps.body.exif.lng).toBeCloseTo(109.0813, 4);
    expect(withGps.body.exif.lat).toBeCloseTo(34.4021, 4);
    const plain = await upload('plain.jpg', reportPhoto());
    expect(plain.status).toBe(201);
    expect(plain.body.exif).toBeNull();
  });

  it('refuses what is not a photo (415) and a photo over 10 MB (413)', async () => {
    const pdf = await upload('举报.pdf', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), 'application/pdf');
    expect(pdf.status).toBe(415);
    const big = Buffer.concat([reportPhoto(), Buffer.alloc(10 * 1024 * 1024)]);
    const res = await upload('big.jpg', big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('filing a report', () => {
  it('answers 201 with the code and a secret; the areas come from the point, the photo keeps its EXIF place', async () => {
    const photo = await upload('现场.jpg', reportPhoto({ lng: 109.0813, lat: 34.4021 }));
    const res = await submit({ photoIds: [photo.body.fileId] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.code).toMatch(/^JB-2026-\d{6}$/);
    expect(res.body.secret).toMatch(/^[A-Z2-9]{10}$/);
    first = res.body;
    const [row] = await t.platform.db.select().from(reports).where(eq(reports.code, first.code));
    expect(row).toMatchObject({ status: 'received', channel: 'web', anonymous: false, streetId: await t.orgId('XZJB') });
    // Acceptance within the category's 3 days; the secret only hashed.
    expect(row!.acceptDueAt.getTime() - row!.receivedAt.getTime()).toBe(3 * 86_400_000);
    expect(row!.secretHash).not.toContain(first.secret);
    const [stored] = await t.platform.db.select().from(reportPhotos).where(eq(reportPhotos.reportId, row!.id));
    expect(stored!.exifLng).toBeCloseTo(109.0813, 4);
    const [identity] = await t.platform.db.select().from(reportReporters).where(eq(reportReporters.reportId, row!.id));
    expect(identity).toMatchObject({ name: reporter.name, phone: reporter.phone, idNumber: reporter.idNumber });
  });

  it('numbers per year in the database, one after the other', async () => {
    const a = await submit({ anonymous: true, reporter: null });
    const b = await submit({ anonymous: true, reporter: null });
    expect(Number(b.body.code.slice(-6))).toBe(Number(a.body.code.slice(-6)) + 1);
    t.clock.set('2027-01-01T00:10:00+08:00');
    const next = await submit({ anonymous: true, reporter: null });
    expect(next.body.code).toBe('JB-2027-000001');
    t.clock.set('2026-03-02T10:00:00+08:00');
  });

  it('names the wrong field in both languages (400): no place, identity with an anonymous report, none with a real-name one, an unknown or inactive category', async () => {
    const noPlace = await submit({ lng: undefined, lat: undefined, address: null });
    expect(noPlace.status).toBe(400);
    expect(noPlace.body.error.fields.map((f: { field: string }) => f.field)).toContain('address');
    const mixed = await submit({ anonymous: true });
    expect(mixed.body.error.fields[0]).toMatchObject({ field: 'reporter' });
    const nameless = await submit({ reporter: null });
    expect(nameless.body.error.fields[0]).toMatchObject({ field: 'reporter.name', message: { zh: expect.stringContaining('姓名') } });
    expect((await submit({ category: 'no_such_thing' })).body.error.fields[0].field).toBe('category');
    await t.platform.db.update(reportCategories).set({ active: false }).where(eq(reportCategories.code, 'gas_safety'));
    expect((await submit({ category: 'gas_safety' })).body.error.fields[0].field).toBe('category');
  });

  it('refuses a photo already used by another report, and a staff member’s file (400)', async () => {
    const [used] = await t.platform.db.select({ fileId: reportPhotos.fileId }).from(reportPhotos).limit(1);
    const res = await submit({ photoIds: [used!.fileId] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('photoIds.0');
    const { body, headers } = multipart('内部.jpg', reportPhoto(), 'image/jpeg');
    const staffFile = await office.request('POST', '/api/files', body, headers);
    expect(staffFile.status).toBe(201);
    expect((await submit({ photoIds: [staffFile.body.id] })).body.error.fields[0].field).toBe('photoIds.0');
  });

  it('places a report with only an address in no area', async () => {
    const res = await submit({ lng: undefined, lat: undefined, anonymous: true, reporter: null });
    expect(res.status).toBe(201);
    const [row] = await t.platform.db.select().from(reports).where(eq(reports.code, res.body.code));
    expect(row).toMatchObject({ geom: null, streetId: null, address: '新筑街道物流园 3 号库' });
  });
});

describe('tracking by code and secret', () => {
  it('shows the status, the dated steps, the messages, never the identity', async () => {
    const res = await track(first.code, first.secret);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: first.code, status: 'received', anonymous: false, photoCount: 1, awaitingAnswer: false });
    expect(res.body.steps).toEqual([{ status: 'received', label: { zh: '已接收', en: 'Received' }, at: res.body.receivedAt, note: null }]);
    expect(res.body.receivedAt.slice(0, 10)).toBe('2026-03-02');
    expect(leaks(res.body)).toEqual([]);
  });

  it('accepts the secret in lower case, as a phone keyboard may type it', async () => {
    expect((await track(first.code.toLowerCase(), first.secret.toLowerCase())).status).toBe(200);
  });

  it('answers a wrong secret, an unknown code and a missing secret alike (404, not telling which)', async () => {
    const wrongSecret = await track(first.code, 'ABCDEFGHJK');
    const wrongCode = await track('JB-2026-999999', first.secret);
    const none = await t.anonymous.get(`/api/public/reports/${first.code}`);
    for (const res of [wrongSecret, wrongCode, none]) expect(res.status).toBe(404);
    expect(wrongSecret.body).toEqual(wrongCode.body);
    expect(wrongSecret.body).toEqual(none.body);
  });

  it('takes the reporter’s answer to the office’s question; audits it without its text', async () => {
    const [row] = await t.platform.db.select({ id: reports.id }).from(reports).where(eq(reports.code, first.code));
    await t.platform.db.execute(
      sql`insert into report_messages (report_id, author, body, created_at) values (${row!.id}, 'office', '请补充具体库房位置', ${t.clock.now().toISOString()})`,
    );
    expect((await track(first.code, first.secret)).body.awaitingAnswer).toBe(true);
    const res = await t.anonymous.request(
      'POST',
      `/api/public/reports/${first.code}/messages`,
      { body: '在园区东门进去第二排仓库' },
      { 'x-report-secret': first.secret },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.messages.map((m: { author: string }) => m.author)).toEqual(['office', 'reporter']);
    expect(res.body.awaitingAnswer).toBe(false);
    const [entry] = await t.platform.db.select().from(auditLog).where(eq(auditLog.action, 'report.message'));
    expect(entry!.ip).toBeNull();
    expect(JSON.stringify(entry!.after)).not.toContain('东门');
    const wrong = await t.anonymous.request(
      'POST',
      `/api/public/reports/${first.code}/messages`,
      { body: '冒充' },
      { 'x-report-secret': 'ABCDEFGHJK' },
    );
    expect(wrong.status).toBe(404);
  });
});

describe('the reporter’s identity', () => {
  it('is read only with report.identity, and every read is audited without the identity in it', async () => {
    const [row] = await t.platform.db.select({ id: reports.id }).from(reports).where(eq(reports.code, first.code));
    const officer = await actorOf(office);
    await expect(t.platform.db.transaction((tx) => reporterIdentity(tx, officer, row!.id))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(t.platform.db.transaction((tx) => reporterIdentity(tx, anonymous(null), row!.id))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const admin = await actorOf(await t.admin());
    for (let i = 0; i < 2; i++) {
      const seen = await t.platform.db.transaction((tx) => reporterIdentity(tx, admin, row!.id));
      expect(seen).toEqual(reporter);
    }
    const reads = await t.platform.db.select().from(auditLog).where(eq(auditLog.action, 'report.identity'));
    expect(reads).toHaveLength(2);
    expect(reads.every((r) => r.entityId === row!.id && r.actorId === admin.userId)).toBe(true);
    expect(leaks(reads.map((r) => [r.before, r.after]))).toEqual([]);
  });

  it('never appears in any audit entry intake writes, and no public submission records the address', async () => {
    const entries = await t.platform.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} in ('report.create', 'report.message', 'file.upload')`);
    expect(entries.length).toBeGreaterThan(5);
    expect(leaks(entries.map((e) => [e.before, e.after, e.actorName]))).toEqual([]);
    expect(entries.filter((e) => e.actorId === null).every((e) => e.ip === null)).toBe(true);
  });

  it('never appears in the office’s list or a report’s page, even for the administrator who holds report.identity', async () => {
    const admin = await t.admin();
    const list = await admin.get('/api/reports?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { code: string }) => r.code)).toContain(first.code);
    expect(leaks(list.body)).toEqual([]);
    const id = list.body.items.find((r: { code: string }) => r.code === first.code).id;
    const detail = await admin.get(`/api/reports/${id}`);
    expect(detail.status).toBe(200);
    expect(leaks(detail.body)).toEqual([]);
  });

  it('is in no audit entry at all, whatever its action', async () => {
    const entries = await t.platform.db.select().from(auditLog);
    expect(leaks(entries.map((e) => [e.action, e.before, e.after, e.actorName]))).toEqual([]);
  });

  it('is not a column of `reports`: a list or export reading every column of it cannot carry the identity', async () => {
    const everything = await t.platform.db.select().from(reports);
    expect(everything.length).toBeGreaterThan(3);
    expect(leaks(everything)).toEqual([]);
  });
});

describe('reach (reportScope)', () => {
  it('gives the district every report, a street those in its area or assigned to it', async () => {
    const created = await t.platform.db.transaction((tx) =>
      createReport(tx, anonymous(null), {
        category: 'violation',
        description: '新合街道某工地无防护高空作业。',
        anonymous: true,
        photoIds: [],
        channel: 'hotline',
        ...inXinhe,
      }),
    );
    const codes = async (client: Client) => {
      const actor = await actorOf(client);
      const found = await t.platform.db.select({ code: reports.code }).from(reports).where(reportScope(actor, 'report.read'));
      return found.map((r) => r.code);
    };
    const all = (await t.platform.db.select({ code: reports.code }).from(reports)).map((r) => r.code);
    expect((await codes(office)).sort()).toEqual(all.sort());
    const street = await codes(xinzhu);
    expect(street).toContain(first.code);
    expect(street).not.toContain(created.code);
    await t.platform.db
      .update(reports)
      .set({ assignedOrgId: await t.orgId('XZJB') })
      .where(eq(reports.id, created.id));
    expect(await codes(xinzhu)).toContain(created.code);
  });
});

// Last: it spends what is left of the limit.
describe('anti-abuse', () => {
  it('is rate-limited per address like every public route (429)', async () => {
    let last = 200;
    for (let i = 0; i < RATE_LIMIT + 1 && last !== 429; i++) last = (await t.anonymous.get('/api/public/reports/challenge')).status;
    expect(last).toBe(429);
  });
});
