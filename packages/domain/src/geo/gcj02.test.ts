import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, isInChina, wgs84ToGcj02 } from './gcj02.js';

describe('WGS-84 ⇄ GCJ-02', () => {
  it('shifts a point in Xi’an by a few hundred metres, as the datum does', () => {
    const [lng, lat] = wgs84ToGcj02(109.06, 34.37);
    // The offset near Xi'an is roughly +0.005° in longitude and -0.0014° in latitude.
    expect(lng - 109.06).toBeGreaterThan(0.003);
    expect(lng - 109.06).toBeLessThan(0.008);
    expect(Math.abs(lat - 34.37)).toBeLessThan(0.003);
  });

  it('leaves points outside China unchanged', () => {
    expect(isInChina(2.35, 48.85)).toBe(false);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });

  it('round-trips within a centimetre across China', () => {
    fc.assert(
      fc.property(fc.double({ min: 75, max: 134, noNaN: true }), fc.double({ min: 18, max: 53, noNaN: true }), (lng, lat) => {
        const [gx, gy] = wgs84ToGcj02(lng, lat);
        const [x, y] = gcj02ToWgs84(gx, gy);
        expect(Math.abs(x - lng)).toBeLessThan(1e-7);
        expect(Math.abs(y - lat)).toBeLessThan(1e-7);
      }),
    );
  });
});
