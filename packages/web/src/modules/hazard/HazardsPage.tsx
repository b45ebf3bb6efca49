import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { api, hazard } from '@citysafe/domain';
import { Button, Card, Checkbox, Empty, Pagination, Select, Space, Spin, Typography } from 'antd';
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
import { useOrgs } from '../../shared/orgs';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { HazardDeadlineTag } from './HazardDeadlineTag';
import { HazardLevelTag, HazardStatusTag, useHazardLabels } from './hazardLabels';

type Hazard = api.hazard.Hazard;
type HazardList = PagedList<typeof api.hazard.listHazards>;

const areaOf = (h: Hazard) => [h.street?.name, h.grid?.name].filter(Boolean).join(' / ');

/** On a phone each hazard is a card: title, level and status first, the deadline and where below. */
function HazardCards({ list }: { list: HazardList }) {
  const { t } = useTranslation();
  const labels = useHazardLabels();
  if (!list.items) return <Spin className="page-spin" />;
  if (list.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div className="hazard-cards" data-testid="hazard-cards">
      {list.items.map((h) => (
        <Card key={h.id} size="small" data-testid="hazard-card">
          <div className="hazard-card-title">
            <Link to={`/hazards/${h.id}`}>{h.title}</Link>
            <HazardLevelTag level={h.level} />
          </div>
          <Typography.Text type="secondary">{[h.code, labels.category(h.category)].filter(Boolean).join(' · ')}</Typography.Text>
          <div>{[h.responsibleOrg.name, h.placeName ?? areaOf(h)].filter(Boolean).join(' · ')}</div>
          <Space wrap size={[4, 4]}>
            <HazardStatusTag status={h.status} />
            <HazardDeadlineTag item={h} />
          </Space>
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
 * 隐患台账: the hazards the caller may see, filtered by status, level, street, category, origin and
 * overdue, searched and sorted (by deadline first of all) on the server with everything in the
 * address; downloaded as the server's xlsx of the same filters. A phone shows cards.
 */
export default function HazardsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const navigate = useNavigate();
  const phone = usePhone();
  const time = useFormatTime();
  const labels = useHazardLabels();
  const list = usePagedList(api.hazard.listHazards);
  const filters = list.query;
  const filter = list.setFilters;
  const { orgs } = useOrgs();
  const streets = orgs.filter((o) => o.type === 'street');

  const columns: ListColumn<Hazard>[] = [
    { title: t('hazard.hazards.code'), dataIndex: 'code', key: 'code', width: 140, fixed: 'left' },
    {
      // A width of its own: beside a fixed column, a column without one is squeezed to a character's width.
      title: t('hazard.hazards.name'),
      dataIndex: 'title',
      key: 'title',
      width: 260,
      render: (title: string, h) => (
        <Link to={`/hazards/${h.id}`} data-testid="hazard-open">
          {title}
        </Link>
      ),
    },
    {
      title: t('hazard.hazards.level'),
      dataIndex: 'level',
      key: 'level',
      width: 130,
      priority: true,
      render: (level: hazard.HazardLevel) => <HazardLevelTag level={level} testId="hazard-level" />,
    },
    {
      title: t('hazard.hazards.status'),
      dataIndex: 'status',
      width: 130,
      priority: true,
      render: (status: hazard.HazardStatus) => <HazardStatusTag status={status} testId="hazard-status" />,
    },
    {
      title: t('hazard.hazards.deadline'),
      dataIndex: 'deadline',
      key: 'deadline',
      width: 200,
      render: (_: string | null, h) => <HazardDeadlineTag item={h} />,
    },
    { title: t('hazard.hazards.unit'), key: 'unit', width: 180, render: (_, h) => h.responsibleOrg.name },
    {
      title: t('hazard.hazards.category'),
      dataIndex: 'category',
      width: 120,
      responsive: ['lg'],
      render: (c: string | null) => labels.category(c),
    },
    {
      title: t('hazard.hazards.origin'),
      dataIndex: 'origin',
      width: 110,
      responsive: ['xl'],
      render: (o: hazard.HazardOrigin) => labels.origin(o),
    },
    {
      title: t('hazard.hazards.street'),
      key: 'street',
      width: 170,
      responsive: ['lg'],
      render: (_, h) => areaOf(h) || t('hazard.hazards.areaUnknown'),
    },
    {
      title: t('hazard.hazards.foundAt'),
      dataIndex: 'foundAt',
      key: 'foundAt',
      width: 160,
      responsive: ['xl'],
      render: (at: string) => time(at),
    },
  ];

  // The export takes the list's filters and sort, not its page.
  const { page: _page, pageSize: _size, ...exportQuery } = filters;

  return (
    <>
      <PageHeader
        title={t('hazard.hazards.title')}
        extra={
          <>
            {can('hazard.report') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/hazards/new')} data-testid="hazard-new">
                {t('hazard.hazards.add')}
              </Button>
            )}
            <DownloadButton
              icon={<FileExcelOutlined />}
              path={api.hazard.exportHazards.path + buildQuery(exportQuery)}
              fileName={`${t('hazard.hazards.exportName')}_${dateStamp()}.xlsx`}
              testId="hazard-export"
            >
              {t('common.exportExcel')}
            </DownloadButton>
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={t('hazard.hazards.searchPlaceholder')} testId="hazard-search" />
          <Select
            aria-label={t('hazard.hazards.status')}
            placeholder={t('hazard.hazards.status')}
            allowClear
            value={filters.status}
            onChange={(status?: hazard.HazardStatus) => filter({ status })}
            options={hazard.hazardStatuses.map((s) => ({ value: s, label: bi(hazard.hazardWorkflow.states[s].label) }))}
            style={{ width: 150 }}
            popupMatchSelectWidth={false}
            data-testid="hazard-filter-status"
          />
          <Select
            aria-label={t('hazard.hazards.level')}
            placeholder={t('hazard.hazards.level')}
            allowClear
            value={filters.level}
            onChange={(level?: hazard.HazardLevel) => filter({ level })}
            options={hazard.hazardLevels.map((l) => ({ value: l, label: labels.level(l) }))}
            style={{ width: 150 }}
            popupMatchSelectWidth={false}
            data-testid="hazard-filter-level"
          />
          {streets.length > 0 && (
            <Select
              aria-label={t('hazard.hazards.street')}
              placeholder={t('hazard.hazards.street')}
              allowClear
              value={filters.streetId}
              onChange={(streetId?: string) => filter({ streetId })}
              options={streets.map((s) => ({ value: s.id, label: s.shortName ?? s.name }))}
              style={{ width: 150 }}
              data-testid="hazard-filter-street"
            />
          )}
          <Select
            aria-label={t('hazard.hazards.category')}
            placeholder={t('hazard.hazards.category')}
            allowClear
            value={filters.category}
            onChange={(category?: hazard.HazardCategoryCode) => filter({ category })}
            options={hazard.hazardCategories.map((c) => ({ value: c.code, label: bi(c.label) }))}
            style={{ width: 150 }}
            popupMatchSelectWidth={false}
            data-testid="hazard-filter-category"
          />
          <Select
            aria-label={t('hazard.hazards.origin')}
            placeholder={t('hazard.hazards.origin')}
            allowClear
            value={filters.origin}
            onChange={(origin?: hazard.HazardOrigin) => filter({ origin })}
            options={hazard.hazardOrigins.map((o) => ({ value: o, label: labels.origin(o) }))}
            style={{ width: 140 }}
            popupMatchSelectWidth={false}
            data-testid="hazard-filter-origin"
          />
          <Checkbox
            checked={filters.overdue === 'true'}
            onChange={(e) => filter({ overdue: e.target.checked ? 'true' : undefined })}
            data-testid="hazard-filter-overdue"
          >
            {t('hazard.hazards.overdueOnly')}
          </Checkbox>
        </FilterBar>
        {phone ? (
          <HazardCards list={list} />
        ) : (
          <PagedTable<Hazard> list={list} columns={columns} scroll={{ x: 1300 }} testId="hazard-table" />
        )}
      </Card>
    </>
  );
}
