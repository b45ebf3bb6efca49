import { FileExcelOutlined, FileZipOutlined } from '@ant-design/icons';
import { api, campaign as plan } from '@citysafe/domain';
import { Button, Card, Select, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { buildPath, buildQuery, isApiError } from '../../shared/api';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx } from '../../shared/exportXlsx';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { type ListColumn, ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { isEnglish } from '../../shared/locale';
import { OrgTreeSelect } from '../../shared/orgs';
import { FilterBar } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { CampaignNav } from './CampaignNav';
import type { CampaignTask } from './data';
import { DeadlineTag, DeadlineText, type DeadlineState, TaskStatusTag, type TaskStatus, UnitTags, useUnitName } from './labels';
import { PercentBar } from '../../shared/PercentBar';

const statuses: TaskStatus[] = ['not_started', 'in_progress', 'submitted', 'accepted'];
const deadlineStates: DeadlineState[] = ['overdue', 'due_soon', 'on_track', 'done', 'unscheduled'];

/** 任务台账: the tasks of a campaign with their units, deadlines and progress, filtered on the server. */
export default function TasksPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const unitName = useUnitName();
  // The ledger's filters and page live in the address, so the overview can link to "逾期" or one unit.
  const list = usePagedList(api.campaign.listTasks, { params: { id } });
  const filters = list.query;
  const campaign = useApiQuery(api.campaign.getCampaign, { params: { id } });

  if (isApiError(campaign.error, 'NOT_FOUND') || isApiError(list.error, 'NOT_FOUND')) return <ErrorPage status={404} />;

  const filter = list.setFilters;
  const statusLabel = (s: TaskStatus) => t(`campaign.taskStatus.${s}`);
  const sectionLabel = (s: { no: number; title: string }) =>
    isEnglish(i18n.language) ? `${t('campaign.sectionNo', { no: s.no })} ${s.title}` : s.title;

  const columns: ListColumn<CampaignTask>[] = [
    { title: t('campaign.seq'), dataIndex: 'seq', width: 60, fixed: 'left' },
    {
      title: t('campaign.section'),
      dataIndex: 'section',
      width: 72,
      responsive: ['lg'],
      // The heading's numeral (一 … 七) keeps the column narrow; the whole heading is on hover.
      render: (section: number, task) => (
        <Tooltip title={task.sectionTitle}>
          <span className="campaign-section-no">
            {isEnglish(i18n.language) ? section : (task.sectionTitle.split('、')[0] ?? task.sectionTitle)}
          </span>
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
    {
      title: t('campaign.deadline'),
      key: 'deadlineEnd',
      width: 124,
      priority: true,
      render: (_, task) => <DeadlineText deadline={task.deadline} />,
    },
    { title: t('common.status'), dataIndex: 'status', width: 84, priority: true, render: (s: TaskStatus) => <TaskStatusTag status={s} /> },
    {
      title: t('campaign.percent'),
      dataIndex: 'percent',
      width: 120,
      render: (p: number) => <PercentBar label={t('campaign.percent')} percent={p} size="small" />,
    },
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
    const rows = await list.fetchAll();
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
            {/* A plain link: the browser saves the streamed zip itself, however large; a unit filter narrows it. */}
            <Button
              icon={<FileZipOutlined />}
              href={buildPath(api.campaign.evidenceZip.path, { id }) + buildQuery({ orgId: filters.orgId })}
              download
              data-testid="evidence-download"
            >
              {t('campaign.downloadEvidence')}
            </Button>
            <ExportButton onExport={onExport} />
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={t('campaign.searchPlaceholder')} testId="task-search" />
          <Select
            aria-label={t('campaign.section')}
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
            aria-label={t('common.status')}
            placeholder={t('common.status')}
            allowClear
            value={filters.status}
            onChange={(status?: TaskStatus) => filter({ status })}
            options={statuses.map((s) => ({ value: s, label: statusLabel(s) }))}
            style={{ width: 120 }}
            data-testid="task-filter-status"
          />
          <Select
            aria-label={t('campaign.deadlineStateLabel')}
            placeholder={t('campaign.deadlineStateLabel')}
            allowClear
            value={filters.deadline}
            onChange={(deadline?: DeadlineState) => filter({ deadline })}
            options={deadlineStates.map((s) => ({ value: s, label: t(`campaign.deadlineState.${s}`) }))}
            style={{ width: 120 }}
            data-testid="task-filter-deadline"
          />
        </FilterBar>
        <PagedTable<CampaignTask> list={list} columns={columns} scroll={{ x: 1100 }} testId="task-table" />
      </Card>
    </>
  );
}
