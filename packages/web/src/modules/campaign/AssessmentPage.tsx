import { type EndpointOutput, api } from '@citysafe/domain';
import { Alert, Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { isApiError } from '../../shared/api';
import { keyColumnsFirst, usePhone } from '../../shared/list/PagedTable';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx } from '../../shared/exportXlsx';
import { useBi } from '../../shared/locale';
import { useApiQuery } from '../../shared/query';
import { CampaignNav } from './CampaignNav';
import { PercentBar } from '../../shared/PercentBar';

type Row = EndpointOutput<typeof api.campaign.getAssessment>['items'][number];

/**
 * 考核排名: every responsible unit scored on completion and timeliness, less the 督办 notices it
 * needed, with the weights and where they come from.
 */
export default function AssessmentPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const phone = usePhone();
  const { id = '' } = useParams();
  const campaign = useApiQuery(api.campaign.getCampaign, { params: { id } });
  const { data, isPending, error } = useApiQuery(api.campaign.getAssessment, { params: { id } });

  if (isApiError(campaign.error, 'NOT_FOUND') || isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  const rows = data?.items ?? [];

  const columns = keyColumnsFirst<Row>(
    [
      { title: t('campaign.rank'), dataIndex: 'rank', width: 64, fixed: 'left' },
      {
        title: t('campaign.unit'),
        dataIndex: 'orgName',
        priority: true,
        render: (name: string, r) => <Link to={`/campaign/${id}/tasks?orgId=${r.orgId}`}>{name}</Link>,
      },
      { title: t('campaign.assessment.parts'), dataIndex: 'parts', width: 90 },
      { title: t('campaign.stats.accepted'), dataIndex: 'accepted', width: 80 },
      {
        title: t('campaign.completionRate'),
        key: 'rate',
        width: 140,
        render: (_, r) => (
          <PercentBar label={t('campaign.completionRate')} percent={r.parts ? Math.round((r.accepted / r.parts) * 100) : 0} size="small" />
        ),
      },
      {
        title: t('campaign.stats.overdue'),
        dataIndex: 'overdue',
        width: 72,
        render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
      },
      { title: t('campaign.assessment.late'), dataIndex: 'late', width: 90 },
      { title: t('campaign.assessment.overdueDays'), dataIndex: 'overdueDays', width: 90 },
      { title: t('campaign.assessment.supervisions'), dataIndex: 'supervisions', width: 90 },
      {
        title: t('campaign.assessment.score'),
        dataIndex: 'score',
        width: 90,
        priority: true,
        render: (score: number) => <Typography.Text strong>{score}</Typography.Text>,
      },
    ],
    phone,
  );

  const onExport = () =>
    exportXlsx(
      `${t('campaign.assessment.exportName')}_${dateStamp()}`,
      t('campaign.tabs.assessment'),
      [
        { header: t('campaign.rank'), value: (r: Row) => r.rank, width: 8 },
        { header: t('campaign.unit'), value: (r) => r.orgName, width: 20 },
        { header: t('campaign.assessment.parts'), value: (r) => r.parts, width: 10 },
        { header: t('campaign.stats.accepted'), value: (r) => r.accepted, width: 10 },
        { header: t('campaign.stats.overdue'), value: (r) => r.overdue, width: 10 },
        { header: t('campaign.assessment.late'), value: (r) => r.late, width: 12 },
        { header: t('campaign.assessment.overdueDays'), value: (r) => r.overdueDays, width: 12 },
        { header: t('campaign.assessment.supervisions'), value: (r) => r.supervisions, width: 12 },
        { header: t('campaign.assessment.score'), value: (r) => r.score, width: 10 },
      ],
      rows,
    );

  return (
    <>
      <CampaignNav campaign={campaign.data} active="assessment" extra={<ExportButton onExport={onExport} />} />
      {data && (
        <Alert
          type="info"
          showIcon
          className="campaign-note campaign-note-first"
          title={t('campaign.assessment.method', {
            completion: data.weights.completion,
            timeliness: data.weights.timeliness,
            perSupervision: data.weights.perSupervision,
          })}
          description={bi(data.weights.source)}
          data-testid="assessment-weights"
        />
      )}
      <Card size="small" className="campaign-row">
        <Table<Row>
          rowKey="orgId"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={isPending}
          scroll={{ x: 820 }}
          // Every unit on one page: a ranking is read whole (a district has a few dozen units).
          pagination={false}
          data-testid="assessment-table"
        />
      </Card>
    </>
  );
}
