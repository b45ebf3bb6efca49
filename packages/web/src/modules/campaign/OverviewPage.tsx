import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  FileDoneOutlined,
  PlayCircleOutlined,
  ProfileOutlined,
  QuestionCircleOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { api, campaign as plan } from '@citysafe/domain';
import { Alert, Card, Col, Row, Spin, Statistic, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { isApiError } from '../../shared/api';
import { Chart, type ChartOption } from '../../shared/Chart';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx } from '../../shared/exportXlsx';
import { isEnglish } from '../../shared/locale';
import { useApiQuery } from '../../shared/query';
import { CampaignNav } from './CampaignNav';
import {
  type Campaign,
  type CampaignTask,
  type SectionStat,
  isOverdue,
  sectionStats,
  shanghaiToday,
  taskStatusOrder,
  useAllTasks,
} from './data';
import { DeadlineText, UnitTags, statusChartColor, useUnitName } from './labels';
import { PhaseTimeline } from './PhaseTimeline';
import { PercentBar } from '../../shared/PercentBar';

/** One headline number; a click opens the ledger filtered to those tasks. */
function BigNumber({
  title,
  value,
  icon,
  color,
  to,
  testId,
}: {
  title: string;
  value: number | undefined;
  icon: ReactNode;
  color?: string;
  to: string;
  testId: string;
}) {
  return (
    <Card size="small" hoverable className="campaign-stat">
      <Link to={to} data-testid={testId}>
        <Statistic title={title} value={value ?? '—'} prefix={icon} styles={{ content: color ? { color } : {} }} />
      </Link>
    </Card>
  );
}

function BigNumbers({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const { totals } = campaign;
  const ledger = `/campaign/${campaign.id}/tasks`;
  const items = [
    { key: 'total', title: t('campaign.stats.total'), value: totals.total, icon: <ProfileOutlined />, to: ledger },
    {
      key: 'accepted',
      title: t('campaign.stats.accepted'),
      value: totals.accepted,
      icon: <CheckCircleOutlined />,
      color: '#237804',
      to: `${ledger}?status=accepted`,
    },
    {
      key: 'in_progress',
      title: t('campaign.stats.inProgress'),
      value: totals.in_progress,
      icon: <PlayCircleOutlined />,
      color: '#1d5fbf',
      to: `${ledger}?status=in_progress`,
    },
    {
      key: 'submitted',
      title: t('campaign.stats.submitted'),
      value: totals.submitted,
      icon: <FileDoneOutlined />,
      color: '#08979c',
      to: `${ledger}?status=submitted`,
    },
    {
      key: 'not_started',
      title: t('campaign.stats.notStarted'),
      value: totals.not_started,
      icon: <ClockCircleOutlined />,
      to: `${ledger}?status=not_started`,
    },
    {
      key: 'overdue',
      title: t('campaign.stats.overdue'),
      value: totals.overdue,
      icon: <WarningOutlined />,
      color: '#cf1322',
      to: `${ledger}?deadline=overdue`,
    },
  ];
  return (
    <Row gutter={[12, 12]}>
      {items.map((i) => (
        <Col key={i.key} xs={12} sm={8} xl={4}>
          <BigNumber title={i.title} value={i.value} icon={i.icon} color={i.color} to={i.to} testId={`campaign-stat-${i.key}`} />
        </Col>
      ))}
    </Row>
  );
}

/** A stacked bar per row (section or unit), one colour per task status. */
function useStatusBars(rows: { label: string; counts: Record<(typeof taskStatusOrder)[number], number> }[]): ChartOption {
  const { t } = useTranslation();
  return useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, itemWidth: 14, itemHeight: 10 },
      grid: { left: 8, right: 24, top: 32, bottom: 4, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { width: 150, overflow: 'truncate' } },
      series: taskStatusOrder.map((status) => ({
        type: 'bar',
        stack: 'tasks',
        name: t(`campaign.taskStatus.${status}`),
        data: rows.map((r) => r.counts[status]),
        itemStyle: { color: statusChartColor[status] },
        barMaxWidth: 18,
      })),
    }),
    [rows, t],
  );
}

function SectionChart({ stats }: { stats: SectionStat[] }) {
  const { t, i18n } = useTranslation();
  const rows = useMemo(
    // The plan's headings are Chinese only; English readers get the section number.
    () => stats.map((s) => ({ label: isEnglish(i18n.language) ? t('campaign.sectionNo', { no: s.no }) : s.title, counts: s.counts })),
    [stats, i18n.language, t],
  );
  const option = useStatusBars(rows);
  return <Chart option={option} height={Math.max(260, rows.length * 34 + 50)} testId="chart-sections" />;
}

function UnitChart({ stats }: { stats: plan.UnitProgress[] }) {
  // The chart shows where the work lies, so units with the most tasks come first; the table ranks.
  const rows = useMemo(() => [...stats].sort((a, b) => b.total - a.total).map((s) => ({ label: s.orgName, counts: s.counts })), [stats]);
  const option = useStatusBars(rows);
  return <Chart option={option} height={Math.max(260, rows.length * 24 + 50)} testId="chart-units" />;
}

function UnitRanking({ campaign, stats }: { campaign: Campaign; stats: plan.UnitProgress[] }) {
  const { t } = useTranslation();
  const ranked = stats.map((s, i) => ({ ...s, rank: i + 1 }));
  const columns: TableColumnsType<(typeof ranked)[number]> = [
    { title: t('campaign.rank'), dataIndex: 'rank', width: 64 },
    {
      title: t('campaign.unit'),
      dataIndex: 'orgName',
      render: (name: string, s) => <Link to={`/campaign/${campaign.id}/tasks?orgId=${s.orgId}`}>{name}</Link>,
    },
    { title: t('campaign.taskCount'), dataIndex: 'total', width: 80 },
    { title: t('campaign.stats.accepted'), key: 'accepted', width: 80, render: (_, s) => s.counts.accepted },
    {
      title: t('campaign.completionRate'),
      dataIndex: 'rate',
      width: 120,
      render: (rate: number) => <PercentBar label={t('campaign.completionRate')} percent={Math.round(rate * 100)} size="small" />,
    },
    {
      title: t('campaign.stats.overdue'),
      dataIndex: 'overdue',
      width: 72,
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
    },
  ];
  const onExport = () =>
    exportXlsx(
      `${t('campaign.rankingExportName')}_${dateStamp()}`,
      t('campaign.ranking'),
      [
        { header: t('campaign.rank'), value: (s: (typeof ranked)[number]) => s.rank, width: 8 },
        { header: t('campaign.unit'), value: (s) => s.orgName, width: 24 },
        { header: t('campaign.taskCount'), value: (s) => s.total, width: 10 },
        { header: t('campaign.stats.accepted'), value: (s) => s.counts.accepted, width: 10 },
        { header: t('campaign.stats.submitted'), value: (s) => s.counts.submitted, width: 10 },
        { header: t('campaign.stats.inProgress'), value: (s) => s.counts.in_progress, width: 10 },
        { header: t('campaign.stats.notStarted'), value: (s) => s.counts.not_started, width: 10 },
        { header: t('campaign.completionRate'), value: (s) => `${Math.round(s.rate * 100)}%`, width: 10 },
        { header: t('campaign.stats.overdue'), value: (s) => s.overdue, width: 10 },
      ],
      ranked,
    );
  return (
    <Card size="small" title={t('campaign.ranking')} extra={<ExportButton onExport={onExport} />} data-testid="campaign-ranking">
      <Table
        rowKey="orgId"
        size="small"
        columns={columns}
        dataSource={ranked}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 15, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) }}
      />
    </Card>
  );
}

function OverdueList({ tasks }: { tasks: CampaignTask[] }) {
  const { t } = useTranslation();
  const unitName = useUnitName();
  const columns: TableColumnsType<CampaignTask> = [
    { title: t('campaign.seq'), dataIndex: 'seq', width: 64 },
    {
      title: t('campaign.content'),
      dataIndex: 'content',
      render: (content: string, task) => (
        <Link to={`/campaign/tasks/${task.id}`} className="campaign-overdue-link">
          {content}
        </Link>
      ),
    },
    { title: t('campaign.responsible'), key: 'units', width: 200, render: (_, task) => <UnitTags units={task.responsible} /> },
    { title: t('campaign.deadline'), key: 'deadline', width: 130, render: (_, task) => <DeadlineText deadline={task.deadline} /> },
    {
      title: t('campaign.percent'),
      dataIndex: 'percent',
      width: 120,
      render: (p: number) => <PercentBar label={t('campaign.percent')} percent={p} size="small" />,
    },
  ];
  const onExport = () =>
    exportXlsx(
      `${t('campaign.overdueExportName')}_${dateStamp()}`,
      t('campaign.overdueList'),
      [
        { header: t('campaign.seq'), value: (x: CampaignTask) => x.seq, width: 8 },
        { header: t('campaign.section'), value: (x) => x.sectionTitle, width: 24 },
        { header: t('campaign.content'), value: (x) => x.content, width: 60 },
        { header: t('campaign.responsible'), value: (x) => x.responsible.map(unitName).join('、'), width: 30 },
        { header: t('campaign.deadline'), value: (x) => x.deadline.text, width: 18 },
        { header: t('campaign.deadlineEnd'), value: (x) => x.deadline.end, width: 14 },
        { header: t('campaign.percent'), value: (x) => x.percent, width: 10 },
      ],
      tasks,
    );
  return (
    <Card size="small" title={t('campaign.overdueList')} extra={<ExportButton onExport={onExport} />} data-testid="campaign-overdue">
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={tasks}
        // An empty table that scrolls sideways is a scroll region a keyboard cannot reach (WCAG 2.1.1).
        scroll={tasks.length ? { x: 720 } : undefined}
        locale={{ emptyText: <Typography.Text type="secondary">{t('campaign.noOverdue')}</Typography.Text> }}
        pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
      />
    </Card>
  );
}

/** 创建工作概览: headline numbers, completion by section and by unit, phases, overdue tasks, ranking. */
export default function OverviewPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const campaign = useApiQuery(api.campaign.getCampaign, { params: { id } });
  const tasks = useAllTasks(id);
  const schedule = useApiQuery(api.campaign.getSchedule, { params: { id } });
  const all = useMemo(() => tasks.data ?? [], [tasks.data]);
  const sections = useMemo(() => sectionStats(all), [all]);
  // A unit charts and ranks its own parts: the other units' parts of the tasks it shares would be a partial count of theirs.
  const units = useMemo(
    () => plan.unitProgress(all.map((task) => ({ ...task, responsible: task.responsible.filter((r) => r.mine) }))),
    [all],
  );
  const overdue = useMemo(() => all.filter(isOverdue), [all]);
  const spans = schedule.data?.phases ?? [];

  if (isApiError(campaign.error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  const c = campaign.data;
  // A unit's numbers, charts and lists all count its own parts: the note says so, and how many tasks the plan has.
  const partial = c?.totals.scope === 'unit';

  return (
    <>
      <CampaignNav campaign={c} active="overview" />
      {!c ? (
        <Spin size="large" className="page-spin" />
      ) : (
        <>
          <BigNumbers campaign={c} />
          {partial && (
            <Alert
              className="campaign-note"
              type="info"
              showIcon
              title={t('campaign.partialNote', { count: c.totals.total, total: c.totals.planTasks })}
            />
          )}
          <Row gutter={[16, 16]} className="campaign-row">
            <Col xs={24} xl={12}>
              <Card size="small" title={t('campaign.bySection')} loading={tasks.isPending}>
                <SectionChart stats={sections} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('campaign.phases')} loading={schedule.isPending} data-testid="campaign-phases">
                <PhaseTimeline spans={spans} shiftYears={c.shiftYears} today={shanghaiToday()} />
                <Typography.Paragraph type="secondary" className="campaign-issued">
                  {t('campaign.issued', { no: c.documentNo, date: c.issuedOn })}
                  {c.planningYear ? ` · ${t('campaign.planningYearIs', { year: c.planningYear })}` : ''}
                </Typography.Paragraph>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={t('campaign.byUnit')}
                loading={tasks.isPending}
                extra={
                  <Tooltip title={t('campaign.byUnitHelp')}>
                    <QuestionCircleOutlined className="campaign-help" />
                  </Tooltip>
                }
              >
                <UnitChart stats={units} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <UnitRanking campaign={c} stats={units} />
            </Col>
            <Col xs={24}>
              <OverdueList tasks={overdue} />
            </Col>
          </Row>
        </>
      )}
    </>
  );
}
