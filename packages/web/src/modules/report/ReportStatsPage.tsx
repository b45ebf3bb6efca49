import { FileExcelOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { Alert, Card, Col, DatePicker, Row, Space, Spin, Statistic, Table, Tabs, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import { useSearchParams } from 'react-router';
import { buildQuery } from '../../shared/api';
import { Chart, type ChartOption } from '../../shared/Chart';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useBi } from '../../shared/locale';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import type { handlingZh } from './locales/handling.zh-CN';

type StatsRow = api.reportHandling.ReportStats['byCategory'][number];
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/**
 * 举报统计: the period's figures (received, accepted, closed, closed unresolved, on time, 办结率 and 按期办结率 as
 * their own figures), the months as a chart, and tables by category, street and unit; the monthly xlsx. The period
 * lives in the address.
 */
export default function ReportStatsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().startOf('year').format('YYYY-MM-DD');
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  const month = params.get('month') ?? dayjs(to).format('YYYY-MM');
  const { data } = useApiQuery(api.reportHandling.getReportStats, { query: { from, to } }, { keepPrevious: true });
  const s = (key: LeafKeys<(typeof handlingZh)['stats']>, values?: Record<string, string | number>) =>
    values ? t(`report.handling.stats.${key}`, values) : t(`report.handling.stats.${key}`);

  const columns = [
    { title: s('name'), key: 'name', render: (_: unknown, r: StatsRow) => bi(r.name) },
    ...(['received', 'accepted', 'refused', 'closed', 'unresolved', 'onTime', 'overdueOpen'] as const).map((k) => ({
      title: s(k),
      dataIndex: k,
      align: 'right' as const,
    })),
    { title: s('closureRate'), dataIndex: 'closureRate', align: 'right' as const, render: percent },
    { title: s('onTimeRate'), dataIndex: 'onTimeRate', align: 'right' as const, render: percent },
  ];

  const chart: ChartOption | null = data
    ? ({
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: data.byMonth.map((r) => r.key) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: s('received'), type: 'bar', data: data.byMonth.map((r) => r.received), itemStyle: { color: '#1677ff' } },
          { name: s('accepted'), type: 'bar', data: data.byMonth.map((r) => r.accepted), itemStyle: { color: '#13c2c2' } },
          { name: s('closed'), type: 'bar', data: data.byMonth.map((r) => r.closed), itemStyle: { color: '#389e0d' } },
          { name: s('unresolved'), type: 'bar', data: data.byMonth.map((r) => r.unresolved), itemStyle: { color: '#8c8c8c' } },
        ],
      } as ChartOption)
    : null;

  return (
    <>
      <PageHeader
        title={s('title')}
        extra={
          <Space>
            <DatePicker
              picker="month"
              aria-label={s('month')}
              value={dayjs(`${month}-01`)}
              allowClear={false}
              onChange={(d: Dayjs | null) => d && setParams((p) => (p.set('month', d.format('YYYY-MM')), p))}
            />
            <DownloadButton
              icon={<FileExcelOutlined />}
              path={api.reportHandling.exportReportStats.path + buildQuery({ month })}
              fileName={`举报办理月报-${month}.xlsx`}
              testId="report-stats-monthly"
            >
              {s('monthly')}
            </DownloadButton>
          </Space>
        }
      />
      <Card size="small">
        <FilterBar>
          <Typography.Text>{s('period')}</Typography.Text>
          <DatePicker.RangePicker
            value={[dayjs(from), dayjs(to)]}
            allowClear={false}
            onChange={(range) =>
              range?.[0] &&
              range[1] &&
              setParams((p) => (p.set('from', range[0]!.format('YYYY-MM-DD')), p.set('to', range[1]!.format('YYYY-MM-DD')), p))
            }
            data-testid="report-stats-period"
          />
        </FilterBar>
        {!data ? (
          <Spin className="page-spin" />
        ) : (
          <>
            <Row gutter={[16, 16]} data-testid="report-stats-figures">
              {(['received', 'accepted', 'closed', 'unresolved', 'onTime', 'overdueOpen'] as const).map((k) => (
                <Col key={k} xs={12} sm={8} lg={4}>
                  <Statistic title={s(k)} value={data.total[k]} />
                </Col>
              ))}
              <Col xs={12} sm={8} lg={4}>
                <Statistic title={s('closureRate')} value={percent(data.total.closureRate)} data-testid="report-closure-rate" />
              </Col>
              <Col xs={12} sm={8} lg={4}>
                <Statistic title={s('onTimeRate')} value={percent(data.total.onTimeRate)} />
              </Col>
            </Row>
            <Alert type="info" message={s('rateNote')} style={{ margin: '12px 0' }} />
            <Typography.Text type="secondary">
              {s('rewardsPaid', { count: data.rewards.paidCount, amount: data.rewards.paidAmount.toLocaleString('zh-CN') })}
            </Typography.Text>
            <Card size="small" title={s('byMonth')} style={{ marginTop: 12 }}>
              {chart && <Chart option={chart} testId="report-stats-chart" />}
            </Card>
            <Tabs
              style={{ marginTop: 12 }}
              items={(['byCategory', 'byStreet', 'byUnit'] as const).map((k) => ({
                key: k,
                label: s(k),
                children: (
                  <Table<StatsRow>
                    rowKey="key"
                    size="small"
                    pagination={false}
                    dataSource={data[k]}
                    columns={columns}
                    scroll={{ x: 900 }}
                  />
                ),
              }))}
            />
          </>
        )}
      </Card>
    </>
  );
}
