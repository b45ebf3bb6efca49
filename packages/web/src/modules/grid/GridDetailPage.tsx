import { api, grid } from '@citysafe/domain';
import { Card, Col, Descriptions, Row, Spin, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import type { FeatureCollection } from 'geojson';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { isApiError } from '../../shared/api';
import { MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { useFormatTime } from '../../shared/format';
import { useApiQuery } from '../../shared/query';
import { SourceLevelTag } from '../risk/SourceLevelTag';
import { useGridText } from './text';

type Place = api.grid.Place;

/** A grid: its code, street, community and members, its polygon with its places, and each place's interval and next due day. */
export default function GridDetailPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const { id = '' } = useParams();
  const g = useGridText('grid');
  const { data, error } = useApiQuery(api.grid.getGrid, { params: { id } });
  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (isApiError(error, 'FORBIDDEN')) return <ErrorPage status={403} />;
  if (!data) return <Spin size="large" className="page-spin" />;
  // The browser's day, as the route's: a place is due when its next visit falls on or before it.
  const today = dayjs().format('YYYY-MM-DD');

  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      ...(data.geometry ? [{ type: 'Feature' as const, geometry: data.geometry, properties: { color: '#1d5fbf' } }] : []),
      ...data.places.flatMap((p) =>
        p.location
          ? [
              {
                type: 'Feature' as const,
                geometry: { type: 'Point' as const, coordinates: [p.location.lng, p.location.lat] },
                properties: { label: p.name, color: grid.isDue(p.nextDueOn, today) ? '#d46b08' : '#389e0d' },
              },
            ]
          : [],
      ),
    ],
  };

  const columns = [
    { title: g('place'), dataIndex: 'name', key: 'name' },
    { title: g('type'), key: 'type', render: (_: unknown, p: Place) => t(`grid.placeType.${p.type}`) },
    {
      title: g('riskLevel'),
      key: 'level',
      render: (_: unknown, p: Place) => <SourceLevelTag level={p.riskLevel} none={t('grid.levelNone')} />,
    },
    { title: g('interval'), key: 'interval', render: (_: unknown, p: Place) => g('intervalDays', { count: p.intervalDays }) },
    { title: g('lastVisit'), key: 'last', render: (_: unknown, p: Place) => (p.lastVisitAt ? time(p.lastVisitAt) : g('never')) },
    {
      title: g('nextDue'),
      key: 'next',
      render: (_: unknown, p: Place) => (grid.isDue(p.nextDueOn, today) ? <Tag color="warning">{g('due')}</Tag> : p.nextDueOn),
    },
  ];

  return (
    <>
      <PageHeader title={g('title', { name: data.name })} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('grid.grids.code')}>{data.code ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('grid.grids.street')}>{data.street?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('grid.grids.community')}>{data.community?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('grid.grids.members')}>
                {data.members.map((m) => `${m.name}${m.phone ? ` ${m.phone}` : ''}`).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('grid.grids.places')}>
                {g('enterprises', { count: data.counts.enterprises })} · {g('riskSources', { count: data.counts.riskSources })}
              </Descriptions.Item>
            </Descriptions>
            <MapView features={features} height={320} initialView={data.geometry} ariaLabel={data.name} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={g('places')}>
            <Table
              rowKey="key"
              size="middle"
              columns={columns}
              dataSource={data.places}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="grid-places"
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
