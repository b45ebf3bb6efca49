import { api } from '@citysafe/domain';
import { Alert, Card, Col, List, Row, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { MapLegend } from '../../shared/map/MapLegend';
import { MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { isApiError } from '../../shared/api';
import { useApiQuery } from '../../shared/query';
import { useDutyText } from './DutyText';

const UNCOVERED = '#cf1322';
const REACH = '#1d5fbf';
const STATION = '#d4380d';

/** A polygon or multipolygon as one feature per polygon: the map's fill layer draws polygons. */
function polygons(geometry: { type: string; coordinates: unknown[] } | null, color: string): Feature[] {
  if (!geometry) return [];
  const parts = geometry.type === 'MultiPolygon' ? geometry.coordinates : [geometry.coordinates];
  return parts.map((coordinates) => ({
    type: 'Feature',
    properties: { color },
    geometry: { type: 'Polygon', coordinates } as Geometry,
  }));
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

/** 消防站覆盖: the map (reach, uncovered part, stations, key places out of reach) and the three shares. */
function FireCoverage() {
  const d = useDutyText();
  const { data, error } = useApiQuery(api.emergencyDuty.fireCoverage);
  if (error) return <Alert type="warning" showIcon message={isApiError(error, 'RULE_VIOLATION') ? d('noBoundary') : String(error)} />;
  if (!data) return <Spin />;
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      ...polygons(data.reach, REACH),
      ...polygons(data.uncovered, UNCOVERED),
      ...data.stations.map((s): Feature => ({
        type: 'Feature',
        properties: { label: s.name, color: STATION, radius: 8 },
        geometry: { type: 'Point', coordinates: s.location },
      })),
      ...data.keyPlaces.outside.map((k): Feature => ({
        type: 'Feature',
        properties: { label: k.name, color: '#722ed1', radius: 6 },
        geometry: { type: 'Point', coordinates: k.location },
      })),
    ],
  };
  return (
    <Card
      size="small"
      title={d('fire')}
      extra={d('fireNote', { minutes: data.minutes, speed: data.speedKmh, reach: data.reachM })}
      data-testid="coverage-fire"
    >
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <MapView features={features} height={420} ariaLabel={d('fire')}>
            <MapLegend
              title={d('fire')}
              items={[
                { color: REACH, label: d('reach') },
                { color: UNCOVERED, label: d('uncovered') },
                { color: STATION, label: d('station') },
              ]}
            />
          </MapView>
        </Col>
        <Col xs={24} lg={8}>
          <Row gutter={[8, 8]}>
            <Col span={8}>
              <Statistic title={d('areaShare')} value={percent(data.area.share)} />
            </Col>
            <Col span={8}>
              <Statistic title={d('populationShare')} value={percent(data.population.share)} />
            </Col>
            <Col span={8}>
              <Statistic title={d('keyPlaceShare')} value={percent(data.keyPlaces.share)} />
            </Col>
          </Row>
          {data.population.streetsWithout.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 8 }}
              message={d('streetsWithout', { names: data.population.streetsWithout.join('、') })}
            />
          )}
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {d('outside')}
          </Typography.Title>
          {data.keyPlaces.outside.length === 0 ? (
            <Typography.Text type="success">{d('allInside')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={data.keyPlaces.outside}
              data-testid="coverage-outside"
              renderItem={(k) => (
                <List.Item>
                  <span>
                    <Tag>{d(k.kind)}</Tag>
                    {k.name}
                  </span>
                  <Typography.Text type="secondary">
                    {k.nearestStationM === null ? '—' : `${d('nearest')} ${(k.nearestStationM / 1000).toFixed(1)} km`}
                  </Typography.Text>
                </List.Item>
              )}
            />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {data.source}
          </Typography.Paragraph>
        </Col>
      </Row>
    </Card>
  );
}

type ShelterStreet = api.emergencyDuty.ShelterStreet;

/** 避难场所人均面积: per street against the required figure; the streets falling short named. */
function ShelterCoverage() {
  const d = useDutyText();
  const { data } = useApiQuery(api.emergencyDuty.shelterCoverage);
  if (!data) return null;
  return (
    <Card size="small" title={d('shelters')} extra={d('required', { required: data.required })} data-testid="coverage-shelters">
      <Alert
        type={data.fallingShort.length > 0 ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 12 }}
        message={data.fallingShort.length > 0 ? d('fallingShort', { names: data.fallingShort.join('、') }) : d('allMeet')}
      />
      <Table<ShelterStreet>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={data.streets}
        columns={[
          { title: d('street'), dataIndex: 'name' },
          { title: d('population'), dataIndex: 'population', render: (v: number | null) => v?.toLocaleString() ?? '—' },
          { title: d('shelterCount'), dataIndex: 'shelters' },
          { title: d('effectiveArea'), dataIndex: 'effectiveAreaM2', render: (v: number) => Math.round(v).toLocaleString() },
          { title: d('perPerson'), dataIndex: 'areaPerPerson', render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
          {
            title: d('status'),
            dataIndex: 'meets',
            render: (v: boolean | null) =>
              v === null ? <Tag>{d('unknown')}</Tag> : v ? <Tag color="green">{d('meets')}</Tag> : <Tag color="red">{d('short')}</Tag>,
          },
          { title: d('shortfall'), dataIndex: 'shortfallM2', render: (v: number) => (v > 0 ? Math.round(v).toLocaleString() : '—') },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {data.source}
      </Typography.Paragraph>
    </Card>
  );
}

/** 覆盖分析 `/emergency/coverage`: fire stations' reach and the shelter check. */
export default function CoveragePage() {
  const d = useDutyText();
  return (
    <div data-testid="coverage-page">
      <PageHeader title={d('coverageMenu')} />
      <Row gutter={[12, 12]}>
        <Col span={24}>
          <FireCoverage />
        </Col>
        <Col span={24}>
          <ShelterCoverage />
        </Col>
      </Row>
    </div>
  );
}
