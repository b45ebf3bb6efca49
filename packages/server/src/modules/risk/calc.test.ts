import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Response, type TestApp, testApp } from '../../../test/harness.js';

/**
 * The public calculators (POST /api/calc/lec, POST /api/calc/major-hazard) through the real app:
 * anonymous access, every LEC band and level boundary, GB 18218 grades, and 400s naming the field.
 */

let t: TestApp;
/** Low enough to reach in a test, high enough for the rest of this file (the limit counts per route). */
const RATE_LIMIT = 60;

beforeAll(async () => {
  t = await testApp({ env: { CITYSAFE_PUBLIC_RATE_LIMIT: String(RATE_LIMIT) } });
});
afterAll(async () => {
  await t?.close();
});

const lec = (body: unknown) => t.anonymous.post('/api/calc/lec', body);
const mh = (body: unknown) => t.anonymous.post('/api/calc/major-hazard', body);

/** A 400 whose fields name `field`. */
function expectField(res: Response, field: string) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION');
  const fields = (res.body.error.fields ?? []).map((f: { field: string }) => f.field);
  expect(fields).toContain(field);
  const named = res.body.error.fields.find((f: { field: string }) => f.field === field);
  expect(named.message.zh).toBeTruthy();
  expect(named.message.en).toBeTruthy();
}

describe('POST /api/calc/lec', () => {
  it('answers anyone, without a login, with D, level and colour at each level', async () => {
    const cases: [unknown, number, string, string][] = [
      [{ L: 6, E: 6, C: 15 }, 540, '重大', 'red'],
      [{ L: 3, E: 6, C: 15 }, 270, '较大', 'orange'],
      [{ L: 3, E: 6, C: 7 }, 126, '一般', 'yellow'],
      [{ L: 1, E: 6, C: 7 }, 42, '低', 'blue'],
    ];
    for (const [body, D, level, color] of cases) {
      const res = await lec(body);
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(res.body).toMatchObject({ D, level, color });
    }
  });

  it('puts D = 70 in 一般/yellow and D = 63 in 低/blue; gives D = 20 the 一般危险 band and 18 the 稍有危险 band', async () => {
    expect((await lec({ L: 10, E: 1, C: 7 })).body).toMatchObject({ D: 70, level: '一般', color: 'yellow', band: { key: 'notable' } });
    expect((await lec({ L: 3, E: 3, C: 7 })).body).toMatchObject({ D: 63, level: '低', color: 'blue', band: { key: 'moderate' } });
    expect((await lec({ L: 10, E: 2, C: 1 })).body).toMatchObject({ D: 20, band: { key: 'moderate', zh: '一般危险，需要注意' } });
    expect((await lec({ L: 6, E: 3, C: 1 })).body).toMatchObject({ D: 18, band: { key: 'slight' } });
    expect((await lec({ L: 10, E: 10, C: 100 })).body).toMatchObject({ D: 10000, level: '重大', band: { key: 'extreme' } });
  });

  it('answers decimals exactly and says the default mapping is unverified', async () => {
    const res = await lec({ L: 0.1, E: 6, C: 100 });
    expect(res.body).toMatchObject({ D: 60, level: '低', color: 'blue', levelCode: 'low', mappingVerified: false });
  });

  it('refuses a value not in its table with a 400 naming the field', async () => {
    expectField(await lec({ L: 2, E: 6, C: 15 }), 'L');
    expectField(await lec({ L: 6, E: 4, C: 15 }), 'E');
    expectField(await lec({ L: 6, E: 6, C: 50 }), 'C');
    expectField(await lec({ L: '6', E: 6, C: 15 }), 'L');
    expectField(await lec({ E: 6, C: 15 }), 'L');
    expectField(await lec({ L: 6, E: null, C: 15 }), 'E');
  });

  it('answers a body that is not JSON or not an object with a 400, never a 500', async () => {
    const raw = await t.app.inject({
      method: 'POST',
      url: '/api/calc/lec',
      payload: '{"L": 6,',
      headers: { 'content-type': 'application/json' },
    });
    expect(raw.statusCode).toBe(400);
    expect((await lec([6, 6, 15])).status).toBe(400);
  });

  it('follows the mapping an administrator stored in the risk settings', async () => {
    const admin = await t.admin();
    const { body: settings } = await admin.get('/api/risk/settings');
    const stricter = {
      ...settings.grading,
      lec: {
        thresholds: { major: 200, significant: 100, general: 20 },
        source: { zh: '某省地方标准', en: 'A provincial standard' },
        verified: true,
      },
    };
    expect((await admin.put('/api/risk/settings', stricter)).status).toBe(200);
    try {
      expect((await lec({ L: 3, E: 6, C: 15 })).body).toMatchObject({ D: 270, level: '重大', color: 'red', mappingVerified: true });
      expect((await lec({ L: 10, E: 2, C: 1 })).body).toMatchObject({ D: 20, level: '一般', color: 'yellow' });
    } finally {
      expect((await admin.put('/api/risk/settings', settings.grading)).status).toBe(200);
    }
    expect((await lec({ L: 3, E: 6, C: 15 })).body).toMatchObject({ D: 270, level: '较大', color: 'orange', mappingVerified: false });
  });

  it('answers a logged-in user the same', async () => {
    const admin = await t.admin();
    expect((await admin.post('/api/calc/lec', { L: 6, E: 6, C: 15 })).body).toMatchObject({ D: 540, level: '重大', color: 'red' });
  });
});

describe('POST /api/calc/major-hazard', () => {
  it('identifies and grades a unit, items in the order given', async () => {
    const res = await mh({
      substances: [
        { name: '液氯', quantityTonnes: 10 },
        { cas: '74-82-8', quantityTonnes: 25 },
        { name: '某溶剂', category: 'W5.3', quantityTonnes: 500 },
      ],
      exposedPopulation: 120,
    });
    expect(res.status).toBe(200);
    // S = 10/5 + 25/50 + 500/1000 = 3; R = 2 × (4·2 + 1·0.5 + 1·0.5) = 18 → 三级.
    expect(res.body).toMatchObject({ S: 3, R: 18, alpha: 2, grade: 3, isMajorHazard: true });
    expect(res.body.items).toMatchObject([
      { criticalQuantityTonnes: 5, beta: 4, ratio: 2, matchedBy: 'name', name: '氯', table1No: 12 },
      { criticalQuantityTonnes: 50, beta: 1, ratio: 0.5, matchedBy: 'cas', betaBy: 'default' },
      { criticalQuantityTonnes: 1000, beta: 1, ratio: 0.5, matchedBy: 'category', category: 'W5.3', table1No: null },
    ]);
  });

  it('reaches each grade at its boundary and has none below S = 1', async () => {
    const phosgene = (q: number, people: number) => mh({ substances: [{ name: '光气', quantityTonnes: q }], exposedPopulation: people });
    expect((await phosgene(0.75, 100)).body).toMatchObject({ R: 100, grade: 1 });
    expect((await phosgene(0.375, 100)).body).toMatchObject({ R: 50, grade: 2 });
    expect((await phosgene(0.3, 100)).body).toMatchObject({ S: 1, R: 40, grade: 3, isMajorHazard: true });
    expect((await phosgene(0.3, 0)).body).toMatchObject({ R: 10, alpha: 0.5, grade: 3 });
    expect((await phosgene(0.3, 29)).body).toMatchObject({ R: 20, alpha: 1, grade: 3 });
    expect((await mh({ substances: [{ name: 'LPG', quantityTonnes: 50 }], exposedPopulation: 0 })).body).toMatchObject({
      S: 1,
      R: 0.5,
      grade: 4,
    });
    const below = await mh({ substances: [{ name: '天然气', quantityTonnes: 49.9 }], exposedPopulation: 500 });
    expect(below.body).toMatchObject({ isMajorHazard: false, grade: null });
  });

  it('refuses invalid input with a 400 naming the field', async () => {
    expectField(await mh({ substances: [{ name: '氨', quantityTonnes: -1 }], exposedPopulation: 0 }), 'substances.0.quantityTonnes');
    expectField(
      await mh({
        substances: [
          { name: '氨', quantityTonnes: 1 },
          { name: '未知物', quantityTonnes: 1 },
        ],
        exposedPopulation: 0,
      }),
      'substances.1',
    );
    expectField(await mh({ substances: [{ name: '氨', quantityTonnes: '1' }], exposedPopulation: 0 }), 'substances.0.quantityTonnes');
    expectField(await mh({ substances: [{ category: 'W99', quantityTonnes: 1 }], exposedPopulation: 0 }), 'substances.0.category');
    expectField(await mh({ substances: [{ name: '氨', cas: '7782-50-5', quantityTonnes: 1 }], exposedPopulation: 0 }), 'substances.0.cas');
    expectField(await mh({ substances: [{ name: '氨', quantityTonnes: 1 }], exposedPopulation: -5 }), 'exposedPopulation');
    expectField(await mh({ substances: [{ name: '氨', quantityTonnes: 1 }], exposedPopulation: 'many' }), 'exposedPopulation');
    expectField(await mh({ substances: [], exposedPopulation: 0 }), 'substances');
    // Numbers so large that q/Q would overflow to Infinity, and control characters in a name.
    expectField(await mh({ substances: [{ name: '光气', quantityTonnes: 1e308 }], exposedPopulation: 0 }), 'substances.0.quantityTonnes');
    expectField(await mh({ substances: [{ name: '氨\u202e', quantityTonnes: 1 }], exposedPopulation: 0 }), 'substances.0.name');
    // Numbers so large that q/Q would overflow to Infinity, and control characters in a name.
    expectField(await mh({ substances: [{ name: '光气', quantityTonnes: 1e308 }], exposedPopulation: 0 }), 'substances.0.quantityTonnes');
    expectField(await mh({ substances: [{ name: '氨\u202e', quantityTonnes: 1 }], exposedPopulation: 0 }), 'substances.0.name');
  });

  it('is rate-limited as every public route (429 past the limit per address)', async () => {
    let last: Response | undefined;
    for (let i = 0; i <= RATE_LIMIT; i++) {
      last = await mh({ substances: [{ name: '氨', quantityTonnes: 1 }], exposedPopulation: 0 });
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(last?.body.error.code).toBe('RATE_LIMITED');
  });
});
