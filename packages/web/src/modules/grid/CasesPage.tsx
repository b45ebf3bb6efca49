import { api, grid } from '@citysafe/domain';
import { Card, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { useFormatTime } from '../../shared/format';
import { type ListColumn, ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useWorkflowLabels } from '../../shared/workflow/labels';
import { useGridText } from './text';

type Row = api.grid.GridCase;

/** 网格事件: grid cases and leads in the caller's reach, filtered by status and kind, overdue ones marked; a row opens the case. */
export default function CasesPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const labels = useWorkflowLabels(grid.gridCaseWorkflow);
  const c = useGridText('cases');
  const list = usePagedList(api.grid.listGridCases);

  const columns: ListColumn<Row>[] = [
    {
      title: c('code'),
      dataIndex: 'code',
      key: 'code',
      fixed: 'left',
      render: (code: string, r) => (
        <Link to={`/grid/cases/${r.id}`} data-testid="grid-case-link">
          {code}
        </Link>
      ),
    },
    { title: c('caseTitle'), dataIndex: 'title', key: 'title' },
    {
      title: c('kind'),
      key: 'kind',
      render: (_: unknown, r) => <Tag color={r.kind === 'lead' ? 'purple' : 'blue'}>{t(`grid.cases.kinds.${r.kind}`)}</Tag>,
    },
    { title: c('category'), dataIndex: 'categoryName', key: 'category' },
    {
      title: c('status'),
      key: 'status',
      priority: true,
      render: (_: unknown, r) => (
        <>
          <Tag>{labels.state(r.status)}</Tag>
          {r.overdue && <Tag color="error">{c('overdue')}</Tag>}
        </>
      ),
    },
    { title: c('grid'), dataIndex: 'gridName', key: 'grid' },
    { title: c('assignedOrg'), key: 'assignedOrg', render: (_: unknown, r) => r.assignedOrg?.name ?? '—' },
    { title: c('deadline'), dataIndex: 'deadline', key: 'deadline', priority: true, render: (d: string | null) => (d ? time(d) : '—') },
    { title: c('createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (d: string) => time(d) },
  ];

  return (
    <>
      <PageHeader title={c('title')} />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={c('search')} />
          <Select
            allowClear
            aria-label={c('status')}
            placeholder={c('allStatuses')}
            style={{ minWidth: 140 }}
            value={list.query.status}
            onChange={(status) => list.setFilters({ status })}
            options={grid.gridCaseStatuses.map((s) => ({ value: s, label: labels.state(s) }))}
            data-testid="grid-case-status"
          />
          <Select
            allowClear
            aria-label={c('kind')}
            placeholder={c('kind')}
            style={{ minWidth: 120 }}
            value={list.query.kind}
            onChange={(kind) => list.setFilters({ kind })}
            options={grid.gridCaseKinds.map((k) => ({ value: k, label: t(`grid.cases.kinds.${k}`) }))}
          />
        </FilterBar>
        <PagedTable list={list} columns={columns} testId="grid-cases" scroll={{ x: 'max-content' }} />
      </Card>
    </>
  );
}
