import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { auditLabels, serverModules } from '../../modules.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { fillWarningDemo } from './warning.demo.js';

/** WARNINGS' demo data only: a published blue warning on the public page, a yellow one in 安委办's 待办. */

let t: TestApp;
let first: Record<string, number>;

beforeAll(async () => {
  t = await testApp({ now: '2026-11-30T12:00:00+08:00' });
  // What this part's demo stands on: the district's users and areas.
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(t.platform);
  first = await fillWarningDemo(t.platform);
}, 600_000);
afterAll(() => t?.close());

describe('warning demo data', () => {
  it('publishes one warning, readable as CAP, and leaves one awaiting approval in 安委办’s 待办', async () => {
    expect(first).toEqual({ warnings: 2 });
    const shown = (await t.anonymous.get('/api/public/warnings')).body.items;
    expect(shown).toEqual([expect.objectContaining({ level: 'blue', headline: '港务区暴雨蓝色预警', areaDesc: '新筑街道办事处' })]);
    const cap = await t.anonymous.get(shown[0].capUrl);
    expect(cap.status).toBe(200);
    expect(cap.body).toContain('<msgType>Alert</msgType>');
    const office = await t.login('awb', DEMO_PASSWORD);
    const inbox = (await office.get('/api/inbox')).body;
    expect(JSON.stringify(inbox)).toContain('新合街道燃气管网压力异常黄色预警');
    expect(JSON.stringify(inbox)).toContain('monitoring.warningApproval');
  });

  it('labels every audit action it wrote, and adds nothing on a second run', async () => {
    const audit = (await (await t.admin()).get('/api/audit?entityType=warning&pageSize=100')).body.items as { action: string }[];
    expect(audit.length).toBeGreaterThan(0);
    for (const { action } of audit) expect(auditLabels.actions[action], action).toBeDefined();
    expect(await fillWarningDemo(t.platform)).toEqual({});
  });
});
