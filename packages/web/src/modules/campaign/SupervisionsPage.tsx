import { api, campaign as plan } from '@citysafe/domain';
import { Card, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { isApiError } from '../../shared/api';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx } from '../../shared/exportXlsx';
import { useFormatTime } from '../../shared/format';
import { OrgTreeSelect } from '../../shared/orgs';
import { type ListColumn, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { FilterBar } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { BulletinsCard } from './BulletinsCard';
import { CampaignNav } from './CampaignNav';
import { solidTagColor } from './labels';
import { type Supervision, type SupervisionStatus, SupervisionStatusTag, useSupervisionLabels } from './supervision';

/**
 * 督办通报: the numbered supervision notices of a campaign (a unit sees those addressed to it), and
 * for 安委办 the periodic 工作通报 as a Word document.
 */
export default function SupervisionsPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const labels = useSupervisionLabels();
  const { id = '' } = useParams();
  const list = usePagedList(api.campaign.listSupervisions, { params: { id } });
  const filters = list.query;
  const filter = list.setFilters;
  const campaign = useApiQuery(api.campaign.getCampaign, { params: { id } });

  if (isApiError(campaign.error, 'NOT_FOUND') || isApiError(list.error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  const manages = campaign.data?.allowedActions.includes('manage') ?? false;

  const columns: ListColumn<Supervision>[] = [
    {
      title: t('campaign.supervision.docNo'),
      dataIndex: 'docNo',
      width: 200,
      render: (docNo: string, s) => (
        <Link to={`/campaign/supervisions/${s.id}`} data-testid="supervision-open">
          {docNo}
        </Link>
      ),
    },
    {
      title: t('campaign.supervision.task'),
      dataIndex: 'taskSeq',
      width: 90,
      render: (seq: number, s) => <Link to={`/campaign/tasks/${s.taskId}`}>{t('campaign.taskTitle', { seq })}</Link>,
    },
    { title: t('campaign.unit'), dataIndex: 'orgName', width: 120 },
    {
      title: t('campaign.supervision.content'),
      dataIndex: 'content',
      render: (content: string) => (
        <Typography.Paragraph className="campaign-content" ellipsis={{ rows: 2, tooltip: content }}>
          {content}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('campaign.supervision.responseDue'),
      dataIndex: 'responseDue',
      width: 140,
      priority: true,
      render: (due: string, s) => (
        <>
          {due}
          {s.overdue && (
            <Tag color={solidTagColor.red} variant="solid" className="campaign-tag-after">
              {t('campaign.supervision.overdue')}
            </Tag>
          )}
        </>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      priority: true,
      render: (s: SupervisionStatus) => <SupervisionStatusTag status={s} />,
    },
    { title: t('campaign.supervision.issuedAt'), dataIndex: 'createdAt', width: 170, render: time, responsive: ['lg'] },
  ];

  const onExport = async () => {
    const rows = await list.fetchAll();
    await exportXlsx(
      `${t('campaign.supervision.exportName')}_${dateStamp()}`,
      t('campaign.tabs.supervisions'),
      [
        { header: t('campaign.supervision.docNo'), value: (s: Supervision) => s.docNo, width: 26 },
        { header: t('campaign.seq'), value: (s) => s.taskSeq, width: 8 },
        { header: t('campaign.unit'), value: (s) => s.orgName, width: 16 },
        { header: t('campaign.supervision.content'), value: (s) => s.content, width: 50 },
        { header: t('campaign.supervision.responseDue'), value: (s) => s.responseDue, width: 12 },
        { header: t('common.status'), value: (s) => labels.state(s.status), width: 10 },
        { header: t('campaign.supervision.overdue'), value: (s) => (s.overdue ? t('common.yes') : t('common.no')), width: 8 },
        { header: t('campaign.supervision.response'), value: (s) => s.response, width: 50 },
        { header: t('campaign.supervision.issuedBy'), value: (s) => s.issuedBy, width: 14 },
        { header: t('campaign.supervision.issuedAt'), value: (s) => time(s.createdAt), width: 22 },
        { header: t('campaign.supervision.answeredAt'), value: (s) => time(s.answeredAt), width: 22 },
      ],
      rows,
    );
  };

  return (
    <>
      <CampaignNav
        campaign={campaign.data}
        active="supervisions"
        extra={
          <>
            <ExportButton onExport={onExport} />
          </>
        }
      />
      {manages && <BulletinsCard campaignId={id} />}
      <Card size="small">
        <Typography.Paragraph type="secondary">
          {manages ? t('campaign.supervision.introManage') : t('campaign.supervision.intro')}
        </Typography.Paragraph>
        <FilterBar>
          <Select
            aria-label={t('common.status')}
            placeholder={t('common.status')}
            allowClear
            value={filters.status}
            onChange={(status?: SupervisionStatus) => filter({ status })}
            options={plan.supervisionStatuses.map((s) => ({ value: s, label: labels.state(s) }))}
            style={{ width: 140 }}
          />
          {manages && (
            <div style={{ width: 220 }}>
              <OrgTreeSelect placeholder={t('campaign.unit')} allowClear value={filters.orgId} onChange={(orgId) => filter({ orgId })} />
            </div>
          )}
        </FilterBar>
        <PagedTable<Supervision>
          list={list}
          columns={columns}
          scroll={{ x: 960 }}
          locale={{ emptyText: <Typography.Text type="secondary">{t('campaign.supervision.empty')}</Typography.Text> }}
          testId="supervision-table"
        />
      </Card>
    </>
  );
}
