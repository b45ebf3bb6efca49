import { Button, Space, Typography } from 'antd';
import type { Feature, FeatureCollection, Geometry, LineString, Point, Polygon, Position } from 'geojson';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LngLat, MapView } from '../MapView';

/** The kinds of geometry a user can draw. */
export type DrawableKind = 'Point' | 'LineString' | 'Polygon';
export type DrawnGeometry = Point | LineString | Polygon;

export interface GeometryInputProps {
  /** The geometry in WGS-84, or null when none is drawn yet (antd Form passes it). */
  value?: Geometry | null;
  onChange?: (geometry: DrawnGeometry | null) => void;
  /** What may be drawn; the first is offered first. */
  kinds?: DrawableKind[];
  height?: number;
  /** Set by antd Form.Item, so that the field's label and errors point at this control. */
  id?: string;
  disabled?: boolean;
}

/** Vertices a shape needs before it can be finished. */
const minVertices: Record<DrawableKind, number> = { Point: 1, LineString: 2, Polygon: 3 };

// The two clicks of a double click land on (almost) the same spot; one vertex is kept.
const same = (a: Position | undefined, b: Position) =>
  a !== undefined && Math.abs((a[0] ?? 0) - (b[0] ?? 0)) < 1e-7 && Math.abs((a[1] ?? 0) - (b[1] ?? 0)) < 1e-7;

function shapeOf(kind: DrawableKind, vertices: Position[]): DrawnGeometry {
  if (kind === 'Point') return { type: 'Point', coordinates: vertices[0] ?? [0, 0] };
  if (kind === 'LineString') return { type: 'LineString', coordinates: vertices };
  const first = vertices[0] ?? [0, 0];
  return { type: 'Polygon', coordinates: [[...vertices, first]] };
}

const feature = (geometry: Geometry, color: string, radius?: number): Feature => ({
  type: 'Feature',
  properties: { color, ...(radius ? { radius } : {}) },
  geometry,
});

/**
 * A form control for a location: a point (one click or tap), a line or a polygon (a click per
 * vertex, then a double click or 完成). Clear and draw again at will; every action is a named
 * button, and what has been drawn is announced in words.
 */
export function GeometryInput({
  value = null,
  onChange,
  kinds = ['Point', 'LineString', 'Polygon'],
  height = 320,
  id,
  disabled,
}: GeometryInputProps) {
  const { t } = useTranslation();
  // The shape being drawn, null when not drawing. Starts drawing at once when there is only one kind and nothing yet.
  const [mode, setMode] = useState<DrawableKind | null>(() => (!value && kinds.length === 1 && !disabled ? (kinds[0] ?? null) : null));
  const [vertices, setVertices] = useState<Position[]>([]);
  // Read by the map's handlers, which may fire twice before React re-renders.
  const draft = useRef<Position[]>([]);
  const update = (next: Position[]) => {
    draft.current = next;
    setVertices(next);
  };

  const finish = (kind: DrawableKind, points: Position[]) => {
    if (points.length < minVertices[kind]) return;
    onChange?.(shapeOf(kind, points));
    update([]);
    setMode(null);
  };
  const start = (kind: DrawableKind) => {
    update([]);
    setMode(kind);
  };
  const clear = () => {
    update([]);
    setMode(kinds.length === 1 ? (kinds[0] ?? null) : null);
    onChange?.(null);
  };

  const onMapClick = (at: LngLat) => {
    if (!mode || disabled) return;
    if (mode === 'Point') return finish('Point', [at]);
    if (same(draft.current.at(-1), at)) return;
    update([...draft.current, at]);
  };
  const onMapDoubleClick = (at: LngLat) => {
    if (!mode || mode === 'Point') return;
    const points = same(draft.current.at(-1), at) ? draft.current : [...draft.current, at];
    finish(mode, points);
  };

  const features = useMemo<FeatureCollection>(() => {
    const list: Feature[] = [];
    if (value && !(mode && vertices.length > 0)) list.push(feature(value, '#1d5fbf'));
    if (mode && vertices.length > 0) {
      if (vertices.length >= 2)
        list.push(feature(shapeOf(mode === 'Polygon' && vertices.length >= 3 ? 'Polygon' : 'LineString', vertices), '#d4380d'));
      for (const v of vertices) list.push(feature({ type: 'Point', coordinates: v }, '#d4380d', 5));
    }
    return { type: 'FeatureCollection', features: list };
  }, [value, mode, vertices]);

  const status = mode
    ? mode === 'Point'
      ? t('mapView.draw.clickPoint')
      : t('mapView.draw.vertices', { count: vertices.length, min: minVertices[mode] })
    : value
      ? t('mapView.draw.drawn', { kind: t(`mapView.draw.kind.${value.type}`, { defaultValue: value.type }) })
      : t('mapView.draw.empty');

  return (
    <div id={id} className="geometry-input" data-testid="geometry-input">
      <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
        {kinds.map((kind) => (
          <Button
            key={kind}
            size="small"
            type={mode === kind ? 'primary' : 'default'}
            aria-pressed={mode === kind}
            disabled={disabled}
            onClick={() => start(kind)}
          >
            {t(`mapView.draw.start.${kind}`)}
          </Button>
        ))}
        {mode && mode !== 'Point' && (
          <>
            <Button size="small" type="primary" disabled={vertices.length < minVertices[mode]} onClick={() => finish(mode, draft.current)}>
              {t('mapView.draw.finish')}
            </Button>
            <Button size="small" disabled={vertices.length === 0} onClick={() => update(draft.current.slice(0, -1))}>
              {t('mapView.draw.undo')}
            </Button>
          </>
        )}
        {mode && (value || vertices.length > 0) && (
          <Button size="small" onClick={() => (update([]), setMode(null))}>
            {t('mapView.draw.cancel')}
          </Button>
        )}
        <Button size="small" danger disabled={disabled || (!value && vertices.length === 0)} onClick={clear}>
          {t('mapView.draw.clear')}
        </Button>
      </Space>
      <MapView
        features={features}
        height={height}
        drawing={mode !== null}
        onMapClick={onMapClick}
        onMapDoubleClick={mode && mode !== 'Point' ? onMapDoubleClick : undefined}
        initialView={value}
        ariaLabel={t('mapView.draw.region')}
      />
      <Typography.Text type="secondary" role="status" aria-live="polite" data-testid="geometry-status">
        {status}
      </Typography.Text>
    </div>
  );
}
