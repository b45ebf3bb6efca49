import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { hazards } from './hazard.tables.js';

/**
 * The public 公示 of listed major hazards (GET /api/public/hazards/listed) through the real app: anyone
 * reads it without a login; only hazards listed with public notice, under supervision or closed within the
 * last 30 days; no person's name or phone; paging; the public rate limit.
 *
 * The rows are written straight into the table: what is under test is what the public list reads of
 * them, whichever loop put them in those states (the loops have their own tests).
 */

let t: TestApp;
/** Low enough to reach in the last test, high enough for the others (the limit counts per route and address). */
const RATE_LIMIT = 40;
const NOW = '2026-06-15T10:00:00+08:00';
const list = (query = '') => t.anonymous.get(`/api/public/hazards/listed${query}`);

/** Personal data the rows carry that must never reach the public. */
const PERSON = '赵责任';
const PHONE = '13912345678';
const LEADER = '钱副局长';

let seq = 0;
async function hazard(over: Partial<typeof hazards.$inferInsert>) {
  const unit = await t.orgId('LGJT');
  seq += 1;
  await t.platform.db.insert(hazards).values({
    code: `YH-2026-${String(seq).padStart(6, '0')}`,
    title: `公示测试隐患${seq}`,
    level: '重大',
    status: 'listed',
    origin: 'department_check',
    responsibleOrgId: unit,
    reportedOrgId: await t.orgId('YJGLJ'),
    responsiblePerson: PERSON,
    responsiblePhone: PHONE,
    responsibleLeader: LEADER,
    supervisingBody: '国际港务区安委办',
    supervisionDeadline: '2026-09-30',
    publicNotice: true,
    listedAt: new Date('2026-05-01T09:00:00+08:00'),
    placeName: '港务大道 1 号',
    streetId: await t.orgId('XZJB'),
    foundAt: new Date('2026-04-20T09:00:00+08:00'),
    ...over,
  });
  return `YH-2026-${String(seq).padStart(6, '0')}`;
}

const shown: string[] = [];
const hidden: string[] = [];

beforeAll(async () => {
  t = await testApp({ now: NOW, env: { CITYSAFE_PUBLIC_RATE_LIMIT: String(RATE_LIMIT) } });
  shown.push(
    await hazard({ status: 'listed' }),
    await hazard({ status: 'assessed', listedAt: new Date('2026-05-03T09:00:00+08:00') }),
    await hazard({ status: 'awaiting_review', listedAt: new Date('2026-05-02T09:00:00+08:00') }),
    // Closed 5 minutes short of 30 days before NOW: still on the list.
    await hazard({ status: 'closed', closedAt: new Date('2026-05-16T10:05:00+08:00') }),
  );
  hidden.push(
    await hazard({ publicNotice: false }),
    // Closed more than 30 days before NOW: off the list.
    await hazard({ status: 'closed', closedAt: new Date('2026-05-16T09:59:00+08:00') }),
    await hazard({ status: 'planned', listedAt: null, supervisingBody: null }),
    await hazard({ status: 'reported', listedAt: null }),
    await hazard({ level: '一般', status: 'rectifying', listedAt: null }),
  );
});
// The clock runs on from where it is set: each test starts from NOW.
beforeEach(() => t.clock.set(NOW));
afterAll(async () => {
  await t?.close();
});

describe('GET /api/public/hazards/listed', () => {
  it('answers anyone without a login with only the hazards listed with public notice, those under supervision first', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(4);
    const codes = res.body.items.map((i: { code: string }) => i.code);
    expect([...codes].sort()).toEqual([...shown].sort());
    for (const code of hidden) expect(codes).not.toContain(code);
    // Newest listing first among those under supervision; the closed one last.
    expect(codes).toEqual([shown[1], shown[2], shown[0], shown[3]]);
    expect(res.body.items[0]).toEqual({
      code: shown[1],
      title: expect.any(String),
      category: null,
      responsibleOrgName: '陆港集团',
      placeName: '港务大道 1 号',
      streetName: '新筑街道办事处',
      supervisingBody: '国际港务区安委办',
      listedOn: '2026-05-03',
      deadline: '2026-09-30',
      status: 'assessed',
      statusLabel: { zh: '整改完成，已评估', en: 'Rectified and assessed' },
      closedOn: null,
    });
    expect(res.body.items[3]).toMatchObject({ status: 'closed', statusLabel: { zh: '已销号' }, closedOn: '2026-05-16' });
  });

  it('lets out no name or phone of a person: responsible person, leader, reporter', async () => {
    const res = await list('?pageSize=100');
    const text = res.raw.body;
    for (const personal of [PERSON, PHONE, LEADER]) expect(text).not.toContain(personal);
    for (const key of ['responsiblePerson', 'responsiblePhone', 'responsibleLeader', 'reportedBy', 'reportedOrgId', 'id'])
      expect(Object.keys(res.body.items[0])).not.toContain(key);
  });

  it('pages, sorts by the declared fields, filters by street and searches', async () => {
    const first = await list('?pageSize=3&sort=code');
    expect(first.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(first.body.items.map((i: { code: string }) => i.code)).toEqual([...shown].sort().slice(0, 3));
    const second = await list('?pageSize=3&page=2&sort=code');
    expect(second.body.items.map((i: { code: string }) => i.code)).toEqual([...shown].sort().slice(3));
    const past = await list('?pageSize=3&page=5');
    expect(past.body).toMatchObject({ total: 4, items: [] });
    expect((await list(`?streetId=${await t.orgId('XHJB')}`)).body.total).toBe(0);
    expect((await list(`?streetId=${await t.orgId('XZJB')}`)).body.total).toBe(4);
    expect((await list(`?q=${encodeURIComponent('陆港')}`)).body.total).toBe(4);
    expect((await list(`?q=${encodeURIComponent(shown[2]!)}`)).body.items.map((i: { code: string }) => i.code)).toEqual([shown[2]]);
  });

  it('refuses an undeclared sort, a page size over 100 and a malformed street with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['?sort=responsiblePerson', 'query.sort'],
      ['?pageSize=101', 'query.pageSize'],
      ['?streetId=x', 'query.streetId'],
    ] as const) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });

  it('moves a hazard off the list 30 days after its 销号, by the clock', async () => {
    t.clock.set('2026-06-15T10:04:00+08:00');
    expect((await list()).body.total).toBe(4);
    t.clock.set('2026-06-15T10:06:00+08:00');
    expect((await list()).body.total).toBe(3);
  });

  // Last: it spends what is left of the limit.
  it('is rate-limited per address like every public route (429)', async () => {
    let last = 200;
    for (let i = 0; i < RATE_LIMIT + 1 && last !== 429; i++) last = (await list()).status;
    expect(last).toBe(429);
  });
});
