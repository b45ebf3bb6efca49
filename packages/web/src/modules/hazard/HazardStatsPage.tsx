import { FileExcelOutlined } from '@ant-design/icons';
import { api, hazard as rules } from '@citysafe/domain';
import { Alert, Card, Col, DatePicker, Row, Select, Space, Spin, Statistic, Table, type TableColumnsType, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { FeatureCollection, MultiPoint } from 'geojson';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { LeafKeys } from '../../app/module';
import { buildQuery } from '../../shared/api';
import { Chart, type ChartOption } from '../../shared/Chart';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { MapLegend } from '../../shared/map/MapLegend';
import { MapView } from '../../shared/MapView';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import type { statsZh } from './locales/stats.zh-CN';

type Row = api.hazardStats.HazardStatsRow;
type Grouping = Exclude<rules.HazardStatsGrouping, 'month'>;
type Phase = 'registered' | 'rectifying' | 'awaiting' | 'major' | 'closed';

/** Where a status stands in the loops, for the map's colours: five phases read at a glance, overdue drawn larger. */
const phaseOf = (status: rules.HazardStatus): Phase =>
  status === 'registered'
    ? 'registered'
    : status === 'rectifying'
      ? 'rectifying'
      : status === 'awaiting_verification'
        ? 'awaiting'
        : status === 'closed'
          ? 'closed'
          : 'major';
const phaseColor: Record<Phase, string> = {
  registered: '#1677ff',
  rectifying: '#fa8c16',
  awaiting: '#722ed1',
  major: '#cf1322',
  closed: '#389e0d',
};
const phases = Object.keys(phaseColor) as Phase[];
/** The colours of the charts' series: found, rectified, overdue. */
const seriesColor = { found: '#1677ff', rectified: '#389e0d', overdue: '#cf1322' };

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const today = () => dayjs().format('YYYY-MM-DD');
const groupings = rules.hazardStatsGroupings.filter((g): g is Grouping => g !== 'month');

/**
 * 隐患统计分析: the period's headline figures, the trend by month and the comparison by the chosen
 * grouping (charts and a table), the hazards on the map coloured by where they stand, and the
 * 16号令 quarterly and annual tables to download. The period and grouping live in the address.
 */
export default function HazardStatsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const formatTime = useFormatTime();
  const m = (key: LeafKeys<typeof statsZh>, values?: Record<string, string | number>) =>
    values ? t(`hazard.stats.${key}`, values) : t(`hazard.stats.${key}`);
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? `${today().slice(0, 4)}-01-01`;
  const to = params.get('to') ?? today();
  const groupBy = (groupings as readonly string[]).includes(params.get('groupBy') ?? '') ? (params.get('groupBy') as Grouping) : 'street';
  const status = (params.get('status') ?? undefined) as rules.HazardStatus | undefined;
  const set = (next: Record<string, string | undefined>) =>
    setParams(
      (p) => {
        for (const [k, v] of Object.entries(next)) {
          if (v === undefined) p.delete(k);
          else p.set(k, v);
        }
        return p;
      },
      { replace: true },
    );

  const byGroup = useApiQuery(api.hazardStats.getStats, { query: { from, to, groupBy } }, { keepPrevious: true });
  const byMonth = useApiQuery(api.hazardStats.getStats, { query: { from, to, groupBy: 'month' } }, { keepPrevious: true });
  const points = useApiQuery(api.hazardStats.getMapLayer, { query: { from, to, ...(status ? { status } : {}) } }, { keepPrevious: true });

  const totals = byGroup.data?.totals;
  const bars = (rows: Row[], horizontal: boolean): ChartOption => {
    const labels = rows.map((r) => r.label);
    const series = (['found', 'rectified', 'overdue'] as const).map((key) => ({
      type: 'bar' as const,
      name: m(key),
      data: rows.map((r) => r[key]),
      itemStyle: { color: seriesColor[key] },
    }));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: horizontal ? 110 : 40, right: 16, top: 32, bottom: 24 },
      ...(horizontal
        ? { yAxis: { type: 'category', data: labels, inverse: true }, xAxis: { type: 'value', minInterval: 1 } }
        : { xAxis: { type: 'category', data: labels }, yAxis: { type: 'value', minInterval: 1 } }),
      series,
    } as ChartOption;
  };

  const features: FeatureCollection = useMemo(
    () => ({
      type: 'FeatureCollection',
      features: (points.data?.features ?? []).map((f) => ({
        type: 'Feature',
        geometry: f.geometry,
        // No labels: hundreds of codes would hide the points; the colour and size carry the status.
        properties: {
          color: phaseColor[phaseOf(f.properties.status)],
          radius: f.properties.overdue ? 9 : 6,
        },
      })),
    }),
    [points.data],
  );
  const extent: MultiPoint | null = features.features.length
    ? { type: 'MultiPoint', coordinates: (points.data?.features ?? []).map((f) => f.geometry.coordinates) }
    : null;

  const [year, setYear] = useState(dayjs().year());
  const [quarter, setQuarter] = useState<1 | 2 | 3 | 4>(rules.quarterOf(today()));
  const years = Array.from({ length: 6 }, (_, i) => dayjs().year() - i);

  const figure = (key: keyof Row & LeafKeys<typeof statsZh>) => ({
    title: m(key),
    dataIndex: key,
    align: 'right' as const,
    width: 96,
    render: (v: number | null) => (key === 'onTimeRate' || key === 'closeRate' ? percent(v) : v),
  });
  const columns: TableColumnsType<Row> = [
    { title: m(`groupings.${groupBy}`), dataIndex: 'label', width: 160 },
    figure('found'),
    figure('rectified'),
    figure('rectifiedOnTime'),
    figure('onTimeRate'),
    figure('overdue'),
    figure('listed'),
    figure('closedListed'),
    figure('closeRate'),
  ];
  const labelOf = (r: Row): string => {
    if (groupBy === 'level') return bi(rules.hazardLevelLabels[r.key as rules.HazardLevel] ?? r.label);
    if (groupBy === 'origin') return bi(rules.hazardOriginLabels[r.key as rules.HazardOrigin] ?? r.label);
    if (groupBy === 'category') return bi(rules.hazardCategories.find((c) => c.code === r.key)?.label ?? r.label);
    return r.label;
  };
  const groupRows = (byGroup.data?.rows ?? []).map((r) => ({ ...r, label: labelOf(r) }));

  return (
    <>
      <PageHeader title={m('title')} />
      <Card size="small">
        <FilterBar>
          <DatePicker.RangePicker
            aria-label={m('period')}
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(range) => {
              const [start, end] = (range ?? []) as [Dayjs | null, Dayjs | null];
              if (start && end) set({ from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') });
            }}
            data-testid="stats-period"
          />
          <Select
            aria-label={m('groupBy')}
            value={groupBy}
            onChange={(g: Grouping) => set({ groupBy: g })}
            options={groupings.map((g) => ({ value: g, label: m(`groupings.${g}`) }))}
            style={{ width: 150 }}
            data-testid="stats-group-by"
          />
          {byGroup.data && <Typography.Text type="secondary">{m('asOf', { at: formatTime(byGroup.data.asOf) })}</Typography.Text>}
        </FilterBar>
        <Row gutter={[12, 12]} data-testid="stats-totals">
          {(
            [
              ['found', totals?.found],
              ['rectified', totals?.rectified],
              ['onTimeRate', totals ? percent(totals.onTimeRate) : undefined],
              ['overdue', totals?.overdue],
              ['listed', totals?.listed],
              ['closeRate', totals ? percent(totals.closeRate) : undefined],
            ] as const
          ).map(([key, value]) => (
            <Col key={key} xs={12} sm={8} xl={4}>
              <Card size="small">
                <Statistic
                  title={m(key)}
                  value={value ?? '—'}
                  styles={key === 'overdue' && value ? { content: { color: seriesColor.overdue } } : {}}
                />
              </Card>
            </Col>
          ))}
        </Row>
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={m('trend')}>
            {byMonth.data ? <Chart option={bars(byMonth.data.rows, false)} testId="stats-trend" /> : <Spin className="page-spin" />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${m('breakdown')} · ${m(`groupings.${groupBy}`)}`}>
            {byGroup.data ? (
              groupRows.length ? (
                <Chart option={bars(groupRows.slice(0, 15), true)} testId="stats-breakdown" />
              ) : (
                <Typography.Text type="secondary">{m('empty')}</Typography.Text>
              )
            ) : (
              <Spin className="page-spin" />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={m('table')}>
            {/* The table scrolls inside a focusable region: a keyboard reaches what a phone cannot show at once. */}
            <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={m('table')}>
              <Table<Row>
                rowKey="key"
                size="small"
                style={{ minWidth: 860 }}
                columns={columns}
                dataSource={groupRows}
                loading={byGroup.isLoading}
                pagination={false}
                summary={() =>
                  totals ? (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>{m('totals')}</Table.Summary.Cell>
                      {columns.slice(1).map((c, i) => {
                        const key = (c as { dataIndex: keyof Row }).dataIndex;
                        const v = totals[key];
                        return (
                          <Table.Summary.Cell key={key} index={i + 1} align="right">
                            {key === 'onTimeRate' || key === 'closeRate' ? percent(v as number | null) : v}
                          </Table.Summary.Cell>
                        );
                      })}
                    </Table.Summary.Row>
                  ) : null
                }
                data-testid="stats-table"
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={m('map')}
            extra={
              <Select
                aria-label={m('mapStatus')}
                placeholder={m('mapStatus')}
                allowClear
                value={status}
                onChange={(s?: rules.HazardStatus) => set({ status: s })}
                options={rules.hazardStatuses.map((s) => ({ value: s, label: bi(rules.hazardWorkflow.states[s].label) }))}
                style={{ width: 160 }}
                data-testid="stats-map-status"
              />
            }
          >
            {points.data?.truncated && (
              <Alert type="info" showIcon title={m('truncated', { limit: points.data.limit })} style={{ marginBottom: 8 }} />
            )}
            <div data-testid="stats-map">
              {points.data ? (
                <MapView features={features} initialView={extent} height={420} ariaLabel={m('map')}>
                  <MapLegend title={m('legend')} items={phases.map((p) => ({ color: phaseColor[p], label: m(`phases.${p}`) }))} />
                </MapView>
              ) : (
                <Spin className="page-spin" />
              )}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={m('tables')}>
            <Typography.Paragraph type="secondary">{m('tablesHint')}</Typography.Paragraph>
            <Space wrap>
              <Select
                aria-label={m('year')}
                value={year}
                onChange={setYear}
                options={years.map((y) => ({ value: y, label: String(y) }))}
                style={{ width: 100 }}
                data-testid="stats-year"
              />
              <Select
                aria-label={m('quarter')}
                value={quarter}
                onChange={setQuarter}
                options={([1, 2, 3, 4] as const).map((n) => ({ value: n, label: m('quarterN', { n }) }))}
                style={{ width: 110 }}
                data-testid="stats-quarter"
              />
            </Space>
            <Space wrap style={{ marginTop: 12 }}>
              <DownloadButton
                icon={<FileExcelOutlined />}
                path={api.hazardStats.quarterlyTable.path + buildQuery({ year, quarter })}
                fileName={`${m('quarterlyName')}_${year}Q${quarter}.xlsx`}
                testId="stats-quarterly"
              >
                {m('quarterly')}
              </DownloadButton>
              <DownloadButton
                icon={<FileExcelOutlined />}
                path={api.hazardStats.annualTable.path + buildQuery({ year })}
                fileName={`${m('annualName')}_${year}.xlsx`}
                testId="stats-annual"
              >
                {m('annual')}
              </DownloadButton>
            </Space>
          </Card>
        </Col>
      </Row>
    </>
  );
}
