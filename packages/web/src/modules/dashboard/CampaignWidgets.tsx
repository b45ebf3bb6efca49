import { api, campaign as plan } from '@citysafe/domain';
import { Card, Col, Progress, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan, useUser } from '../../app/session';
import { Chart, type ChartOption } from '../../shared/Chart';
import { useApiQuery } from '../../shared/query';
import { useAssignmentStateLabel } from '../campaign/labels';
import { currentCampaignQuery } from './prefetch';

/** How many units the overdue chart names: the worst first, the rest are on the assessment page. */
const TOP_UNITS = 8;

/** Part colours from not begun to accepted, with 已退回 standing out. */
const partColor: Record<plan.AssignmentStatus, string> = {
  not_started: '#bfbfbf',
  in_progress: '#1d5fbf',
  submitted: '#13c2c2',
  returned: '#fa8c16',
  accepted: '#52c41a',
};

/** 安委办's view of the campaign it runs: how far it is, who is late, and the 督办 still open. */
function OfficeWidgets({ campaign }: { campaign: api.campaign.Campaign }) {
  const { t } = useTranslation();
  const params = { params: { id: campaign.id } };
  const assessment = useApiQuery(api.campaign.getAssessment, params);
  // Open 督办 are those not yet closed: waiting for the unit's answer, or for 安委办 to close them.
  const issued = useApiQuery(api.campaign.listSupervisions, { ...params, query: { status: 'issued', pageSize: 1 } });
  const answered = useApiQuery(api.campaign.listSupervisions, { ...params, query: { status: 'answered', pageSize: 1 } });
  const { total, accepted } = campaign.totals;

  const overdueOption = useMemo<ChartOption>(() => {
    const late = (assessment.data?.items ?? [])
      .filter((u) => u.overdue > 0)
      .sort((a, b) => b.overdue - a.overdue)
      .slice(0, TOP_UNITS);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: late.map((u) => u.orgName) },
      series: [
        {
          type: 'bar',
          name: t('dashboard.overdueParts'),
          data: late.map((u) => u.overdue),
          itemStyle: { color: '#cf1322' },
          barMaxWidth: 18,
        },
      ],
    };
  }, [assessment.data, t]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <Card size="small" title={t('dashboard.progress')} data-testid="widget-progress">
          <Typography.Paragraph ellipsis>{campaign.title}</Typography.Paragraph>
          <Progress
            percent={total ? Math.round((accepted / total) * 100) : 0}
            aria-label={t('dashboard.progressLabel', { accepted, total })}
          />
          <Typography.Text>{t('dashboard.progressLabel', { accepted, total })}</Typography.Text>
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('dashboard.openSupervisions')} data-testid="widget-supervisions">
          <Link to={`/campaign/${campaign.id}/supervisions`}>
            <Statistic value={(issued.data?.total ?? 0) + (answered.data?.total ?? 0)} suffix={t('dashboard.items')} />
          </Link>
          <Typography.Text>
            {t('dashboard.supervisionSplit', { issued: issued.data?.total ?? 0, answered: answered.data?.total ?? 0 })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t('dashboard.overdueByUnit', { count: TOP_UNITS })} data-testid="widget-overdue">
          <Chart option={overdueOption} height={260} testId="chart-overdue-by-unit" />
        </Card>
      </Col>
    </Row>
  );
}

/** A unit's own parts of the campaign, by where each stands. */
function UnitWidgets({ campaign }: { campaign: api.campaign.Campaign }) {
  const { t } = useTranslation();
  const user = useUser();
  const stateLabel = useAssignmentStateLabel();
  const tasks = useApiQuery(api.campaign.listTasks, { params: { id: campaign.id }, query: { orgId: user.orgId, pageSize: 200 } });
  const counts = useMemo(() => {
    const byStatus = new Map<plan.AssignmentStatus, number>();
    for (const task of tasks.data?.items ?? [])
      for (const part of task.responsible) if (part.orgId === user.orgId) byStatus.set(part.status, (byStatus.get(part.status) ?? 0) + 1);
    return plan.assignmentStatuses.map((status) => ({ status, count: byStatus.get(status) ?? 0 }));
  }, [tasks.data, user.orgId]);

  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '45%'],
          label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
          data: counts
            .filter((c) => c.count > 0)
            .map((c) => ({ name: stateLabel(c.status), value: c.count, itemStyle: { color: partColor[c.status] } })),
        },
      ],
    }),
    [counts, stateLabel],
  );
  const total = counts.reduce((sum, c) => sum + c.count, 0);

  return (
    <Card size="small" title={t('dashboard.myParts', { count: total })} data-testid="widget-my-parts">
      <Typography.Paragraph ellipsis>
        <Link to={`/campaign/${campaign.id}/tasks`}>{campaign.title}</Link>
      </Typography.Paragraph>
      <Chart option={option} height={260} testId="chart-my-parts" />
    </Card>
  );
}

/** The widgets under the inbox, fitted to the role: 安委办 runs the campaign, a unit reports on its parts. */
export function CampaignWidgets() {
  const can = useCan();
  const manages = can('campaign.manage');
  const reports = can('campaign.report');
  const campaigns = useApiQuery(api.campaign.listCampaigns, currentCampaignQuery, { enabled: manages || reports });
  const campaign = campaigns.data?.items[0];
  if (!campaign) return null;
  return manages ? <OfficeWidgets campaign={campaign} /> : <UnitWidgets campaign={campaign} />;
}
