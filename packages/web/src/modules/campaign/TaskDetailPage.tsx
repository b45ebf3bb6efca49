import { AlertOutlined, ArrowLeftOutlined, CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { api, campaign as plan } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Row, Spin, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { call, isApiError } from '../../shared/api';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { ActionModal } from '../../shared/workflow/ActionModal';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { AssignmentCard, type PartDialog } from './AssignmentCard';
import { type TaskChange, type TaskDetail, campaignPathPrefix } from './data';
import { ExtensionModal } from './ExtensionModal';
import { IssueSupervisionModal } from './IssueSupervisionModal';
import { DeadlineTag, DeadlineText, TaskStatusTag, UnitTags, targetText, useUnitName } from './labels';
import { ProgressModal } from './ProgressModal';
import { PercentBar } from '../../shared/PercentBar';

type Target = TaskDetail['targets'][number];

/** 量化指标: each target with the latest value each unit reported against it, met ✓ or not ✗. */
function Targets({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const unitName = useUnitName();
  const latest = (assignment: TaskDetail['assignments'][number], index: number) => {
    for (let i = assignment.reports.length - 1; i >= 0; i--) {
      const value = assignment.reports[i]!.indicatorValues.find((v) => v.target === index);
      if (value) return value;
    }
    return undefined;
  };
  const rows = task.targets.map((target, index) => ({ ...target, index }));
  const columns: TableColumnsType<Target & { index: number }> = [
    { title: t('campaign.indicator'), dataIndex: 'name', width: 220 },
    { title: t('campaign.targetValue'), key: 'target', width: 110, render: (_, target) => targetText(target) },
    ...task.assignments.map((a) => ({
      title: unitName(a),
      key: a.id,
      width: 140,
      render: (_: unknown, target: Target & { index: number }) => {
        const value = latest(a, target.index);
        if (!value) return <Typography.Text type="secondary">{t('campaign.notReported')}</Typography.Text>;
        return (
          <span data-testid="target-value">
            {value.value}
            {target.unit}{' '}
            {value.met ? (
              <CheckOutlined className="campaign-met" aria-label={t('campaign.met')} />
            ) : (
              <CloseOutlined className="campaign-unmet" aria-label={t('campaign.unmet')} />
            )}
          </span>
        );
      },
    })),
  ];
  return (
    <Card size="small" title={t('campaign.targets')} className="campaign-row" data-testid="task-targets">
      <Table rowKey="index" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} />
    </Card>
  );
}

/** 任务详情: the task as the plan words it, its targets, and each responsible unit's part with its work. */
export default function TaskDetailPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { taskId = '' } = useParams();
  const [dialog, setDialog] = useState<PartDialog | null>(null);
  const input = { params: { id: taskId } };
  const { data: task, error, isPending } = useApiQuery(api.campaign.getTask, input);
  const campaign = useApiQuery(api.campaign.getCampaign, { params: { id: task?.campaignId ?? '' } }, { enabled: !!task });
  const [issuing, setIssuing] = useState(false);

  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (isPending || !task) return <Spin size="large" className="page-spin" />;

  // The parts the caller can act on come first: a unit finds its own part at the top on a phone,
  // 安委办 the parts waiting for its decision.
  const parts = [...task.assignments].sort((x, y) => Number(y.allowedActions.length > 0) - Number(x.allowedActions.length > 0));

  const onDone = (change: TaskChange) => {
    // An action on a part answers only what it changed; the invalidation below reads the task again.
    if ('assignments' in change) client.setQueryData(apiKey(api.campaign.getTask, input), change);
    setDialog(null);
    // Totals, the ledger, the overview and this task change with every step of a part.
    void invalidatePaths(client, campaignPathPrefix);
  };

  return (
    <>
      <PageHeader
        title={t('campaign.taskTitle', { seq: task.seq })}
        extra={
          <>
            {/* 督办 is 安委办's: the campaign says whether the caller runs it. */}
            {campaign.data?.allowedActions.includes('manage') && task.assignments.length > 0 && (
              <Button icon={<AlertOutlined />} onClick={() => setIssuing(true)} data-testid="supervision-issue">
                {t('campaign.supervision.issue')}
              </Button>
            )}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/campaign/${task.campaignId}/tasks`)} data-testid="task-back">
              {t('campaign.backToLedger')}
            </Button>
          </>
        }
      />
      <Card size="small" data-testid="task-detail">
        <Typography.Paragraph className="campaign-task-content" data-testid="task-content">
          {task.content}
        </Typography.Paragraph>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'section', label: t('campaign.section'), children: task.sectionTitle },
            { key: 'deadline', label: t('campaign.deadline'), children: <DeadlineText deadline={task.deadline} /> },
            {
              key: 'range',
              label: t('campaign.deadlineRange'),
              children:
                task.deadline.start && task.deadline.end
                  ? t('campaign.range', { start: task.deadline.start, end: task.deadline.end })
                  : t('campaign.noRange'),
            },
            { key: 'status', label: t('common.status'), children: <TaskStatusTag status={task.status} /> },
            { key: 'deadlineState', label: t('campaign.deadlineStateLabel'), children: <DeadlineTag state={task.deadlineState} /> },
            {
              key: 'percent',
              label: t('campaign.percent'),
              children: (
                <PercentBar label={t('campaign.percent')} percent={task.percent} size="small" className="campaign-inline-progress" />
              ),
            },
            { key: 'responsibleText', label: t('campaign.responsibleText'), children: task.responsibleText, span: { xs: 1, sm: 2, lg: 3 } },
            {
              key: 'units',
              label: t('campaign.responsible'),
              children: <UnitTags units={task.responsible} groups={task.responsibleGroups} />,
              span: { xs: 1, sm: 2, lg: 3 },
            },
          ]}
        />
      </Card>
      {task.targets.length > 0 && <Targets task={task} />}
      <Typography.Title level={5} className="campaign-parts-title">
        {t('campaign.parts', { count: task.assignments.length })}
      </Typography.Title>
      {task.assignments.length === 0 ? (
        <Card size="small">
          <Typography.Text type="secondary">{t('campaign.noParts')}</Typography.Text>
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {parts.map((a) => (
            <Col key={a.id} xs={24} xl={task.assignments.length > 1 ? 12 : 24}>
              <AssignmentCard task={task} assignment={a} onDialog={setDialog} onDone={onDone} />
            </Col>
          ))}
        </Row>
      )}
      {dialog?.kind === 'progress' && (
        <ProgressModal task={task} assignment={dialog.assignment} action={dialog.action} onDone={onDone} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'reason' && (
        <ActionModal
          action={plan.assignmentWorkflow.actions[dialog.action]}
          title={t('campaign.reasonTitle', {
            action: bi(plan.assignmentWorkflow.actions[dialog.action].label),
            unit: dialog.assignment.orgName,
          })}
          danger={dialog.action === 'return'}
          intro={dialog.action === 'return' ? t('campaign.returnHelp') : t('campaign.reopenHelp')}
          onSubmit={(body) => call(api.campaign.assignmentAction, { params: { id: dialog.assignment.id, action: dialog.action }, body })}
          onDone={onDone}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'refuseExtension' && (
        <ActionModal
          action={plan.extensionWorkflow.actions.refuse}
          title={t('campaign.refuseTitle', { unit: dialog.assignment.orgName })}
          danger
          onSubmit={(body) => call(api.campaign.extensionAction, { params: { id: dialog.extensionId, action: 'refuse' }, body })}
          onDone={onDone}
          onClose={() => setDialog(null)}
        />
      )}
      {issuing && <IssueSupervisionModal task={task} onClose={() => setIssuing(false)} />}
      {dialog?.kind === 'extension' && <ExtensionModal assignment={dialog.assignment} onDone={onDone} onClose={() => setDialog(null)} />}
    </>
  );
}
