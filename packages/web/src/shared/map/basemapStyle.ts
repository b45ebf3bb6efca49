import type * as maplibregl from 'maplibre-gl';

/** The client config's description of the PMTiles base map (api.clientConfig → map.basemap). */
export interface BasemapConfig {
  url: string;
  kind: 'raster' | 'vector';
  tileType: string;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
}

/**
 * MapLibre fetches tiles in a worker, where a path alone means nothing: every URL it gets is
 * absolute. Prefixed rather than parsed, since URL() would percent-encode a template's {z}/{x}/{y}.
 */
export const absoluteUrl = (url: string): string =>
  /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${window.location.origin}${url.startsWith('/') ? '' : '/'}${url}`;

/** The source of the base map, read through the pmtiles protocol (registered by ./pmtilesProtocol). */
export function basemapSource(basemap: BasemapConfig): maplibregl.SourceSpecification {
  const url = `pmtiles://${absoluteUrl(basemap.url)}`;
  return basemap.kind === 'raster' ? { type: 'raster', url, tileSize: 256 } : { type: 'vector', url };
}

const name: maplibregl.ExpressionSpecification = ['coalesce', ['get', 'name:zh'], ['get', 'name_zh'], ['get', 'name']];

/**
 * Layers for a vector extract, as a best effort over the two common schemas: OpenMapTiles
 * (water, landuse, landcover, park, transportation, building, place) and Protomaps (earth, water,
 * landuse, roads, buildings, places). A layer the extract lacks draws nothing. Labels draw with
 * the browser's fonts (no glyphs URL), Chinese names first.
 */
function vectorLayers(): maplibregl.LayerSpecification[] {
  const source = 'basemap';
  const fill = (id: string, layer: string, color: string, filter?: maplibregl.FilterSpecification): maplibregl.LayerSpecification => ({
    id,
    type: 'fill',
    source,
    'source-layer': layer,
    ...(filter ? { filter } : {}),
    paint: { 'fill-color': color },
  });
  return [
    fill('basemap-earth', 'earth', '#f2efe9'),
    fill('basemap-landcover', 'landcover', '#e3ecd6'),
    fill('basemap-landuse', 'landuse', '#ece8df'),
    fill('basemap-park', 'park', '#dcebcf'),
    fill('basemap-water', 'water', '#b5d0e8'),
    ...(['transportation', 'roads'] as const).map((layer): maplibregl.LayerSpecification => ({
      id: `basemap-${layer}`,
      type: 'line',
      source,
      'source-layer': layer,
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: {
        'line-color': '#ffffff',
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 16, 6],
      },
    })),
    ...(['building', 'buildings'] as const).map((layer): maplibregl.LayerSpecification => ({
      id: `basemap-${layer}`,
      type: 'fill',
      source,
      'source-layer': layer,
      minzoom: 14,
      paint: { 'fill-color': '#dcd7cf', 'fill-outline-color': '#c9c3b9' },
    })),
    ...(['place', 'places', 'transportation_name'] as const).map((layer): maplibregl.LayerSpecification => ({
      id: `basemap-${layer}-label`,
      type: 'symbol',
      source,
      'source-layer': layer,
      layout: {
        'text-field': name,
        'text-font': ['sans-serif'],
        'text-size': 12,
        ...(layer === 'transportation_name' ? { 'symbol-placement': 'line' as const } : {}),
      },
      paint: { 'text-color': '#4b5563', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    })),
  ];
}

/** The base map's layers: the raster images as they are, or the vector extract drawn plainly. */
export function basemapLayers(basemap: BasemapConfig): maplibregl.LayerSpecification[] {
  return basemap.kind === 'raster' ? [{ id: 'basemap', type: 'raster', source: 'basemap' }] : vectorLayers();
}
