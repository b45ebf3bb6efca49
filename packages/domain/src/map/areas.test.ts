import { describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../geo/gcj02.js';
import { coordinatesToWgs84, crsOfPrj, withinChina } from './areas.js';

describe('boundary files', () => {
  it('reads the CRS a .prj declares: geographic WGS-84 or CGCS2000, projected, or unknown', () => {
    expect(crsOfPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]')).toBe('wgs84');
    expect(crsOfPrj('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000"]]')).toBe('wgs84');
    expect(crsOfPrj('PROJCS["CGCS2000_3_Degree_GK_CM_108E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]]')).toBe('projected');
    expect(crsOfPrj('GEOGCS["GCS_Beijing_1954"]')).toBeNull();
  });

  it('holds boundaries to China, whose extreme points are inside and metres are not', () => {
    expect(
      withinChina([
        [
          [109.06, 34.38],
          [73.5, 39.4],
          [135.0, 48.4],
          [112.3, 3.9],
        ],
      ]),
    ).toBe(true);
    expect(withinChina([[[500000, 3800000]]])).toBe(false);
    expect(withinChina([[[34.38, 109.06]]])).toBe(false);
  });

  it('brings GCJ-02 coordinates back to WGS-84 within a metre, and leaves WGS-84 alone', () => {
    const wgs: [number, number] = [109.06, 34.38];
    const [[back]] = coordinatesToWgs84([[wgs84ToGcj02(...wgs)]], 'gcj02');
    expect(Math.abs(back![0]! - wgs[0])).toBeLessThan(1e-5);
    expect(Math.abs(back![1]! - wgs[1])).toBeLessThan(1e-5);
    expect(coordinatesToWgs84([[wgs]], 'wgs84')).toEqual([[wgs]]);
  });
});
