import { gcj02ToWgs84, wgs84ToGcj02 } from '@citysafe/domain';
import { Alert } from 'antd';
import type { FeatureCollection, Geometry } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useClientConfig } from './config';
import { toMapCrs } from './geo';
import { type BasemapConfig, absoluteUrl, basemapLayers, basemapSource } from './map/basemapStyle';
import { geometryBounds } from './map/bounds';
import { addDistrictLayers, areaLevels, setDistrictLevel } from './map/districtLayers';
import { useBoundaries } from './map/useBoundaries';
import { mapLocale } from './mapLocale';

/** MapLibre as loaded on first use (./maplibre): a page without a map never downloads it. */
type MapLibre = typeof maplibregl;
const loadMapLibre = (): Promise<MapLibre> => import('./maplibre').then((m) => m.maplibregl);

type MapConfig = {
  tileUrl: string | null;
  tileCrs: 'wgs84' | 'gcj02';
  attribution: string | null;
  basemap?: BasemapConfig | null;
};

/**
 * A style that makes no outside request: a plain background, plus the administrator's PMTiles
 * base map or raster tile server when configured. No glyphs URL and no sprites: MapLibre then
 * draws every label with the browser's own fonts (districtLayers.ts), Chinese and Latin alike.
 */
function offlineStyle(config: MapConfig): maplibregl.StyleSpecification {
  const sources: maplibregl.StyleSpecification['sources'] = {};
  const layers: maplibregl.LayerSpecification[] = [{ id: 'background', type: 'background', paint: { 'background-color': '#dbe5ef' } }];
  if (config.basemap) {
    sources.basemap = basemapSource(config.basemap);
    layers.push(...basemapLayers(config.basemap));
  } else if (config.tileUrl) {
    sources.base = {
      type: 'raster',
      tiles: [config.tileUrl],
      tileSize: 256,
      ...(config.attribution ? { attribution: config.attribution } : {}),
    };
    layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  return { version: 8, sources, layers };
}

const color: maplibregl.ExpressionSpecification = ['coalesce', ['get', 'color'], '#1d5fbf'];

function addFeatureLayers(map: maplibregl.Map, data: FeatureCollection): void {
  map.addSource('features', { type: 'geojson', data });
  map.addLayer({
    id: 'areas',
    type: 'fill',
    source: 'features',
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': color, 'fill-opacity': 0.15 },
  });
  map.addLayer({
    id: 'lines',
    type: 'line',
    source: 'features',
    filter: ['in', ['geometry-type'], ['literal', ['LineString', 'Polygon']]],
    paint: { 'line-color': color, 'line-width': 2 },
  });
  map.addLayer({
    id: 'points',
    type: 'circle',
    source: 'features',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': color,
      'circle-radius': ['coalesce', ['get', 'radius'], 8],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 2,
    },
  });
  // Drawn by MapLibre with the browser's fonts (no glyphs URL), so labels that would overlap give way.
  map.addLayer({
    id: 'point-labels',
    type: 'symbol',
    source: 'features',
    filter: ['all', ['==', ['geometry-type'], 'Point'], ['has', 'label']],
    layout: {
      'text-field': ['get', 'label'],
      'text-font': ['sans-serif'],
      'text-size': 12,
      'text-anchor': 'top',
      'text-offset': [0, 0.9],
      'text-max-width': 16,
    },
    paint: { 'text-color': '#1f2937', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  });
}

/** A point on the map in WGS-84 (the platform's CRS), whatever CRS the tiles are drawn in. */
export type LngLat = [lng: number, lat: number];

/** A layer drawn from the overlay's vector tiles; MapView names the source. */
export type OverlayLayer =
  | Omit<maplibregl.FillLayerSpecification, 'source'>
  | Omit<maplibregl.LineLayerSpecification, 'source'>
  | Omit<maplibregl.CircleLayerSpecification, 'source'>
  | Omit<maplibregl.SymbolLayerSpecification, 'source'>;

/** Vector tiles drawn over the base map, e.g. the risk sources of the four-colour map. */
export interface VectorOverlay {
  /** URL template with {z}/{x}/{y}; a path is made absolute (MapLibre fetches in a worker). A new URL reloads the tiles. */
  tiles: string;
  /** The deepest zoom the server makes tiles for; deeper, MapLibre scales them. */
  maxzoom?: number;
  layers: OverlayLayer[];
  /** Ids of the layers whose features answer a click or tap. */
  interactive?: string[];
}

/** A feature that was clicked: its layer and its properties as the tile carries them. */
export interface ClickedFeature {
  layer: string;
  properties: Record<string, unknown>;
}

export interface MapViewProps {
  /** Features in WGS-84 (EPSG:4326), as the API returns them; `properties.label` (points), `.color` and `.radius` are drawn. */
  features?: FeatureCollection;
  height?: number;
  /** Called with the WGS-84 position of a click or tap on the map (not on an interactive feature). */
  onMapClick?: (at: LngLat) => void;
  /** Called on a double click; while set, a double click no longer zooms. */
  onMapDoubleClick?: (at: LngLat) => void;
  /** A crosshair cursor, for drawing. */
  drawing?: boolean;
  /** Shows this geometry (WGS-84) when the map opens, instead of the district. */
  initialView?: Geometry | null;
  /** Names the map for screen readers. */
  ariaLabel?: string;
  /** The district's boundaries and names as base layers (default true). */
  districtLayers?: boolean;
  overlay?: VectorOverlay;
  /** Called when an interactive overlay feature is clicked. A cluster (`cluster: true`) zooms in instead. */
  onFeatureClick?: (feature: ClickedFeature, at: LngLat) => void;
  /** What a popup at the clicked feature shows; nothing (null) shows no popup. */
  popup?: (feature: ClickedFeature) => ReactNode;
  /** Drawn over the map's corner, e.g. a MapLegend. */
  children?: ReactNode;
}

const OVERLAY = 'overlay';

/**
 * A MapLibre map of the district that works with no Internet: the district's own areas and names
 * as the base map (or the administrator's PMTiles / tile server beneath them), GeoJSON features,
 * vector-tile overlays with click popups.
 */
export function MapView({
  features,
  height = 320,
  onMapClick,
  onMapDoubleClick,
  drawing,
  initialView,
  ariaLabel,
  districtLayers = true,
  overlay,
  onFeatureClick,
  popup,
  children,
}: MapViewProps) {
  const { t } = useTranslation();
  const { data: config } = useClientConfig();
  const boundaries = useBoundaries(districtLayers);
  const element = useRef<HTMLDivElement>(null);
  // The library and the map arrive together, once MapLibre and the style have loaded.
  const [ready, setReady] = useState<{ lib: MapLibre; map: maplibregl.Map } | null>(null);
  const [failed, setFailed] = useState(false);
  const [opened, setOpened] = useState<{ feature: ClickedFeature; at: maplibregl.LngLat } | null>(null);
  // Handlers and the first view are read when events fire or the map opens, not re-bound each render.
  const handlers = useRef({ onMapClick, onMapDoubleClick, onFeatureClick, interactive: overlay?.interactive ?? [] });
  handlers.current = { onMapClick, onMapDoubleClick, onFeatureClick, interactive: overlay?.interactive ?? [] };
  const firstView = useRef(initialView);
  const firstOverlay = useRef(overlay);

  useEffect(() => {
    if (!config) return;
    const { map: mapConfig } = config;
    const [lng, lat] = mapConfig.center;
    const gcj = mapConfig.tileCrs === 'gcj02';
    const toWgs = (p: maplibregl.LngLat): LngLat => (gcj ? gcj02ToWgs84(p.lng, p.lat) : [p.lng, p.lat]);
    let instance: maplibregl.Map | undefined;
    let unmounted = false;
    const pmtiles = mapConfig.basemap ? import('./map/pmtilesProtocol') : Promise.resolve(null);
    void Promise.all([loadMapLibre(), pmtiles]).then(
      ([lib, protocol]) => {
        if (unmounted || !element.current) return;
        protocol?.registerPmtiles(lib);
        const view = firstView.current ? geometryBounds(firstView.current, mapConfig.tileCrs) : null;
        try {
          instance = new lib.Map({
            container: element.current,
            style: offlineStyle(mapConfig),
            center: gcj ? wgs84ToGcj02(lng, lat) : [lng, lat],
            zoom: mapConfig.zoom,
            ...(view ? { bounds: view, fitBoundsOptions: { padding: 40, maxZoom: 16 } } : {}),
            attributionControl: mapConfig.attribution ? { compact: true } : false,
            locale: mapLocale(t),
          });
        } catch {
          // No WebGL (old or locked-down browsers): the rest of the page still works.
          setFailed(true);
          return;
        }
        const map = instance;
        map.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
        map.addControl(new lib.ScaleControl({}), 'bottom-left');
        map.on('click', (e) => {
          const { interactive } = handlers.current;
          const layers = interactive.map((id) => `${OVERLAY}-${id}`).filter((id) => map.getLayer(id));
          const hit = layers.length > 0 ? map.queryRenderedFeatures(e.point, { layers })[0] : undefined;
          if (!hit) return handlers.current.onMapClick?.(toWgs(e.lngLat));
          const properties = hit.properties as Record<string, unknown>;
          if (properties.cluster === true || properties.cluster === 'true') {
            map.easeTo({ center: e.lngLat, zoom: map.getZoom() + 2 });
            return;
          }
          const feature = { layer: hit.layer.id.slice(OVERLAY.length + 1), properties };
          setOpened({ feature, at: e.lngLat });
          handlers.current.onFeatureClick?.(feature, toWgs(e.lngLat));
        });
        map.on('dblclick', (e) => {
          const handler = handlers.current.onMapDoubleClick;
          if (!handler) return;
          e.preventDefault();
          handler(toWgs(e.lngLat));
        });
        // `data-idle` tells when every tile and source has drawn (browser tests wait for it).
        const container = map.getContainer();
        map.on('dataloading', () => container.removeAttribute('data-idle'));
        map.on('idle', () => container.setAttribute('data-idle', 'true'));
        // Layers and data are added once the style has loaded; until then the map is not "ready".
        map.once('load', () => {
          if (districtLayers) addDistrictLayers(map, !mapConfig.tileUrl && !mapConfig.basemap);
          const first = firstOverlay.current;
          if (first) {
            map.addSource(OVERLAY, {
              type: 'vector',
              tiles: [absoluteUrl(first.tiles)],
              ...(first.maxzoom ? { maxzoom: first.maxzoom } : {}),
            });
            for (const layer of first.layers)
              map.addLayer({ ...layer, id: `${OVERLAY}-${layer.id}`, source: OVERLAY } as maplibregl.LayerSpecification);
          }
          setReady({ lib, map });
        });
      },
      () => setFailed(true),
    );
    return () => {
      unmounted = true;
      instance?.remove();
      setReady(null);
    };
    // A new language makes a new map: MapLibre reads its control labels only when created.
  }, [config, t, districtLayers]);

  // A new tile URL (other filters) reloads the overlay's tiles; its layers stay.
  const tiles = overlay?.tiles;
  useEffect(() => {
    if (!ready || !tiles) return;
    ready.map.getSource<maplibregl.VectorTileSource>(OVERLAY)?.setTiles([absoluteUrl(tiles)]);
    setOpened(null);
  }, [ready, tiles]);

  useEffect(() => {
    if (!ready) return;
    ready.map.getCanvas().style.cursor = drawing ? 'crosshair' : '';
  }, [ready, drawing]);

  // The district's areas; the first time they arrive the map shows the whole district (unless
  // it opened on a given geometry).
  const fitted = useRef(false);
  useEffect(() => {
    if (!ready || !config || !districtLayers) return;
    const { map: instance } = ready;
    const crs = config.map.tileCrs;
    for (const level of areaLevels) {
      const data = boundaries[level];
      if (data) setDistrictLevel(instance, level, toMapCrs(data, crs));
    }
    const outline = boundaries.district ?? boundaries.street;
    if (outline && outline.features.length > 0 && !fitted.current && !firstView.current) {
      fitted.current = true;
      const box = geometryBounds(
        { type: 'GeometryCollection', geometries: outline.features.flatMap((f) => (f.geometry ? [f.geometry] : [])) },
        crs,
      );
      if (box) instance.fitBounds(box, { padding: 20, animate: false });
    }
  }, [ready, config, boundaries, districtLayers]);

  useEffect(() => {
    if (!ready || !config || !features) return;
    const { map: instance } = ready;
    const data = toMapCrs(features, config.map.tileCrs);
    const source = instance.getSource<maplibregl.GeoJSONSource>('features');
    // setData resolves once the worker has re-tiled; nothing here waits on it, and a failure
    // still reaches the console as an unhandled rejection.
    if (source) void source.setData(data);
    else addFeatureLayers(instance, data);
  }, [features, config, ready]);

  // The popup's content is React, rendered into the element MapLibre positions.
  const [popupElement] = useState(() => (typeof document === 'undefined' ? null : document.createElement('div')));
  const content = opened && popup ? popup(opened.feature) : null;
  const hasPopup = content !== null;
  useEffect(() => {
    if (!ready || !opened || !popupElement || !hasPopup) return;
    const instance = new ready.lib.Popup({ maxWidth: '280px', focusAfterOpen: true })
      .setLngLat(opened.at)
      .setDOMContent(popupElement)
      .addTo(ready.map);
    instance.on('close', () => setOpened((current) => (current === opened ? null : current)));
    return () => {
      instance.remove();
    };
    // The popup opens once per click; its content follows through the portal.
  }, [ready, opened, popupElement, hasPopup]);

  if (failed) return <Alert type="warning" showIcon title={t('mapView.unavailable')} />;
  return (
    <div className="map-frame" style={{ height }}>
      <div
        ref={element}
        className="map-view"
        style={{ height }}
        data-testid="map-view"
        role="region"
        aria-label={ariaLabel ?? t('mapView.title')}
      />
      {children && <div className="map-overlay-corner">{children}</div>}
      {popupElement && content !== null && createPortal(content, popupElement)}
    </div>
  );
}
