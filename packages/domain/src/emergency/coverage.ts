import { type Bilingual, bi } from '../i18n.js';

/**
 * Coverage analysis (覆盖分析): how much of the district a fire station reaches in time, and whether each street's
 * shelters give every resident enough room. The geometry is PostGIS's (modules/emergency/coverage.service.ts); the
 * arithmetic that turns its areas and the populations into figures is here, tested at its boundaries.
 */

/** Where the fire-station target comes from (the seed plan), shown beside the figures. */
export const fireCoverageSource: Bilingual = bi(
  '创建方案第9项：消防站5分钟可达辖区任一点；无路网时按直线距离和设置的车速估算',
  'The plan’s task 9: a fire station reaches any point within 5 minutes; without a road network, estimated in a straight line at the configured speed',
);

/**
 * GB 21734-2008 《地震应急避难场所 场址及配套设施》 clause 5.4: “人均居住面积应大于1.5㎡” (regulations.md §9, [V]);
 * the seed plan's task 95 asks for shelters with more than 1.5 ㎡ per person. “大于” is strict: exactly the figure
 * does not meet it.
 */
export const shelterAreaSource: Bilingual = bi(
  'GB 21734-2008 第5.4条：人均居住面积应大于1.5㎡；创建方案第95项：人均避难场所面积大于1.5㎡（“大于”不含本数）',
  'GB 21734-2008 cl. 5.4: more than 1.5 m² per person; the plan’s task 95 (“more than” excludes the figure itself)',
);

/**
 * The straight-line reach of a fire engine (m): speed × time. 30 km/h for 5 minutes is 2 500 m.
 * @param speedKmh settings.fireSpeedKmh
 * @param minutes settings.fireResponseMinutes
 */
export const fireReachMetres = (speedKmh: number, minutes: number): number => (speedKmh * 1000 * minutes) / 60;

/** part ÷ whole within [0, 1], or null when there is no whole to share (no area, nobody counted). */
export function shareOf(part: number, whole: number): number | null {
  if (!(whole > 0)) return null;
  return Math.min(1, Math.max(0, part / whole));
}

/** One street's area, the part of it covered and its residents. */
export interface StreetCoverage {
  areaM2: number;
  coveredAreaM2: number;
  /** Residents; null when no population has been entered for the street. */
  population: number | null;
}

/**
 * Residents within reach, assuming they are spread evenly over their street (the finest population we hold):
 * Σ population × covered area ÷ area. Streets without a population count in neither part nor whole.
 */
export function coveredPopulation(streets: readonly StreetCoverage[]): { covered: number; total: number } {
  let covered = 0;
  let total = 0;
  for (const s of streets) {
    if (s.population === null) continue;
    total += s.population;
    covered += s.population * (shareOf(s.coveredAreaM2, s.areaM2) ?? 0);
  }
  return { covered: Math.round(covered), total };
}

/** A street's shelters against its residents. */
export interface ShelterStanding {
  /** Σ effective area ÷ population (㎡ per person); null without residents counted. */
  areaPerPerson: number | null;
  /** Strictly more than the required area per person; null when the population is unknown or zero. */
  meets: boolean | null;
  /** The effective area (㎡) the street lacks to reach the required figure: population × required − area, never negative. */
  shortfallM2: number;
}

/**
 * The shelter check of one street: its effective shelter area per resident against `required` (settings.shelterAreaPerPerson,
 * 1.5 ㎡ by GB 21734-2008 cl. 5.4). “大于” is strict, so a street at exactly the figure falls short.
 */
export function shelterStanding(effectiveAreaM2: number, population: number | null, required: number): ShelterStanding {
  if (population === null || population <= 0) return { areaPerPerson: null, meets: null, shortfallM2: 0 };
  const areaPerPerson = effectiveAreaM2 / population;
  return {
    areaPerPerson,
    meets: areaPerPerson > required,
    shortfallM2: Math.max(0, population * required - effectiveAreaM2),
  };
}
