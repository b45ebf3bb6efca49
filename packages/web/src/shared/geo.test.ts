import { wgs84ToGcj02 } from '@citysafe/domain';
import type { FeatureCollection } from 'geojson';
import { describe, expect, test } from 'vitest';
import { toMapCrs } from './geo';

const port: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { label: '港务区' }, geometry: { type: 'Point', coordinates: [109.06, 34.36] } },
    {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [109.0, 34.3],
            [109.1, 34.3],
            [109.1, 34.4],
            [109.0, 34.3],
          ],
        ],
      },
    },
  ],
};

describe('toMapCrs', () => {
  test('draws WGS-84 tiles as stored', () => {
    expect(toMapCrs(port, 'wgs84')).toBe(port);
  });
  test('shifts every coordinate onto GCJ-02 tiles and keeps the properties', () => {
    const shifted = toMapCrs(port, 'gcj02');
    const [point, area] = shifted.features;
    expect(point?.properties).toEqual({ label: '港务区' });
    expect(point?.geometry).toEqual({ type: 'Point', coordinates: wgs84ToGcj02(109.06, 34.36) });
    expect(area?.geometry.type === 'Polygon' && area.geometry.coordinates[0]?.[1]).toEqual(wgs84ToGcj02(109.1, 34.3));
    // The stored data is not touched.
    expect(port.features[0]?.geometry).toEqual({ type: 'Point', coordinates: [109.06, 34.36] });
  });
});
