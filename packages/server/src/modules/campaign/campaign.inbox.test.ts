import { campaign as plan } from '@citysafe/domain';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, testApp } from '../../../test/harness.js';
import { fillDemo } from '../../modules.js';
import { auditLog } from '../../platform/platform.tables.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { campaignAssignments, campaignSupervisions } from './campaign.tables.js';

interface Item {
  key: string;
  kind: string;
  kindLabel: { zh: string; en: string };
  title: { zh: string; en: string };
  objectType: string;
  objectId: string;
  due: string | null;
  dueState: 'overdue' | 'due_soon' | 'on_track' | null;
  reason: string | null;
  link: string;
}
interface Inbox {
  counts: Record<string, number>;
  items: Item[];
}

// The demo campaign runs the plan six years on, so its dates fall around this day.
const START = '2026-12-01T09:00:00+08:00';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ now: START });
  await fillDemo(t.platform);
}, 600_000);
afterAll(() => t.close());

const demo = (username: string) => t.login(username, DEMO_PASSWORD);
const inboxOf = async (c: Client): Promise<Inbox> => {
  const res = await c.get<Inbox>('/api/inbox');
  expect(res.status).toBe(200);
  return res.body;
};
const ofKind = (inbox: Inbox, kind: string) => inbox.items.filter((i) => i.kind === kind);

/** The org of each unit's part and 督办 notice among the items, read from the database. */
async function orgsOf(items: Item[]): Promise<Set<string>> {
  const ids = (type: string) => items.filter((i) => i.objectType === type).map((i) => i.objectId);
  const { db } = t.platform;
  const parts = ids('campaignAssignment');
  const notices = ids('campaignSupervision');
  const found = [
    ...(parts.length
      ? await db.select({ org: campaignAssignments.orgId }).from(campaignAssignments).where(inArray(campaignAssignments.id, parts))
      : []),
    ...(notices.length
      ? await db.select({ org: campaignSupervisions.orgId }).from(campaignSupervisions).where(inArray(campaignSupervisions.id, notices))
      : []),
  ];
  return new Set(found.map((r) => r.org));
}

describe('GET /api/inbox', () => {
  it('needs a logged-in person: 401 without, 403 for an API token', async () => {
    expect((await t.anonymous.get('/api/inbox')).status).toBe(401);
    expect((await t.anonymous.get('/api/inbox/done')).status).toBe(401);
    const admin = await t.admin();
    const token = await admin.post('/api/tokens', { name: '待办机器人', actions: ['campaign.read'] });
    expect(token.status).toBe(201);
    const robot = new Client(t, { bearer: token.body.token });
    expect((await robot.get('/api/inbox')).status).toBe(403);
    expect((await robot.get('/api/inbox/done')).status).toBe(403);
  });

  it('a street sees its returned part with the reason and its 督办 to answer, due soon; the counts add up', async () => {
    const street = await demo('xhjb');
    const inbox = await inboxOf(street);
    const [returned] = ofKind(inbox, 'campaign.returned');
    expect(returned).toMatchObject({
      kindLabel: { zh: '被退回', en: 'Returned' },
      title: { zh: expect.stringMatching(/^任务 64 · 新合街办：/) },
      reason: '缺少派驻执法人员名单和委托执法文书，请补充佐证资料。',
      link: expect.stringMatching(/^\/campaign\/tasks\/[0-9a-f-]{36}$/),
    });
    const [notice] = ofKind(inbox, 'campaign.answer');
    expect(notice).toMatchObject({ due: '2026-12-06', dueState: 'due_soon', link: `/campaign/supervisions/${notice!.objectId}` });
    expect(notice!.title.zh).toMatch(/督〔2026〕1号 · 任务 42 · 新合街办$/);
    // Only the units' own work: nothing for 安委办 to accept or decide, no plan flags.
    for (const kind of ['campaign.accept', 'campaign.extension', 'campaign.closeSupervision', 'campaign.flag']) {
      expect(ofKind(inbox, kind)).toEqual([]);
    }
    // Sent back with a reason, it comes before the routine reports.
    const position = (kind: string) => inbox.items.findIndex((i) => i.kind === kind);
    expect(position('campaign.returned')).toBeLessThan(position('campaign.report'));
    const tally: Record<string, number> = {};
    for (const i of inbox.items) tally[i.kind] = (tally[i.kind] ?? 0) + 1;
    expect(inbox.counts).toEqual(tally);
    expect(new Set(inbox.items.map((i) => i.key)).size).toBe(inbox.items.length);
  });

  it('a street never sees another street’s items', async () => {
    const [xh, xz] = [await inboxOf(await demo('xhjb')), await inboxOf(await demo('xzjb'))];
    expect(xh.items.length).toBeGreaterThan(0);
    expect(xz.items.length).toBeGreaterThan(0);
    expect([...(await orgsOf(xh.items))]).toEqual([await t.orgId('XHJB')]);
    expect([...(await orgsOf(xz.items))]).toEqual([await t.orgId('XZJB')]);
    // 新筑街办's submitted part of task 40 waits for 安委办, not for the street.
    expect(xz.items.some((i) => i.title.zh.startsWith('任务 40 '))).toBe(false);
  });

  it('安委办 sees the submission to accept, the extension to decide and the plan’s flags; accepting takes the item away', async () => {
    const office = await demo('awb');
    const inbox = await inboxOf(office);
    expect(ofKind(inbox, 'campaign.report')).toEqual([]);
    const accept = ofKind(inbox, 'campaign.accept').find((i) => i.title.zh.startsWith('任务 40 · 新筑街办'));
    expect(accept).toMatchObject({ kindLabel: { zh: '待验收' }, objectType: 'campaignAssignment', due: null });
    const [extension] = ofKind(inbox, 'campaign.extension');
    expect(extension).toMatchObject({
      title: { zh: expect.stringMatching(/^任务 38 · 交通运输局：申请延期至 2027-01-15$/) },
      reason: '检测单位排期至下月，需顺延完成隐患整改。',
      objectType: 'campaignExtension',
    });
    const flags = ofKind(inbox, 'campaign.flag');
    expect(flags.length).toBeGreaterThan(0);
    expect(flags[0]!.link).toMatch(/^\/campaign\/[0-9a-f-]{36}\/schedule$/);

    expect((await office.post(`/api/campaign-assignments/${accept!.objectId}/actions/accept`, {})).status).toBe(200);
    const after = await inboxOf(office);
    expect(after.items.some((i) => i.key === accept!.key)).toBe(false);
    expect(after.counts['campaign.accept']).toBe((inbox.counts['campaign.accept'] ?? 0) - 1 || undefined);
  });

  it('an answered 督办 moves from the unit’s inbox to 安委办’s, to close', async () => {
    const [street, office] = [await demo('xhjb'), await demo('awb')];
    const [notice] = ofKind(await inboxOf(street), 'campaign.answer');
    const answered = await street.post(`/api/campaign-supervisions/${notice!.objectId}/actions/answer`, {
      response: '已完成群租房整治，台账见附件。',
    });
    expect(answered.status).toBe(200);
    expect(ofKind(await inboxOf(street), 'campaign.answer')).toEqual([]);
    expect(ofKind(await inboxOf(office), 'campaign.closeSupervision')).toMatchObject([{ objectId: notice!.objectId, link: notice!.link }]);
  });

  it('due states follow the clock: a part to report becomes due soon, then overdue the day after its deadline', async () => {
    const part = (await inboxOf(await demo('xzjb'))).items.find((i) => i.kind === 'campaign.report' && i.dueState === 'on_track');
    expect(part).toBeDefined();
    const deadline = Date.parse(`${part!.due}T12:00:00+08:00`);
    // Sessions lapse when the clock jumps ahead: the street logs in again on each day.
    const onDay = async (instant: number) => {
      t.clock.set(new Date(instant).toISOString());
      return (await inboxOf(await demo('xzjb'))).items.find((i) => i.objectId === part!.objectId);
    };
    try {
      expect(await onDay(deadline - plan.DUE_SOON_DAYS * 86_400_000)).toMatchObject({ kind: 'campaign.dueSoon', dueState: 'due_soon' });
      expect(await onDay(deadline)).toMatchObject({ kind: 'campaign.dueSoon', dueState: 'due_soon' });
      expect(await onDay(deadline + 86_400_000)).toMatchObject({
        kind: 'campaign.overdue',
        kindLabel: { zh: '已逾期' },
        dueState: 'overdue',
        due: part!.due,
      });
    } finally {
      t.clock.set(START);
    }
  });

  it('an installation-wide administrator is not given every unit’s work', async () => {
    const inbox = await inboxOf(await t.admin());
    expect(inbox.items.filter((i) => i.kind.startsWith('campaign.'))).toEqual([]);
  });
});

describe('GET /api/inbox/done', () => {
  /** All of a person's 已办, page after page, as one answer. */
  async function allDone(client: Client) {
    const first = await client.get('/api/inbox/done?pageSize=200');
    expect(first.status).toBe(200);
    for (let page = 2; first.body.items.length < first.body.total; page++) {
      first.body.items.push(...(await client.get(`/api/inbox/done?pageSize=200&page=${page}`)).body.items);
    }
    return first;
  }

  it('lists the caller’s own actions, newest first, named by their labels', async () => {
    const office = await demo('awb');
    // Every page: 安委办's later work in other modules' demos (reports triaged, alarms handled) comes first.
    const done = await allDone(office);
    const actions = done.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['campaign.create', 'campaignSupervision.issue', 'campaignAssignment.accept']));
    expect(actions).not.toContain('campaignAssignment.submit');
    expect(done.body.items.find((e: { action: string }) => e.action === 'campaignAssignment.accept')).toMatchObject({
      actionLabel: { zh: '验收通过', en: 'Accept' },
      entityLabel: { zh: '责任单位任务' },
    });
    // Newest first in the order of writing (the clock of this file is set back and forth).
    const ids = done.body.items.map((e: { id: string }) => Number(e.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const rows = await t.platform.db
      .select({ actorId: auditLog.actorId })
      .from(auditLog)
      .where(
        inArray(
          auditLog.id,
          done.body.items.map((e: { id: string }) => Number(e.id)),
        ),
      );
    expect(new Set(rows.map((r) => r.actorId))).toEqual(new Set([office.user!.id]));
    expect(done.body.total).toBe(rows.length);

    const street = await demo('xhjb');
    // Every page, past the street's later work in other modules (the hazard demo's verifications, reports handled).
    const theirs = await allDone(street);
    expect(theirs.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['campaignAssignment.submit']));
    expect(theirs.body.items.map((e: { action: string }) => e.action)).not.toContain('campaign.create');
    expect((await street.get('/api/inbox/done?sort=action')).status).toBe(400);
  });
});
