import { api } from '@citysafe/domain';
import { Alert, Card, Descriptions, Empty, Grid, Tag, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../app/session';
import { type LngLat, MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { areasAt } from './areasAt';

/**
 * 区域地图: the district, its streets, communities and grids drawn with their names (MapView's
 * base layers); a click tells which areas the place lies in, from the district down to the grid.
 */
export default function DistrictMapPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const can = useCan();
  // The same request as MapView's base layers: one fetch serves both.
  const { data } = useApiQuery(api.map.listBoundaries);
  const [clicked, setClicked] = useState<LngLat | null>(null);
  const features = data?.features ?? [];
  const found = clicked ? areasAt(features, clicked) : [];
  const demo = features.some((f) => f.properties.source === 'demo');
  const marker = useMemo<FeatureCollection | undefined>(
    () =>
      clicked
        ? {
            type: 'FeatureCollection',
            features: [{ type: 'Feature', properties: { color: '#d4380d', radius: 6 }, geometry: { type: 'Point', coordinates: clicked } }],
          }
        : undefined,
    [clicked],
  );

  return (
    <>
      <PageHeader
        title={t('map.boundaries.mapTitle')}
        extra={can('map.manage') ? <Link to="/map/boundaries">{t('map.boundaries.manageLink')}</Link> : undefined}
      />
      {demo && <Alert type="info" showIcon title={t('map.boundaries.demoNotice')} style={{ marginBottom: 12 }} />}
      {data && features.length === 0 && (
        <Alert type="warning" showIcon title={t('map.boundaries.noBoundaries')} style={{ marginBottom: 12 }} />
      )}
      <div className="district-map">
        <div className="district-map-view">
          <MapView height={screens.md ? 600 : 420} features={marker} onMapClick={setClicked} ariaLabel={t('map.boundaries.mapTitle')} />
        </div>
        <Card size="small" title={t('map.boundaries.clicked')} className="district-map-info" data-testid="clicked-areas">
          {!clicked ? (
            <Typography.Text type="secondary">{t('map.boundaries.mapHint')}</Typography.Text>
          ) : found.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('map.boundaries.outside')} />
          ) : (
            <Descriptions
              size="small"
              column={1}
              items={found.map((f) => ({
                key: f.id,
                label: t(`map.boundaries.levels.${f.properties.level}`),
                children: (
                  <>
                    {f.properties.name} {f.properties.source === 'demo' && <Tag>{t('map.boundaries.sources.demo')}</Tag>}
                  </>
                ),
              }))}
            />
          )}
          {clicked && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {clicked[0].toFixed(5)}, {clicked[1].toFixed(5)}
            </Typography.Text>
          )}
        </Card>
      </div>
    </>
  );
}
