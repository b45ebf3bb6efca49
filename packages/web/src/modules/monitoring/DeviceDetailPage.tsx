import { EditOutlined, KeyOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Modal, Popconfirm, Row, Segmented, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { call, isApiError } from '../../shared/api';
import { Chart, type ChartOption } from '../../shared/Chart';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { DeviceStateTag, type DeviceText, useDeviceText } from './deviceLabels';

type Device = api.monitoringDevices.Device;

const ranges = {
  range6h: 6 * 3600_000,
  range24h: 86400_000,
  range7d: 7 * 86400_000,
  range30d: 30 * 86400_000,
  range365d: 365 * 86400_000,
} as const;
type Range = keyof typeof ranges;
const bucketText: Record<monitoring.SeriesBucket, DeviceText> = { raw: 'bucketRaw', minute: 'bucketMinute', hour: 'bucketHour' };

/** One metric's chart over the chosen range: the raw line, or the average with the min and max of each bucket. */
function MetricChart({ device, metric, spanMs, to }: { device: Device; metric: Device['metrics'][number]; spanMs: number; to: string }) {
  const d = useDeviceText();
  const time = useFormatTime();
  const from = new Date(new Date(to).getTime() - spanMs).toISOString();
  const { data, isPending } = useApiQuery(api.monitoringDevices.seriesOf, {
    params: { id: device.id },
    query: { metric: metric.key, from, to },
  });
  const option = useMemo<ChartOption | null>(() => {
    if (!data || data.points.length === 0) return null;
    const xs = data.points.map((p) => time(p.ts));
    const line = (name: string, values: number[], width: number, color: string) => ({
      type: 'line' as const,
      name,
      data: values.map((v) => Number(v.toFixed(3))),
      showSymbol: values.length < 60,
      lineStyle: { width, color },
      itemStyle: { color },
    });
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: xs, boundaryGap: false },
      yAxis: { type: 'value', scale: true, name: metric.unit },
      series:
        data.bucket === 'raw'
          ? [
              line(
                metric.key,
                data.points.map((p) => p.avg),
                2,
                '#1677ff',
              ),
            ]
          : [
              line(
                'avg',
                data.points.map((p) => p.avg),
                2,
                '#1677ff',
              ),
              line(
                'max',
                data.points.map((p) => p.max),
                1,
                '#ff7875',
              ),
              line(
                'min',
                data.points.map((p) => p.min),
                1,
                '#95de64',
              ),
            ],
    };
  }, [data, time, metric]);
  const title = `${monitoring.metricLabel(metric)}（${metric.unit}）`;
  return (
    <Card size="small" title={title} extra={data ? d(bucketText[data.bucket]) : null} data-testid={`device-chart-${metric.key}`}>
      {isPending ? <Spin /> : option ? <Chart option={option} height={240} /> : <Empty description={d('noData')} />}
    </Card>
  );
}

/** The token, shown once after it is issued, with how a device uses it. */
function TokenModal({ token, code, onClose }: { token: string; code: string; onClose: () => void }) {
  const d = useDeviceText();
  return (
    <Modal open title={d('tokenTitle')} onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }}>
      <Typography.Paragraph copyable={{ text: token }} code data-testid="device-token-value">
        {token}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{d('tokenHelp', { topic: `citysafe/telemetry/${code}` })}</Typography.Paragraph>
    </Modal>
  );
}

/** 监测设备: its register entry, state, malformed-payload counter, token, and a chart per metric. */
export default function DeviceDetailPage() {
  const { id = '' } = useParams();
  const d = useDeviceText();
  const bi = useBi();
  const time = useFormatTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const [range, setRange] = useState<Range>('range24h');
  const [to] = useState(() => new Date().toISOString());
  const [issued, setIssued] = useState<string | null>(null);
  const query = useApiQuery(api.monitoringDevices.get, { params: { id } });
  const issue = useMutation({
    mutationFn: () => call(api.monitoringDevices.issueToken, { params: { id } }),
    onSuccess: async (result) => {
      setIssued(result.token);
      message.success(d('tokenHas'));
      await invalidatePaths(client, '/api/devices');
    },
    onError: (e) => showError(e),
  });

  if (isApiError(query.error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  const device = query.data;
  if (!device) return <Spin size="large" className="page-spin" />;
  const manages = device.allowedActions.includes('update');

  return (
    <>
      <PageHeader
        title={
          <>
            {device.name} <DeviceStateTag state={device.state} />
          </>
        }
        extra={
          manages && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/monitoring/devices/${device.id}/edit`)} data-testid="device-edit">
              {d('edit')}
            </Button>
          )
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={d('basics')}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'code', label: d('code'), children: <Typography.Text code>{device.code}</Typography.Text> },
                { key: 'type', label: d('type'), children: bi(monitoring.deviceTypes[device.type]) },
                { key: 'unit', label: d('unit'), children: device.orgName },
                { key: 'street', label: d('street'), children: device.streetName ?? '—' },
                { key: 'place', label: d('placeName'), children: device.placeName ?? '—' },
                { key: 'interval', label: d('interval'), children: device.intervalSeconds },
                { key: 'status', label: d('status'), children: device.status === 'active' ? d('statusActive') : d('statusDisabled') },
                { key: 'seen', label: d('lastSeenAt'), children: device.lastSeenAt ? time(device.lastSeenAt) : d('never') },
                {
                  key: 'metrics',
                  label: d('metrics'),
                  children: device.metrics.map((m) => `${monitoring.metricLabel(m)}（${m.key}, ${m.unit}）`).join('、'),
                },
              ]}
            />
          </Card>
          <Card size="small" title={d('malformed')} style={{ marginTop: 16 }} data-testid="device-malformed">
            {device.malformedCount === 0 ? (
              <Typography.Text type="secondary">{d('noMalformed')}</Typography.Text>
            ) : (
              <Alert
                type="warning"
                showIcon
                message={`${d('malformedCount')}：${device.malformedCount}`}
                description={
                  <>
                    <div>
                      {d('lastMalformedAt')}：{time(device.lastMalformedAt)}
                    </div>
                    <div>
                      {d('lastMalformedReason')}：{device.lastMalformedReason}
                    </div>
                  </>
                }
              />
            )}
          </Card>
          <Card size="small" title={d('token')} style={{ marginTop: 16 }}>
            <Typography.Paragraph>{device.hasToken ? d('tokenHas') : d('tokenNone')}</Typography.Paragraph>
            {manages &&
              (device.hasToken ? (
                <Popconfirm title={d('tokenConfirm')} onConfirm={() => issue.mutate()}>
                  <Button icon={<KeyOutlined />} loading={issue.isPending} data-testid="device-token-issue">
                    {d('tokenReissue')}
                  </Button>
                </Popconfirm>
              ) : (
                <Button icon={<KeyOutlined />} loading={issue.isPending} onClick={() => issue.mutate()} data-testid="device-token-issue">
                  {d('tokenIssue')}
                </Button>
              ))}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={d('charts')}
            extra={
              <Segmented<Range>
                size="small"
                value={range}
                onChange={setRange}
                options={(Object.keys(ranges) as Range[]).map((r) => ({ value: r, label: d(r) }))}
                data-testid="device-range"
              />
            }
          >
            <Row gutter={[12, 12]}>
              {device.metrics.map((m) => (
                <Col xs={24} key={m.key}>
                  <MetricChart device={device} metric={m} spanMs={ranges[range]} to={to} />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
      {issued && <TokenModal token={issued} code={device.code} onClose={() => setIssued(null)} />}
    </>
  );
}
