import type { FeatureCollection } from 'geojson';
import type * as maplibregl from 'maplibre-gl';

/** The district's own areas, from the largest down; each is one layer of the base map. */
export const areaLevels = ['district', 'street', 'community', 'grid'] as const;
export type AreaLevel = (typeof areaLevels)[number];

/**
 * How each level is drawn: a wider, darker outline and a larger label for the larger areas, and
 * the smaller areas' labels only once zoomed in far enough to read them.
 */
const look: Record<AreaLevel, { line: string; width: number; dash?: number[]; text: number; minzoom: number; halo: string }> = {
  district: { line: '#1d3f73', width: 3, text: 16, minzoom: 0, halo: '#ffffff' },
  street: { line: '#3d6aa8', width: 2, text: 14, minzoom: 10, halo: '#ffffff' },
  community: { line: '#7b95bd', width: 1.2, dash: [3, 2], text: 12, minzoom: 13, halo: '#ffffff' },
  grid: { line: '#a9b9d2', width: 0.8, dash: [2, 2], text: 11, minzoom: 15, halo: '#ffffff' },
};

/** Land, a little lighter than the sea-blue background, so the district reads as a place. */
const landColour = '#f5f3ec';

const sourceId = (level: AreaLevel) => `district-${level}`;

/**
 * Adds the district's boundaries as the map's base layers, below any other layer: the district as
 * land, every level's outline, and names as symbol layers. The style has no `glyphs` URL, so
 * MapLibre draws every label (Chinese and Latin) with the browser's own fonts — no glyph server,
 * no request leaves the intranet. `filled` paints the land when no base-map tiles lie underneath.
 */
export function addDistrictLayers(map: maplibregl.Map, filled: boolean): void {
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  const before = map.getStyle().layers.find((l) => l.id.startsWith('overlay-') || l.id === 'areas')?.id;
  for (const level of areaLevels) map.addSource(sourceId(level), { type: 'geojson', data: empty });
  if (filled) {
    map.addLayer({ id: 'district-land', type: 'fill', source: sourceId('district'), paint: { 'fill-color': landColour } }, before);
    map.addLayer(
      {
        id: 'district-street-fill',
        type: 'fill',
        source: sourceId('street'),
        // Neighbouring streets in alternating tints, so each reads as its own area.
        paint: {
          'fill-color': ['case', ['==', ['%', ['coalesce', ['get', 'index'], 0], 2], 0], '#e8eef7', '#eef3e6'],
          'fill-opacity': 0.7,
        },
      },
      before,
    );
  }
  // Smallest first, so that the larger areas' outlines are drawn on top.
  for (const level of [...areaLevels].reverse()) {
    const { line, width, dash } = look[level];
    map.addLayer(
      {
        id: `district-${level}-line`,
        type: 'line',
        source: sourceId(level),
        minzoom: level === 'grid' ? 13 : 0,
        paint: { 'line-color': line, 'line-width': width, ...(dash ? { 'line-dasharray': dash } : {}) },
      },
      before,
    );
  }
  for (const level of areaLevels) {
    const { text, minzoom, halo, line } = look[level];
    map.addLayer({
      id: `district-${level}-label`,
      type: 'symbol',
      source: sourceId(level),
      minzoom,
      // The district's own name sits at its edge once zoomed in, where the streets' names take over.
      ...(level === 'district' ? { maxzoom: 12 } : {}),
      layout: {
        'text-field': ['get', 'name'],
        'text-font': ['sans-serif'],
        'text-size': text,
        'text-max-width': 8,
        'symbol-placement': 'point',
      },
      paint: { 'text-color': level === 'grid' ? '#4b5563' : line, 'text-halo-color': halo, 'text-halo-width': 1.5 },
    });
  }
}

/** Replaces one level's areas (WGS-84 or already shifted to the map's CRS by the caller). */
export function setDistrictLevel(map: maplibregl.Map, level: AreaLevel, data: FeatureCollection): void {
  const indexed: FeatureCollection = {
    ...data,
    features: data.features.map((f, index) => ({ ...f, properties: { ...f.properties, index } })),
  };
  void map.getSource<maplibregl.GeoJSONSource>(sourceId(level))?.setData(indexed);
}
