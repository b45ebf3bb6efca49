import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Response, type TestApp, testApp } from '../../../test/harness.js';

/** POST /api/calc/accident-grade through the real app: anonymous, each grade and boundary, 400s naming the field. */

let t: TestApp;
/** Low enough to reach in a test, high enough for the rest of this file (the limit counts per route). */
const RATE_LIMIT = 40;

beforeAll(async () => {
  t = await testApp({ env: { CITYSAFE_PUBLIC_RATE_LIMIT: String(RATE_LIMIT) } });
});
afterAll(async () => {
  await t?.close();
});

const grade = (body: unknown) => t.anonymous.post('/api/calc/accident-grade', body);
const figures = (deaths: number, seriousInjuries: number, directLossWan: number) => ({ deaths, seriousInjuries, directLossWan });

function expectField(res: Response, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION');
  const named = (res.body.error.fields ?? []).find((f: { field: string }) => f.field === field);
  expect(named, JSON.stringify(res.body.error.fields)).toBeTruthy();
  expect(named.message.zh).toBeTruthy();
  expect(named.message.en).toBeTruthy();
}

describe('POST /api/calc/accident-grade (493号令 Art. 3)', () => {
  it('answers anyone, without a login: 0/0/0 is 一般 decided by all three', async () => {
    const res = await grade(figures(0, 0, 0));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ grade: '一般', decidedBy: ['deaths', 'seriousInjuries', 'directLossWan'] });
  });

  it('puts each boundary on the right side ("以上" includes, "以下" excludes)', async () => {
    const cases: [ReturnType<typeof figures>, string, string[]][] = [
      [figures(2, 0, 0), '一般', ['deaths', 'seriousInjuries', 'directLossWan']],
      [figures(3, 0, 0), '较大', ['deaths']],
      [figures(9, 0, 0), '较大', ['deaths']],
      [figures(10, 0, 0), '重大', ['deaths']],
      [figures(29, 0, 0), '重大', ['deaths']],
      [figures(30, 0, 0), '特别重大', ['deaths']],
      [figures(0, 9, 0), '一般', ['deaths', 'seriousInjuries', 'directLossWan']],
      [figures(0, 10, 0), '较大', ['seriousInjuries']],
      [figures(0, 49, 0), '较大', ['seriousInjuries']],
      [figures(0, 50, 0), '重大', ['seriousInjuries']],
      [figures(0, 99, 0), '重大', ['seriousInjuries']],
      [figures(0, 100, 0), '特别重大', ['seriousInjuries']],
      [figures(0, 0, 999.99), '一般', ['deaths', 'seriousInjuries', 'directLossWan']],
      [figures(0, 0, 1000), '较大', ['directLossWan']],
      [figures(0, 0, 4999.99), '较大', ['directLossWan']],
      [figures(0, 0, 5000), '重大', ['directLossWan']],
      [figures(0, 0, 9999.99), '重大', ['directLossWan']],
      [figures(0, 0, 10000), '特别重大', ['directLossWan']],
    ];
    for (const [body, expected, decidedBy] of cases) {
      const res = await grade(body);
      expect(res.status).toBe(200);
      expect(res.body, JSON.stringify(body)).toEqual({ grade: expected, decidedBy });
    }
  });

  it('takes the highest grade of a combination and names every criterion that reached it', async () => {
    expect((await grade(figures(2, 55, 1200))).body).toEqual({ grade: '重大', decidedBy: ['seriousInjuries'] });
    expect((await grade(figures(3, 10, 1000))).body).toEqual({ grade: '较大', decidedBy: ['deaths', 'seriousInjuries', 'directLossWan'] });
  });

  it('refuses negative, fractional, textual and missing figures with a 400 naming the field', async () => {
    expectField(await grade(figures(-1, 0, 0)), 'deaths');
    expectField(await grade(figures(1.5, 0, 0)), 'deaths');
    expectField(await grade({ deaths: '3', seriousInjuries: 0, directLossWan: 0 }), 'deaths');
    expectField(await grade({ deaths: 0, directLossWan: 0 }), 'seriousInjuries');
    expectField(await grade(figures(0, -2, 0)), 'seriousInjuries');
    expectField(await grade(figures(0, 0, -0.01)), 'directLossWan');
    expectField(await grade({ deaths: 0, seriousInjuries: 0, directLossWan: 'a lot' }), 'directLossWan');
    expectField(await grade({ deaths: 0, seriousInjuries: 0 }), 'directLossWan');
  });

  it('is rate-limited as every public route (429 past the limit)', async () => {
    let last = 200;
    for (let n = 0; n < RATE_LIMIT + 1 && last !== 429; n += 1) last = (await grade(figures(0, 0, 0))).status;
    expect(last).toBe(429);
  });
});
