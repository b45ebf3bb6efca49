import { api, risk } from '@citysafe/domain';
import { Select, Space, Typography } from 'antd';
import type { Feature, FeatureCollection } from 'geojson';
import type { ExpressionSpecification } from 'maplibre-gl';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../app/session';
import { buildQuery } from '../../shared/api';
import { useBi } from '../../shared/locale';
import { type ClickedFeature, MapView, type OverlayLayer, type VectorOverlay } from '../../shared/MapView';
import { MapLegend } from '../../shared/map/MapLegend';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { OrgTreeSelect, useOrgs } from '../../shared/orgs';
import { useApiQuery } from '../../shared/query';
import { SourceLevelTag } from './SourceLevelTag';

const { riskLevelInfo, riskLevels } = risk;
type RiskLevel = risk.RiskLevel;

/** The level colours as a MapLibre expression over a feature's `level`; grey for a source not yet graded. */
const levelColour = [
  'match',
  ['get', 'level'],
  ...riskLevels.flatMap((level) => [level, riskLevelInfo[level].hex]),
  '#9ca3af',
] as unknown as ExpressionSpecification;

const isCluster: ExpressionSpecification = ['==', ['to-string', ['get', 'cluster']], 'true'];

/**
 * The four-colour layers of the risk tiles (api.riskTiles): streets shaded below zoom 14 and grids
 * above by their highest level, sources as points, lines and areas in their level's colour, and the
 * server's clusters (below zoom 13) as circles sized by count.
 */
const layers: OverlayLayer[] = [
  {
    id: 'street-shade',
    type: 'fill',
    'source-layer': 'areas',
    maxzoom: 14,
    filter: ['all', ['==', ['get', 'areaLevel'], 'street'], ['has', 'level']],
    paint: { 'fill-color': levelColour, 'fill-opacity': 0.18 },
  },
  {
    id: 'grid-shade',
    type: 'fill',
    'source-layer': 'areas',
    minzoom: 14,
    filter: ['all', ['==', ['get', 'areaLevel'], 'grid'], ['has', 'level']],
    paint: { 'fill-color': levelColour, 'fill-opacity': 0.18 },
  },
  {
    id: 'source-areas',
    type: 'fill',
    'source-layer': 'sources',
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': levelColour, 'fill-opacity': 0.45, 'fill-outline-color': '#374151' },
  },
  {
    id: 'source-lines',
    type: 'line',
    'source-layer': 'sources',
    filter: ['==', ['geometry-type'], 'LineString'],
    paint: { 'line-color': levelColour, 'line-width': 4 },
  },
  {
    id: 'clusters',
    type: 'circle',
    'source-layer': 'sources',
    filter: ['all', ['==', ['geometry-type'], 'Point'], isCluster],
    paint: {
      'circle-color': levelColour,
      'circle-radius': ['step', ['coalesce', ['to-number', ['get', 'count']], 1], 12, 10, 16, 50, 20, 200, 26],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
  {
    id: 'cluster-counts',
    type: 'symbol',
    'source-layer': 'sources',
    filter: ['all', ['==', ['geometry-type'], 'Point'], isCluster],
    layout: { 'text-field': ['to-string', ['get', 'count']], 'text-font': ['sans-serif'], 'text-size': 12, 'text-allow-overlap': true },
    paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  },
  {
    id: 'source-points',
    type: 'circle',
    'source-layer': 'sources',
    filter: ['all', ['==', ['geometry-type'], 'Point'], ['!', isCluster]],
    paint: { 'circle-color': levelColour, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
  },
];

const interactive = ['source-points', 'source-lines', 'source-areas', 'clusters'];

/** Major hazard installations: dark violet, apart from the four level colours. */
const MAJOR_HAZARD_COLOUR = '#531dab';

const gradeKey = {
  1: 'risk.fourColour.grade.1',
  2: 'risk.fourColour.grade.2',
  3: 'risk.fourColour.grade.3',
  4: 'risk.fourColour.grade.4',
} as const;

interface Filters {
  category?: string;
  level?: RiskLevel;
  streetId?: string;
  orgId?: string;
}

/** What a clicked source shows: its name, level, category and a link to its page. */
function SourcePopup({ feature }: { feature: ClickedFeature }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { id, name, level, category } = feature.properties as { id?: string; name?: string; level?: RiskLevel; category?: string };
  const categoryLabel = risk.riskCategories.find((c) => c.code === category)?.label;
  return (
    <div data-testid="risk-popup">
      <Typography.Text strong>{name}</Typography.Text>
      <div style={{ margin: '4px 0' }}>
        <SourceLevelTag level={level && riskLevelInfo[level] ? level : null} none={t('risk.fourColour.ungraded')} />
        {categoryLabel && <span>{bi(categoryLabel)}</span>}
      </div>
      {id && <Link to={`/risk/sources/${id}`}>{t('risk.fourColour.details')}</Link>}
    </div>
  );
}

/**
 * 四色安全风险空间分布图: the district's risk sources in their level's colour, streets and grids
 * shaded by their highest level, clusters at low zoom, filters that change the tiles, a legend,
 * a click for the details, and the major hazard installations with their grade.
 */
export default function RiskMapPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const { orgs } = useOrgs();
  const [filters, setFilters] = useState<Filters>({});
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const overlay = useMemo<VectorOverlay>(
    () => ({ tiles: `/api/risk/tiles/{z}/{x}/{y}.pbf${buildQuery({ ...filters })}`, maxzoom: 16, layers, interactive }),
    [filters],
  );

  const hazards = useApiQuery(
    api.majorHazard.installationsGeoJson,
    { query: { streetId: filters.streetId, orgId: filters.orgId } },
    { enabled: can('majorHazard.read') },
  );
  const hazardFeatures = useMemo<FeatureCollection>(
    () => ({
      type: 'FeatureCollection',
      features: (hazards.data?.features ?? [])
        .filter((f) => f.properties.isMajor)
        .map((f): Feature => ({
          type: 'Feature',
          geometry: f.geometry,
          properties: {
            color: MAJOR_HAZARD_COLOUR,
            radius: 7,
            label: f.properties.grade ? `${f.properties.name} · ${t(gradeKey[f.properties.grade as 1 | 2 | 3 | 4])}` : f.properties.name,
          },
        })),
    }),
    [hazards.data, t],
  );

  const streets = orgs.filter((o) => o.type === 'street');
  const legend = [
    ...riskLevels.map((level) => ({ color: riskLevelInfo[level].hex, label: bi(riskLevelInfo[level].label) })),
    { color: '#9ca3af', label: t('risk.fourColour.ungraded') },
    ...(can('majorHazard.read') ? [{ color: MAJOR_HAZARD_COLOUR, label: t('risk.fourColour.majorHazard') }] : []),
    { color: riskLevelInfo.major.hex, label: t('risk.fourColour.areaShade'), shape: 'area' as const },
  ];

  return (
    <>
      <PageHeader title={t('risk.fourColour.title')} />
      <FilterBar>
        <Select
          allowClear
          aria-label={t('risk.fourColour.category')}
          placeholder={t('risk.fourColour.category')}
          value={filters.category}
          onChange={(category) => set({ category })}
          options={risk.riskCategories.map((c) => ({ value: c.code, label: bi(c.label) }))}
          style={{ minWidth: 160 }}
          data-testid="filter-category"
        />
        <Select
          allowClear
          aria-label={t('risk.fourColour.level')}
          placeholder={t('risk.fourColour.level')}
          value={filters.level}
          onChange={(level) => set({ level })}
          options={riskLevels.map((level) => ({ value: level, label: bi(riskLevelInfo[level].label) }))}
          style={{ minWidth: 120 }}
          data-testid="filter-level"
        />
        <Select
          allowClear
          aria-label={t('risk.fourColour.street')}
          placeholder={t('risk.fourColour.street')}
          value={filters.streetId}
          onChange={(streetId) => set({ streetId })}
          options={streets.map((s) => ({ value: s.id, label: s.name }))}
          style={{ minWidth: 160 }}
          data-testid="filter-street"
        />
        <OrgTreeSelect
          allowClear
          placeholder={t('risk.fourColour.unit')}
          value={filters.orgId}
          onChange={(orgId) => set({ orgId })}
          data-testid="filter-unit"
        />
      </FilterBar>
      <Space direction="vertical" style={{ width: '100%' }}>
        <MapView
          height={560}
          overlay={overlay}
          popup={(feature) => <SourcePopup feature={feature} />}
          features={hazardFeatures}
          ariaLabel={t('risk.fourColour.title')}
        >
          <MapLegend title={t('risk.fourColour.legend')} items={legend} />
        </MapView>
        <Typography.Text type="secondary">{t('risk.fourColour.hint')}</Typography.Text>
      </Space>
    </>
  );
}
