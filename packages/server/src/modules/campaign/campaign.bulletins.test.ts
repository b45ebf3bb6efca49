import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { officeText } from '../../../test/office.js';

let t: TestApp;
let office: Client;
let emergency: Client;
let campaignId: string;
let partIds: string[];

const progress = (percent: number) => ({ text: '已完成部署并开展排查', percent });

beforeAll(async () => {
  // The campaign starts in November 2020; 应急管理局 has one part accepted in December and one in February.
  t = await testApp({ now: '2020-11-20T09:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office'], 'bulletin_office');
  emergency = await t.userIn('YJGLJ', ['department'], 'bulletin_yj');
  campaignId = (await office.post('/api/campaigns', { title: '国家安全发展示范城市创建工作' })).body.id;
  const emergencyId = await t.orgId('YJGLJ');
  const own = (await emergency.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`)).body.items.filter(
    (x: { responsible: unknown[] }) => x.responsible.length === 1,
  );
  partIds = [];
  for (const task of own.slice(0, 2)) {
    const detail = (await emergency.get(`/api/campaign-tasks/${task.id}`)).body;
    partIds.push(detail.assignments.find((a: { orgId: string }) => a.orgId === emergencyId).id);
  }
  for (const [i, day] of ['2020-12-10T10:00:00+08:00', '2021-02-05T10:00:00+08:00'].entries()) {
    t.clock.set(day);
    // Months pass between the steps: everyone logs in again, as their sessions have ended.
    [office, emergency] = [await t.login('bulletin_office'), await t.login('bulletin_yj')];
    expect((await emergency.post(`/api/campaign-assignments/${partIds[i]}/actions/submit`, progress(100))).status).toBe(200);
    expect((await office.post(`/api/campaign-assignments/${partIds[i]}/actions/accept`, {})).status).toBe(200);
  }
  t.clock.set('2021-04-02T09:00:00+08:00');
  [office, emergency] = [await t.login('bulletin_office'), await t.login('bulletin_yj')];
});
afterAll(() => t.close());

describe('工作通报 issued by number and period', () => {
  it('numbers issues 第N期 per office and year, newest first; 403 for a department, 400 for a bad period', async () => {
    const url = `/api/campaigns/${campaignId}/bulletins`;
    expect((await emergency.post(url, { kind: 'month', month: '2020-12' })).status).toBe(403);
    expect((await emergency.get(url)).status).toBe(403);
    const backwards = await office.post(url, { kind: 'custom', from: '2021-03-01', to: '2021-02-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].field).toBe('to');
    expect((await office.post(url, { kind: 'quarter', quarter: '2021-Q5' })).status).toBe(400);
    expect((await office.post(url, { kind: 'month', month: '2021-05' })).body.error.fields[0].field).toBe('month');

    const december = await office.post(url, { kind: 'month', month: '2020-12' });
    expect(december.status).toBe(201);
    expect(december.body).toMatchObject({
      year: 2021,
      number: 1,
      issueNo: '2021年第1期',
      periodFrom: '2020-12-01',
      periodTo: '2020-12-31',
    });
    expect(december.body.periodText).toBe('2020年12月');
    const quarter = await office.post(url, { kind: 'quarter', quarter: '2021-Q1' });
    expect(quarter.body).toMatchObject({ number: 2, issueNo: '2021年第2期', periodText: '2021年第一季度', periodTo: '2021-03-31' });
    const list = (await office.get(url)).body;
    expect(list.total).toBe(2);
    expect(list.items.map((b: { number: number }) => b.number)).toEqual([2, 1]);
  });

  it('prints the issue number and reports the period: what was done in it and how things stood at its end', async () => {
    const url = `/api/campaigns/${campaignId}/bulletins`;
    const [quarter, december] = (await office.get(url)).body.items;
    expect((await emergency.get(`/api/campaign-bulletins/${december.id}/bulletin.docx`)).status).toBe(403);

    const decemberDoc = await office.get(`/api/campaign-bulletins/${december.id}/bulletin.docx`);
    expect(decemberDoc.status).toBe(200);
    const decemberText = await officeText(decemberDoc.raw.rawPayload);
    expect(decemberText).toContain('2021年第1期');
    expect(decemberText).toContain('2020年12月推进情况的通报');
    // One part accepted in December; the February acceptance is after the period and not counted.
    expect(decemberText).toContain('2020年12月，各责任单位新完成（验收通过）任务事项1项，报送工作进展1次');
    expect(decemberText).toContain('已完成1项');

    const quarterText = await officeText((await office.get(`/api/campaign-bulletins/${quarter.id}/bulletin.docx`)).raw.rawPayload);
    expect(quarterText).toContain('2021年第2期');
    expect(quarterText).toContain('2021年第一季度，各责任单位新完成（验收通过）任务事项1项');
    expect(quarterText).toContain('已完成2项');
    // The same document on every download: the figures come from the history, not from today.
    await office.post(`/api/campaign-assignments/${partIds[0]}/actions/reopen`, { reason: '复核发现佐证资料不全' });
    const again = await officeText((await office.get(`/api/campaign-bulletins/${december.id}/bulletin.docx`)).raw.rawPayload);
    expect(again).toBe(decemberText);
  }, 120_000); // three documents read back through LibreOffice
});
