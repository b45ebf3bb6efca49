import { campaign as plan } from '@citysafe/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

let t: TestApp;
let office: Client;
let unit: Client; // 应急管理局
let tasksOfUnit: { id: string }[];
let next = 0;

const progress = { text: '按计划推进', percent: 50 };
/** The body each action needs, sent by whoever may take it. */
const inputs: Record<string, object> = {
  report: progress,
  submit: { ...progress, percent: 100 },
  accept: {},
  return: { reason: '佐证不全' },
  reopen: { reason: '复查发现问题' },
};
/** How to bring a fresh part into each state, from 未开始. */
const paths: Record<plan.AssignmentStatus, string[]> = {
  not_started: [],
  in_progress: ['report'],
  submitted: ['submit'],
  returned: ['submit', 'return'],
  accepted: ['submit', 'accept'],
};
const isUnitAction = (a: string) => a === 'report' || a === 'submit';

beforeAll(async () => {
  t = await testApp();
  office = await t.userIn('AWB', ['safety_office'], 'awb');
  unit = await t.userIn('YJGLJ', ['department'], 'yj');
  const c = await office.post('/api/campaigns', { title: '创建工作' });
  tasksOfUnit = (await unit.get(`/api/campaigns/${c.body.id}/tasks?pageSize=200`)).body.items;
});
afterAll(() => t.close());

async function freshPartIn(state: plan.AssignmentStatus): Promise<string> {
  const task = tasksOfUnit[next++]!;
  const detail = (await unit.get(`/api/campaign-tasks/${task.id}`)).body;
  const part = detail.assignments.find((a: { orgName: string }) => a.orgName === '应急管理局');
  for (const action of paths[state]) {
    const res = await (isUnitAction(action) ? unit : office).post(`/api/campaign-assignments/${part.id}/actions/${action}`, inputs[action]);
    expect(res.status, `${state} via ${action}`).toBe(200);
  }
  return part.id;
}

describe('every transition of a unit’s part, allowed and refused, through the API', () => {
  const actions = Object.keys(plan.assignmentWorkflow.actions);
  for (const state of plan.assignmentStatuses) {
    for (const action of actions) {
      const def = plan.assignmentWorkflow.actions[action as keyof typeof plan.assignmentWorkflow.actions];
      const allowed = (def.from as readonly string[]).includes(state);
      it(`${state} —${action}→ ${allowed ? def.to : '409'}`, async () => {
        const id = await freshPartIn(state);
        const res = await (isUnitAction(action) ? unit : office).post(`/api/campaign-assignments/${id}/actions/${action}`, inputs[action]);
        if (allowed) {
          expect(res.status).toBe(200);
          expect(res.body.assignment).toMatchObject({ id, status: def.to });
        } else {
          expect(res.status).toBe(409);
          expect(res.body.error.code).toBe('INVALID_TRANSITION');
        }
      });
    }
  }
});

describe('a campaign three years on, with a renamed unit', () => {
  it('maps the plan’s unit to today’s org, and refuses a mapping outside the district', async () => {
    const admin = await t.admin();
    const renamed = await admin.post('/api/orgs', { code: 'FGJ', name: '发展改革局', type: 'department', parentId: await t.orgId('GWH') });
    const c = await office.post('/api/campaigns', { title: '复评（2023—2024）', shiftYears: 3, orgMapping: { JFJ: renamed.body.id } });
    expect(c.status).toBe(201);
    const tasks = await office.get(`/api/campaigns/${c.body.id}/tasks?pageSize=200&orgId=${renamed.body.id}`);
    expect(tasks.body.total).toBeGreaterThan(20);
    expect((await office.get(`/api/campaigns/${c.body.id}/tasks?pageSize=200&orgId=${await t.orgId('JFJ')}`)).body.total).toBe(0);
    const bad = await office.post('/api/campaigns', { title: '错误映射', orgMapping: { JFJ: '00000000-0000-4000-8000-000000000000' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('orgMapping.JFJ');
  });

  it('gives one part to an org two units of the plan were merged into', async () => {
    // 新合街道 merged into 新筑街道: every task of 各街办 names both, and now has one part for the merged street.
    const xinzhu = await t.orgId('XZJB');
    const c = await office.post('/api/campaigns', { title: '街道撤并后', orgMapping: { XHJB: xinzhu } });
    expect(c.status).toBe(201);
    const tasks = (await office.get(`/api/campaigns/${c.body.id}/tasks?pageSize=200`)).body.items as {
      responsibleGroups: string[];
      responsible: { orgId: string }[];
    }[];
    const ofStreets = tasks.filter((x) => x.responsibleGroups.includes('各街办'));
    expect(ofStreets.length).toBeGreaterThan(0);
    for (const task of ofStreets) expect(task.responsible.filter((r) => r.orgId === xinzhu)).toHaveLength(1);
    expect((await office.get(`/api/campaigns/${c.body.id}/tasks?pageSize=200&orgId=${await t.orgId('XHJB')}`)).body.total).toBe(0);
  });
});
