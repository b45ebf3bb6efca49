import { FileExcelOutlined } from '@ant-design/icons';
import { api, campaign as plan } from '@citysafe/domain';
import { Card, Input, Progress, Select, Table, type TableColumnsType, type TableProps, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { buildPath, call, isApiError } from '../../shared/api';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx, fetchAllPages } from '../../shared/exportXlsx';
import { isEnglish } from '../../shared/locale';
import { OrgTreeSelect } from '../../shared/orgs';
import { FilterBar } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { CampaignNav } from './CampaignNav';
import type { CampaignTask } from './data';
import { DownloadButton } from './DownloadButton';
import { DeadlineTag, DeadlineText, type DeadlineState, TaskStatusTag, type TaskStatus, UnitTags, useUnitName } from './labels';

/** The ledger's filters (the query's `section` is coerced from text, so its input type is unknown). */
type Filters = { section?: number; orgId?: string; status?: TaskStatus; deadline?: DeadlineState; q?: string };

const statuses: TaskStatus[] = ['not_started', 'in_progress', 'submitted', 'accepted'];
const deadlineStates: DeadlineState[] = ['overdue', 'due_soon', 'on_track', 'done', 'unscheduled'];

/** The ledger's filters and page live in the address, so the overview can link to "逾期" or one unit. */
function useLedgerQuery() {
  const [params, setParams] = useSearchParams();
  const number = (key: string) => (params.get(key) ? Number(params.get(key)) : undefined);
  const filters: Filters = {
    section: number('section'),
    orgId: params.get('orgId') ?? undefined,
    status: (params.get('status') as TaskStatus | null) ?? undefined,
    deadline: (params.get('deadline') as DeadlineState | null) ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const paging = { page: number('page') ?? 1, pageSize: number('pageSize') ?? 20 };
  const update = (patch: Record<string, string | number | undefined>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );
  return { filters, paging, update };
}

/** 任务台账: the tasks of a campaign with their units, deadlines and progress, filtered on the server. */
export default function TasksPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const unitName = useUnitName();
  const { filters, paging, update } = useLedgerQuery();
  const campaign = useApiQuery(api.campaign.getCampaign, { params: { id } });
  const { data, isFetching, error } = useApiQuery(
    api.campaign.listTasks,
    { params: { id }, query: { ...filters, ...paging } },
    { keepPrevious: true },
  );

  if (isApiError(campaign.error, 'NOT_FOUND') || isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;

  const filter = (patch: Filters) => update({ ...patch, page: undefined });
  const statusLabel = (s: TaskStatus) => t(`campaign.taskStatus.${s}`);
  const sectionLabel = (s: { no: number; title: string }) =>
    isEnglish(i18n.language) ? `${t('campaign.sectionNo', { no: s.no })} ${s.title}` : s.title;

  const onChange: TableProps<CampaignTask>['onChange'] = (pagination) =>
    update({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? 20 });

  const columns: TableColumnsType<CampaignTask> = [
    { title: t('campaign.seq'), dataIndex: 'seq', width: 60, fixed: 'left' },
    {
      title: t('campaign.section'),
      dataIndex: 'sectionTitle',
      width: 64,
      responsive: ['lg'],
      // The heading's numeral (一 … 七) keeps the column narrow; the whole heading is on hover.
      render: (title: string, task) => (
        <Tooltip title={title}>
          <span className="campaign-section-no">{isEnglish(i18n.language) ? task.section : (title.split('、')[0] ?? title)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('campaign.content'),
      dataIndex: 'content',
      render: (content: string) => (
        <Typography.Paragraph
          className="campaign-content"
          ellipsis={{
            rows: 2,
            expandable: 'collapsible',
            symbol: (expanded) => (expanded ? t('campaign.collapse') : t('campaign.expand')),
          }}
        >
          {content}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('campaign.responsible'),
      key: 'responsible',
      width: 210,
      render: (_, task) => <UnitTags units={task.responsible} groups={task.responsibleGroups} />,
    },
    { title: t('campaign.deadline'), key: 'deadline', width: 124, render: (_, task) => <DeadlineText deadline={task.deadline} /> },
    { title: t('common.status'), dataIndex: 'status', width: 84, render: (s: TaskStatus) => <TaskStatusTag status={s} /> },
    { title: t('campaign.percent'), dataIndex: 'percent', width: 120, render: (p: number) => <Progress percent={p} size="small" /> },
    {
      title: t('campaign.deadlineStateLabel'),
      dataIndex: 'deadlineState',
      width: 92,
      render: (s: DeadlineState) => <DeadlineTag state={s} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 64,
      fixed: 'right',
      render: (_, task) => (
        <Link to={`/campaign/tasks/${task.id}`} data-testid={`task-open-${task.seq}`}>
          {t('common.detail')}
        </Link>
      ),
    },
  ];

  const onExport = async () => {
    const rows = await fetchAllPages((page, pageSize) =>
      call(api.campaign.listTasks, { params: { id }, query: { ...filters, page, pageSize } }),
    );
    await exportXlsx(
      `${t('campaign.ledgerExportName')}_${dateStamp()}`,
      t('campaign.tabs.tasks'),
      [
        { header: t('campaign.seq'), value: (x: CampaignTask) => x.seq, width: 8 },
        { header: t('campaign.section'), value: (x) => x.sectionTitle, width: 24 },
        { header: t('campaign.content'), value: (x) => x.content, width: 60 },
        { header: t('campaign.responsibleText'), value: (x) => x.responsibleText, width: 30 },
        { header: t('campaign.responsible'), value: (x) => [...x.responsible.map(unitName), ...x.responsibleGroups].join('、'), width: 30 },
        { header: t('campaign.deadline'), value: (x) => x.deadline.text, width: 18 },
        { header: t('campaign.deadlineStart'), value: (x) => x.deadline.start, width: 12 },
        { header: t('campaign.deadlineEnd'), value: (x) => x.deadline.end, width: 12 },
        { header: t('common.status'), value: (x) => statusLabel(x.status), width: 10 },
        { header: t('campaign.percent'), value: (x) => x.percent, width: 8 },
        { header: t('campaign.deadlineStateLabel'), value: (x) => t(`campaign.deadlineState.${x.deadlineState}`), width: 10 },
      ],
      rows,
    );
  };

  return (
    <>
      <CampaignNav
        campaign={campaign.data}
        active="tasks"
        extra={
          <>
            <DownloadButton
              type="primary"
              icon={<FileExcelOutlined />}
              path={buildPath(api.campaign.ledgerXlsx.path, { id })}
              fileName={`${t('campaign.ledgerExportName')}.xlsx`}
              testId="ledger-download"
            >
              {t('campaign.downloadLedger')}
            </DownloadButton>
            <ExportButton onExport={onExport} />
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <Input.Search
            placeholder={t('campaign.searchPlaceholder')}
            allowClear
            defaultValue={filters.q}
            onSearch={(q) => filter({ q: q.trim() || undefined })}
            style={{ width: 240 }}
            data-testid="task-search"
          />
          <Select
            placeholder={t('campaign.section')}
            allowClear
            value={filters.section}
            onChange={(section?: number) => filter({ section })}
            options={plan.campaignSections.map((s) => ({ value: s.no, label: sectionLabel(s) }))}
            style={{ width: 220 }}
            popupMatchSelectWidth={false}
            data-testid="task-filter-section"
          />
          <div style={{ width: 200 }}>
            <OrgTreeSelect
              placeholder={t('campaign.unit')}
              allowClear
              value={filters.orgId}
              onChange={(orgId) => filter({ orgId })}
              data-testid="task-filter-org"
            />
          </div>
          <Select
            placeholder={t('common.status')}
            allowClear
            value={filters.status}
            onChange={(status?: TaskStatus) => filter({ status })}
            options={statuses.map((s) => ({ value: s, label: statusLabel(s) }))}
            style={{ width: 120 }}
            data-testid="task-filter-status"
          />
          <Select
            placeholder={t('campaign.deadlineStateLabel')}
            allowClear
            value={filters.deadline}
            onChange={(deadline?: DeadlineState) => filter({ deadline })}
            options={deadlineStates.map((s) => ({ value: s, label: t(`campaign.deadlineState.${s}`) }))}
            style={{ width: 120 }}
            data-testid="task-filter-deadline"
          />
        </FilterBar>
        <Table<CampaignTask>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items}
          loading={isFetching}
          onChange={onChange}
          scroll={{ x: 1100 }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="task-table"
        />
      </Card>
    </>
  );
}
