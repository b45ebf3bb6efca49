import { wgs84ToGcj02 } from '@citysafe/domain';
import type { FeatureCollection, Geometry, Position } from 'geojson';

const shift = (p: Position): Position => [...wgs84ToGcj02(p[0] ?? 0, p[1] ?? 0), ...p.slice(2)];

function shiftGeometry(g: Geometry): Geometry {
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: shift(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(shift) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((ring) => ring.map(shift)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(shift))) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map(shiftGeometry) };
  }
}

/**
 * The platform stores WGS-84; GCJ-02 tiles (天地图 GCJ-02 layers, AMap) are drawn offset, so on
 * such tiles every feature is shifted before drawing.
 */
export function toMapCrs(features: FeatureCollection, crs: 'wgs84' | 'gcj02'): FeatureCollection {
  if (crs === 'wgs84') return features;
  return {
    ...features,
    features: features.features.map((f) => ({ ...f, geometry: f.geometry && shiftGeometry(f.geometry) })),
  };
}
