import type { api } from '@citysafe/domain';
import { describe, expect, it } from 'vitest';
import { areasAt } from './areasAt';

const area = (
  name: string,
  level: api.map.BoundaryFeature['properties']['level'],
  coordinates: number[][][][],
): api.map.BoundaryFeature => ({
  type: 'Feature',
  id: name,
  geometry: { type: 'MultiPolygon', coordinates },
  properties: { orgId: name, name, level, source: 'demo', updatedAt: '2026-03-02T01:00:00.000Z' },
});
const square = (w: number, s: number, e: number, n: number) => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];

describe('areasAt', () => {
  const district = area('港务区', 'district', [[square(0, 0, 10, 10)]]);
  // A street with a hole (an enclave of another street) and a second part.
  const street = area('新筑', 'street', [[square(0, 0, 5, 10), square(1, 1, 2, 2)], [square(8, 8, 9, 9)]]);

  it('names every area a point lies in, from the district down', () => {
    expect(areasAt([district, street], [3, 3]).map((f) => f.properties.name)).toEqual(['港务区', '新筑']);
    expect(areasAt([district, street], [8.5, 8.5]).map((f) => f.properties.name)).toEqual(['港务区', '新筑']);
  });

  it('leaves out an area whose hole the point lies in, and everything outside', () => {
    expect(areasAt([district, street], [1.5, 1.5]).map((f) => f.properties.name)).toEqual(['港务区']);
    expect(areasAt([district, street], [11, 5])).toEqual([]);
  });
});
