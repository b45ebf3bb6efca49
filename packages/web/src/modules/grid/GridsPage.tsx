import { api } from '@citysafe/domain';
import { Card, Col, Row, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import type { FeatureCollection } from 'geojson';
import { Link } from 'react-router';
import { MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { MapLegend } from '../../shared/map/MapLegend';
import { type ListColumn, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useApiQuery } from '../../shared/query';
import { useGridText } from './text';

type Row = api.grid.GridSummary;
const NEAR = '#389e0d';
const FAR = '#d46b08';

/**
 * 网格一览: the grids in the caller's reach (code, members, places, due and visited today) beside the map of the
 * grid polygons (the district layers, grid level) and today's check-ins, a far check-in in orange.
 */
export default function GridsPage() {
  const g = useGridText('grids');
  const list = usePagedList(api.grid.listGrids);
  const date = dayjs().format('YYYY-MM-DD');
  const { data: checkins } = useApiQuery(api.grid.listCheckins, { query: { date } });

  const features: FeatureCollection | undefined = checkins && {
    type: 'FeatureCollection',
    features: checkins.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: { type: 'Point', coordinates: f.geometry.coordinates },
      properties: {
        label: `${f.properties.memberName} · ${f.properties.placeName}`,
        color: f.properties.farCheckIn ? FAR : NEAR,
      },
    })),
  };

  const columns: ListColumn<Row>[] = [
    { title: g('code'), dataIndex: 'code', key: 'code', render: (code: string | null) => code ?? '—' },
    {
      title: g('name'),
      dataIndex: 'name',
      key: 'name',
      priority: true,
      render: (name: string, r) => (
        <Link to={`/grid/grids/${r.id}`} data-testid="grid-link">
          {name}
        </Link>
      ),
    },
    { title: g('street'), key: 'street', render: (_: unknown, r) => r.street?.name ?? '—' },
    { title: g('community'), key: 'community', render: (_: unknown, r) => r.community?.name ?? '—' },
    { title: g('members'), key: 'members', render: (_: unknown, r) => r.members.map((m) => m.name).join('、') || '—' },
    { title: g('places'), key: 'places', align: 'right', render: (_: unknown, r) => r.counts.places },
    { title: g('dueToday'), dataIndex: 'dueToday', key: 'dueToday', align: 'right', priority: true },
    { title: g('visitedToday'), dataIndex: 'visitedToday', key: 'visitedToday', align: 'right', priority: true },
  ];

  return (
    <>
      <PageHeader title={g('title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={14}>
          <Card size="small">
            <PagedTable list={list} columns={columns} testId="grid-table" scroll={{ x: 'max-content' }} />
          </Card>
        </Col>
        <Col xs={24} xxl={10}>
          <Card
            size="small"
            title={g('mapTitle')}
            extra={<Typography.Text type="secondary">{g('checkins', { count: checkins?.features.length ?? 0 })}</Typography.Text>}
            data-testid="grid-map"
          >
            {features ? (
              <MapView features={features} height={420} ariaLabel={g('mapTitle')}>
                <MapLegend
                  title={g('mapTitle')}
                  items={[
                    { color: NEAR, label: g('near') },
                    { color: FAR, label: g('far') },
                  ]}
                />
              </MapView>
            ) : (
              <Spin className="page-spin" />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
