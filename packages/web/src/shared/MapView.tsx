import { wgs84ToGcj02 } from '@citysafe/domain';
import { Alert } from 'antd';
import type { FeatureCollection } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClientConfig } from './config';
import { toMapCrs } from './geo';
import { mapLocale } from './mapLocale';

/** MapLibre as loaded on first use (./maplibre): a page without a map never downloads it. */
type MapLibre = typeof maplibregl;
const loadMapLibre = (): Promise<MapLibre> => import('./maplibre').then((m) => m.maplibregl);

type MapConfig = { tileUrl: string | null; tileCrs: 'wgs84' | 'gcj02'; attribution: string | null };

/**
 * A style that makes no outside request: a plain background, plus the administrator's raster
 * tiles when configured. No glyphs or sprites, so layers are circles, lines and fills only.
 */
function offlineStyle(config: MapConfig): maplibregl.StyleSpecification {
  return {
    version: 8,
    sources: config.tileUrl
      ? {
          base: {
            type: 'raster',
            tiles: [config.tileUrl],
            tileSize: 256,
            ...(config.attribution ? { attribution: config.attribution } : {}),
          },
        }
      : {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e6ecf2' } },
      ...(config.tileUrl ? [{ id: 'base', type: 'raster' as const, source: 'base' }] : []),
    ],
  };
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
    paint: { 'circle-color': color, 'circle-radius': 8, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  });
}

/** Point labels as HTML markers: text needs no glyph server this way. */
function labelMarkers(lib: MapLibre, map: maplibregl.Map, data: FeatureCollection): maplibregl.Marker[] {
  return data.features.flatMap((f) => {
    const label: unknown = f.properties?.label;
    if (f.geometry?.type !== 'Point' || typeof label !== 'string') return [];
    const element = document.createElement('div');
    element.className = 'map-label';
    element.textContent = label;
    const [lng = 0, lat = 0] = f.geometry.coordinates;
    return [new lib.Marker({ element, anchor: 'top', offset: [0, 10] }).setLngLat([lng, lat]).addTo(map)];
  });
}

export interface MapViewProps {
  /** Features in WGS-84 (EPSG:4326), as the API returns them; `properties.label` and `.color` are drawn. */
  features: FeatureCollection;
  height?: number;
}

/** A MapLibre map centred on the district, drawing GeoJSON features; works with no Internet. */
export function MapView({ features, height = 320 }: MapViewProps) {
  const { t } = useTranslation();
  const { data: config } = useClientConfig();
  const element = useRef<HTMLDivElement>(null);
  // The library and the map arrive together, once MapLibre has loaded.
  const [ready, setReady] = useState<{ lib: MapLibre; map: maplibregl.Map } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!config) return;
    const { map: mapConfig } = config;
    const [lng, lat] = mapConfig.center;
    let instance: maplibregl.Map | undefined;
    let unmounted = false;
    void loadMapLibre().then(
      (lib) => {
        if (unmounted || !element.current) return;
        try {
          instance = new lib.Map({
            container: element.current,
            style: offlineStyle(mapConfig),
            center: mapConfig.tileCrs === 'gcj02' ? wgs84ToGcj02(lng, lat) : [lng, lat],
            zoom: mapConfig.zoom,
            attributionControl: mapConfig.attribution ? { compact: true } : false,
            locale: mapLocale(t),
          });
        } catch {
          // No WebGL (old or locked-down browsers): the rest of the page still works.
          setFailed(true);
          return;
        }
        instance.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
        instance.addControl(new lib.ScaleControl({}), 'bottom-left');
        setReady({ lib, map: instance });
      },
      () => setFailed(true),
    );
    return () => {
      unmounted = true;
      instance?.remove();
      setReady(null);
    };
    // A new language makes a new map: MapLibre reads its control labels only when created.
  }, [config, t]);

  useEffect(() => {
    if (!ready || !config) return;
    const { lib, map: instance } = ready;
    const data = toMapCrs(features, config.map.tileCrs);
    let markers: maplibregl.Marker[] = [];
    const draw = () => {
      const source = instance.getSource<maplibregl.GeoJSONSource>('features');
      // setData resolves once the worker has re-tiled; nothing here waits on it, and a failure
      // still reaches the console as an unhandled rejection.
      if (source) void source.setData(data);
      else addFeatureLayers(instance, data);
      markers = labelMarkers(lib, instance, data);
    };
    if (instance.isStyleLoaded()) draw();
    else instance.once('load', draw);
    return () => {
      instance.off('load', draw);
      for (const m of markers) m.remove();
    };
  }, [features, config, ready]);

  if (failed) return <Alert type="warning" showIcon title={t('map.unavailable')} />;
  return <div ref={element} className="map-view" style={{ height }} data-testid="map-view" />;
}
