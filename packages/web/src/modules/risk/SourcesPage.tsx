import { FileExcelOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { api, risk } from '@citysafe/domain';
import { Button, Card, Empty, Pagination, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { buildQuery } from '../../shared/api';
import { dateStamp } from '../../shared/exportXlsx';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useFormatTime } from '../../shared/format';
import { type ListColumn, ListSearch, PagedTable, usePhone } from '../../shared/list/PagedTable';
import { type PagedList, usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { OrgTreeSelect, useOrgs } from '../../shared/orgs';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { SourceStatusTag, useSourceLabels } from './sourceLabels';
import { SourceLevelTag } from './SourceLevelTag';

type Source = api.risk.RiskSource;
type RiskLevel = risk.RiskLevel;
type RiskSourceStatus = risk.RiskSourceStatus;
type SourceList = PagedList<typeof api.risk.listSources>;

/** On a phone each source is a card: name, level and status first, where it is below. */
function SourceCards({ list }: { list: SourceList }) {
  const { t } = useTranslation();
  const labels = useSourceLabels();
  if (!list.items) return <Spin className="page-spin" />;
  if (list.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div className="sources-cards" data-testid="source-cards">
      {list.items.map((s) => (
        <Card key={s.id} size="small" data-testid="source-card">
          <div className="sources-card-title">
            <Link to={`/risk/sources/${s.id}`}>{s.name}</Link>
            <SourceLevelTag level={s.level} none={t('risk.sources.notAssessed')} />
          </div>
          <Typography.Text type="secondary">
            {s.code} · {labels.category(s.category)}
          </Typography.Text>
          <div>{[s.street?.name, s.community?.name, s.grid?.name].filter(Boolean).join(' / ') || t('risk.sources.areaUnknown')}</div>
          <div>
            {s.org.name} <SourceStatusTag status={s.status} />
          </div>
        </Card>
      ))}
      <Pagination
        size="small"
        current={list.query.page}
        pageSize={list.query.pageSize}
        total={list.total}
        onChange={(page, size) => list.setPage(page, size)}
        showTotal={(total) => t('common.total', { total })}
      />
    </div>
  );
}

/**
 * 风险清单: the risk sources the caller may see, filtered by category, level, status, street and
 * unit, searched and sorted on the server with everything in the address; exported as the server's
 * xlsx of the same filters. A phone shows cards instead of a wide table.
 */
export default function SourcesPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const navigate = useNavigate();
  const phone = usePhone();
  const time = useFormatTime();
  const labels = useSourceLabels();
  const list = usePagedList(api.risk.listSources);
  const filters = list.query;
  const filter = list.setFilters;
  const { orgs } = useOrgs();
  const streets = orgs.filter((o) => o.type === 'street');

  const columns: ListColumn<Source>[] = [
    { title: t('risk.sources.code'), dataIndex: 'code', width: 130, fixed: 'left' },
    {
      title: t('risk.sources.name'),
      dataIndex: 'name',
      render: (name: string, s) => (
        <Link to={`/risk/sources/${s.id}`} data-testid="source-open">
          {name}
        </Link>
      ),
    },
    { title: t('risk.sources.category'), dataIndex: 'category', width: 150, render: (c: string) => labels.category(c) },
    {
      title: t('risk.sources.level'),
      dataIndex: 'level',
      width: 110,
      priority: true,
      render: (level: RiskLevel | null) => <SourceLevelTag level={level} none={t('risk.sources.notAssessed')} testId="source-level" />,
    },
    {
      title: t('risk.sources.street'),
      key: 'street',
      width: 180,
      responsive: ['lg'],
      render: (_, s) => [s.street?.name, s.grid?.name].filter(Boolean).join(' / ') || t('risk.sources.areaUnknown'),
    },
    { title: t('risk.sources.unit'), key: 'org', width: 180, render: (_, s) => s.org.name },
    {
      title: t('risk.sources.status'),
      dataIndex: 'status',
      width: 96,
      priority: true,
      render: (status: RiskSourceStatus) => <SourceStatusTag status={status} />,
    },
    { title: t('risk.sources.updatedAt'), dataIndex: 'updatedAt', width: 170, responsive: ['xl'], render: (at: string) => time(at) },
  ];

  // The export takes the list's filters and sort, not its page.
  const { page: _page, pageSize: _size, ...exportQuery } = filters;

  return (
    <>
      <PageHeader
        title={t('risk.sources.title')}
        extra={
          <>
            {can('risk.register') && (
              <>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/risk/sources/new')} data-testid="source-new">
                  {t('risk.sources.add')}
                </Button>
                <Button icon={<UploadOutlined />} onClick={() => navigate('/risk/sources/import')} data-testid="source-import">
                  {t('risk.sources.import')}
                </Button>
              </>
            )}
            <DownloadButton
              icon={<FileExcelOutlined />}
              path={api.risk.exportSources.path + buildQuery(exportQuery)}
              fileName={`${t('risk.sources.exportName')}_${dateStamp()}.xlsx`}
              testId="source-export"
            >
              {t('common.exportExcel')}
            </DownloadButton>
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={t('risk.sources.searchPlaceholder')} testId="source-search" />
          <Select
            aria-label={t('risk.sources.category')}
            placeholder={t('risk.sources.category')}
            allowClear
            value={filters.category}
            onChange={(category?: risk.RiskCategoryCode) => filter({ category })}
            options={risk.riskCategories.map((c) => ({ value: c.code, label: bi(c.label) }))}
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            data-testid="source-filter-category"
          />
          <Select
            aria-label={t('risk.sources.level')}
            placeholder={t('risk.sources.level')}
            allowClear
            value={filters.level}
            onChange={(level?: RiskLevel) => filter({ level })}
            options={risk.riskLevels.map((l) => ({ value: l, label: bi(risk.riskLevelInfo[l].label) }))}
            style={{ width: 130 }}
            data-testid="source-filter-level"
          />
          <Select
            aria-label={t('risk.sources.status')}
            placeholder={t('risk.sources.status')}
            allowClear
            value={filters.status}
            onChange={(status?: RiskSourceStatus) => filter({ status })}
            options={risk.riskSourceStatuses.map((s) => ({ value: s, label: bi(risk.riskSourceWorkflow.states[s].label) }))}
            style={{ width: 120 }}
            data-testid="source-filter-status"
          />
          {streets.length > 0 && (
            <Select
              aria-label={t('risk.sources.street')}
              placeholder={t('risk.sources.street')}
              allowClear
              value={filters.streetId}
              onChange={(streetId?: string) => filter({ streetId })}
              options={streets.map((s) => ({ value: s.id, label: s.shortName ?? s.name }))}
              style={{ width: 150 }}
              data-testid="source-filter-street"
            />
          )}
          <div style={{ width: 200 }}>
            <OrgTreeSelect
              placeholder={t('risk.sources.unit')}
              allowClear
              value={filters.orgId}
              onChange={(orgId) => filter({ orgId })}
              data-testid="source-filter-org"
            />
          </div>
        </FilterBar>
        {phone ? (
          <SourceCards list={list} />
        ) : (
          <PagedTable<Source> list={list} columns={columns} scroll={{ x: 1100 }} testId="source-table" />
        )}
      </Card>
    </>
  );
}
