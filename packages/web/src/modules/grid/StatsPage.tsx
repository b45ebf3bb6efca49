import { FileExcelOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { Card, DatePicker, Spin, Table } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { buildQuery } from '../../shared/api';
import { Chart, type ChartOption } from '../../shared/Chart';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { PercentBar } from '../../shared/PercentBar';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { useGridText } from './text';

type MemberRow = api.grid.MemberStats;
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
/** The figures of a member, in the table's order: the table's columns and its totals row both follow it. */
const figures = ['planned', 'done', 'coverage', 'hazardsFound', 'casesFound', 'onTimeRate'] as const;
const isRate = (key: (typeof figures)[number]): key is 'coverage' | 'onTimeRate' => key === 'coverage' || key === 'onTimeRate';

/**
 * 网格员考核: each member's patrols against plan, coverage of places, hazards and problems found and the on-time
 * rate over a period (the last 28 days unless the address names one), as a chart and a table with totals; xlsx.
 */
export default function StatsPage() {
  const { t } = useTranslation();
  const s = useGridText('stats');
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  const from = params.get('from') ?? dayjs(to).subtract(27, 'day').format('YYYY-MM-DD');
  const { data } = useApiQuery(api.grid.getStats, { query: { from, to } }, { keepPrevious: true });

  const rate = (key: 'coverage' | 'onTimeRate') => (value: number, r: MemberRow) => (
    <PercentBar label={`${r.name} ${s(key)}`} percent={Math.round(value * 100)} size="small" format={() => percent(value)} />
  );
  const columns = [
    { title: s('member'), dataIndex: 'name', key: 'name', fixed: 'left' as const },
    { title: s('grid'), key: 'grid', render: (_: unknown, r: MemberRow) => r.grid.name },
    ...figures.map((k) =>
      isRate(k)
        ? { title: s(k), dataIndex: k, key: k, width: 160, render: rate(k) }
        : { title: s(k), dataIndex: k, key: k, align: 'right' as const },
    ),
  ];

  const chart: ChartOption | null = data
    ? ({
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 36, bottom: 56 },
        xAxis: { type: 'category', data: data.members.map((m) => m.name), axisLabel: { rotate: 30 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: s('planned'), type: 'bar', data: data.members.map((m) => m.planned), itemStyle: { color: '#8c8c8c' } },
          { name: s('done'), type: 'bar', data: data.members.map((m) => m.done), itemStyle: { color: '#1677ff' } },
        ],
      } as ChartOption)
    : null;

  return (
    <>
      <PageHeader
        title={s('title')}
        extra={
          <DownloadButton
            icon={<FileExcelOutlined />}
            path={api.grid.exportStats.path + buildQuery({ from, to })}
            fileName={`网格员考核-${from}-${to}.xlsx`}
            testId="grid-stats-xlsx"
          >
            {t('common.exportExcel')}
          </DownloadButton>
        }
      />
      <Card size="small">
        <FilterBar>
          <DatePicker.RangePicker
            aria-label={s('period')}
            value={[dayjs(from), dayjs(to)]}
            allowClear={false}
            onChange={(range) =>
              range?.[0] &&
              range[1] &&
              setParams((p) => (p.set('from', range[0]!.format('YYYY-MM-DD')), p.set('to', range[1]!.format('YYYY-MM-DD')), p))
            }
            data-testid="grid-stats-period"
          />
        </FilterBar>
        {!data ? (
          <Spin className="page-spin" />
        ) : (
          <>
            {chart && <Chart option={chart} height={300} testId="grid-stats-chart" />}
            <Table
              rowKey="memberId"
              size="middle"
              columns={columns}
              dataSource={data.members}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="grid-stats-table"
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    {s('total')}
                  </Table.Summary.Cell>
                  {figures.map((k, i) => (
                    <Table.Summary.Cell key={k} index={i + 2} align={isRate(k) ? undefined : 'right'}>
                      {isRate(k) ? percent(data.totals[k]) : data.totals[k]}
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              )}
            />
          </>
        )}
      </Card>
    </>
  );
}
