import { describe, expect, it } from 'vitest';
import { coveredPopulation, fireReachMetres, shareOf, shelterStanding } from './coverage.js';
import { defaultEmergencySettings } from './settings.js';

describe('fire-station reach', () => {
  it('is speed × time: 30 km/h for 5 minutes is 2 500 m, 60 km/h for 1 minute 1 000 m', () => {
    expect(fireReachMetres(defaultEmergencySettings.fireSpeedKmh, defaultEmergencySettings.fireResponseMinutes)).toBe(2500);
    expect(fireReachMetres(60, 1)).toBe(1000);
    expect(fireReachMetres(45, 4)).toBe(3000);
  });

  it('shares lie in [0, 1] and are null without a whole', () => {
    expect(shareOf(0, 0)).toBeNull();
    expect(shareOf(5, 0)).toBeNull();
    expect(shareOf(0, 10)).toBe(0);
    expect(shareOf(10, 10)).toBe(1);
    // Rounding in PostGIS may leave a covered part a hair larger than its whole.
    expect(shareOf(10.000001, 10)).toBe(1);
    expect(shareOf(1, 4)).toBe(0.25);
  });

  it('counts residents spread evenly over each street, leaving out streets without a population', () => {
    const streets = [
      { areaM2: 100, coveredAreaM2: 25, population: 4000 },
      { areaM2: 200, coveredAreaM2: 200, population: 1000 },
      { areaM2: 50, coveredAreaM2: 50, population: null },
      { areaM2: 80, coveredAreaM2: 0, population: 500 },
    ];
    expect(coveredPopulation(streets)).toEqual({ covered: 2000, total: 5500 });
    expect(coveredPopulation([])).toEqual({ covered: 0, total: 0 });
  });
});

describe('shelter check (GB 21734-2008 cl. 5.4: more than 1.5 ㎡ per person)', () => {
  const required = defaultEmergencySettings.shelterAreaPerPerson;

  it('exactly 1.5 ㎡ per person falls short (“大于” excludes the figure), a hair more meets it', () => {
    expect(required).toBe(1.5);
    const at = shelterStanding(15_000, 10_000, required);
    expect(at).toEqual({ areaPerPerson: 1.5, meets: false, shortfallM2: 0 });
    const above = shelterStanding(15_001, 10_000, required);
    expect(above.meets).toBe(true);
    expect(above.areaPerPerson).toBeCloseTo(1.5001, 6);
    const below = shelterStanding(14_999, 10_000, required);
    expect(below).toMatchObject({ meets: false, shortfallM2: 1 });
  });

  it('a street without shelters lacks population × 1.5; without residents counted it is not judged', () => {
    expect(shelterStanding(0, 2_000, required)).toEqual({ areaPerPerson: 0, meets: false, shortfallM2: 3_000 });
    expect(shelterStanding(5_000, null, required)).toEqual({ areaPerPerson: null, meets: null, shortfallM2: 0 });
    expect(shelterStanding(5_000, 0, required)).toEqual({ areaPerPerson: null, meets: null, shortfallM2: 0 });
  });

  it('follows the configured figure', () => {
    expect(shelterStanding(20_000, 10_000, 2).meets).toBe(false);
    expect(shelterStanding(20_001, 10_000, 2).meets).toBe(true);
  });
});
