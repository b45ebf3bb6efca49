import { CheckOutlined, CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import { type Bilingual, api, campaign as plan } from '@citysafe/domain';
import { Alert, App, Button, Card, Collapse, Descriptions, Empty, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { fileUrl } from '../../shared/files/files';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import type { Assignment, TaskChange, TaskDetail } from './data';
import { AssignmentStatusTag, DeadlineTag, useUnitName } from './labels';
import { PercentBar } from '../../shared/PercentBar';

/** What a button of a unit's part opens; the page shows the matching dialog. */
export type PartDialog =
  | { kind: 'progress'; assignment: Assignment; action: 'report' | 'submit' }
  | { kind: 'reason'; assignment: Assignment; action: 'return' | 'reopen' }
  | { kind: 'extension'; assignment: Assignment }
  | { kind: 'refuseExtension'; assignment: Assignment; extensionId: string };

const actionLabelOf = (action: string): Bilingual | undefined =>
  (plan.assignmentWorkflow.actions as Record<string, { label: Bilingual } | undefined>)[action]?.label;

const extensionStateLabel = (state: string): Bilingual | undefined =>
  (plan.extensionWorkflow.states as Record<string, { label: Bilingual } | undefined>)[state]?.label;

const kib = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function Reports({ task, assignment }: { task: TaskDetail; assignment: Assignment }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  if (assignment.reports.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaign.noReports')} />;
  return (
    <div className="campaign-reports" data-testid="report-list">
      {[...assignment.reports].reverse().map((r) => (
        <div key={r.id} className="campaign-report" data-testid="report-item">
          <div className="campaign-report-head">
            <Tag color={r.kind === 'submit' ? 'cyan' : 'blue'}>{t(`campaign.reportKind.${r.kind}`)}</Tag>
            <Typography.Text strong>{r.authorName}</Typography.Text>
            <Typography.Text type="secondary">{time(r.createdAt)}</Typography.Text>
            <Typography.Text type="secondary">{t('campaign.percentIs', { percent: r.percent })}</Typography.Text>
          </div>
          <Typography.Paragraph className="campaign-report-text">{r.text}</Typography.Paragraph>
          {r.indicatorValues.length > 0 && (
            <ul className="campaign-indicators">
              {r.indicatorValues.map((v) => {
                const target = task.targets[v.target];
                return (
                  <li key={v.target}>
                    {target?.name ?? `#${v.target + 1}`}：{v.value}
                    {target?.unit} {v.met ? <CheckOutlined className="campaign-met" /> : <CloseOutlined className="campaign-unmet" />}
                  </li>
                );
              })}
            </ul>
          )}
          {r.files.length > 0 && (
            <div className="campaign-files">
              {r.files.map((f) => (
                <a key={f.id} href={fileUrl(f.id)} download={f.name} data-testid="report-file">
                  <PaperClipOutlined /> {f.name} <span className="campaign-file-size">({kib(f.sizeBytes)})</span>
                </a>
              ))}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

const partColor = (to: string) => ({ accepted: 'green', returned: 'red', submitted: 'cyan' })[to] ?? 'blue';

function PartTimeline({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  return (
    <WorkflowTimeline
      entries={assignment.timeline}
      workflow={plan.assignmentWorkflow}
      color={(entry) => partColor(entry.toState)}
      details={(entry) => typeof entry.input.percent === 'number' && <div>{t('campaign.percentIs', { percent: entry.input.percent })}</div>}
      testId="assignment-timeline"
    />
  );
}

function Extensions({
  assignment,
  onApprove,
  onRefuse,
}: {
  assignment: Assignment;
  onApprove: (id: string) => Promise<void>;
  onRefuse: (id: string) => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  if (assignment.extensions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaign.noExtensions')} />;
  return (
    <div className="campaign-reports" data-testid="extension-list">
      {[...assignment.extensions].reverse().map((e) => {
        const label = extensionStateLabel(e.status);
        return (
          <div key={e.id} className="campaign-report" data-testid="extension-item">
            <div className="campaign-report-head">
              <Tag color={{ requested: 'orange', approved: 'green', refused: 'red' }[e.status]}>{label ? bi(label) : e.status}</Tag>
              <Typography.Text strong>{t('campaign.extendTo', { date: e.requestedEnd })}</Typography.Text>
              {e.late && (
                <Tooltip title={t('campaign.lateExtensionHint')}>
                  <Tag color="red" data-testid="extension-late">
                    {t('campaign.lateExtension')}
                  </Tag>
                </Tooltip>
              )}
              <Typography.Text type="secondary">
                {e.requestedBy} · {time(e.createdAt)}
              </Typography.Text>
              {e.decidedBy && <Typography.Text type="secondary">{t('campaign.decidedBy', { name: e.decidedBy })}</Typography.Text>}
            </div>
            <Typography.Paragraph className="campaign-report-text">{t('campaign.reasonText', { reason: e.reason })}</Typography.Paragraph>
            {(e.allowedActions.includes('approve') || e.allowedActions.includes('refuse')) && (
              <Space wrap>
                {e.allowedActions.includes('approve') && (
                  <Popconfirm
                    title={t('campaign.approveConfirm', { date: e.requestedEnd })}
                    onConfirm={() => onApprove(e.id)}
                    okText={t('common.yes')}
                    cancelText={t('common.no')}
                  >
                    <Button size="small" type="primary" data-testid="extension-approve">
                      {bi(plan.extensionWorkflow.actions.approve.label)}
                    </Button>
                  </Popconfirm>
                )}
                {e.allowedActions.includes('refuse') && (
                  <Button size="small" danger onClick={() => onRefuse(e.id)} data-testid="extension-refuse">
                    {bi(plan.extensionWorkflow.actions.refuse.label)}
                  </Button>
                )}
              </Space>
            )}
          </div>
        );
      })}
    </div>
  );
}

/**
 * One unit's part of a task: its state, progress and deadline, the buttons its allowedActions
 * permit, and its reports, extension requests and timeline.
 */
export function AssignmentCard({
  task,
  assignment,
  onDialog,
  onDone,
}: {
  task: TaskDetail;
  assignment: Assignment;
  onDialog: (dialog: PartDialog) => void;
  onDone: (change: TaskChange) => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const unitName = useUnitName();
  const a = assignment;
  const can = (action: Assignment['allowedActions'][number]) => a.allowedActions.includes(action);
  const label = (action: string) => {
    const l = actionLabelOf(action);
    return l ? bi(l) : action;
  };
  const showError = useShowError();
  const { message } = App.useApp();
  const decide = async (run: () => Promise<TaskChange>, done: string) => {
    try {
      onDone(await run());
      message.success(t('campaign.actionDone', { action: done }));
    } catch (error) {
      showError(error);
    }
  };
  const accept = () =>
    decide(() => call(api.campaign.assignmentAction, { params: { id: a.id, action: 'accept' }, body: {} }), label('accept'));
  const approve = (extensionId: string) =>
    decide(
      () => call(api.campaign.extensionAction, { params: { id: extensionId, action: 'approve' }, body: {} }),
      bi(plan.extensionWorkflow.actions.approve.label),
    );

  const buttons = [
    can('report') && (
      <Button
        key="report"
        type="primary"
        onClick={() => onDialog({ kind: 'progress', assignment: a, action: 'report' })}
        data-testid="action-report"
      >
        {label('report')}
      </Button>
    ),
    can('submit') && (
      <Button key="submit" onClick={() => onDialog({ kind: 'progress', assignment: a, action: 'submit' })} data-testid="action-submit">
        {label('submit')}
      </Button>
    ),
    can('accept') && (
      <Popconfirm
        key="accept"
        title={t('campaign.acceptConfirm', { unit: a.orgName })}
        onConfirm={accept}
        okText={label('accept')}
        cancelText={t('common.cancel')}
      >
        <Button type="primary" data-testid="action-accept">
          {label('accept')}
        </Button>
      </Popconfirm>
    ),
    can('return') && (
      <Button key="return" danger onClick={() => onDialog({ kind: 'reason', assignment: a, action: 'return' })} data-testid="action-return">
        {label('return')}
      </Button>
    ),
    can('reopen') && (
      <Button key="reopen" onClick={() => onDialog({ kind: 'reason', assignment: a, action: 'reopen' })} data-testid="action-reopen">
        {label('reopen')}
      </Button>
    ),
    can('requestExtension') && (
      <Button key="extension" onClick={() => onDialog({ kind: 'extension', assignment: a })} data-testid="action-extension">
        {t('campaign.requestExtension')}
      </Button>
    ),
  ].filter(Boolean);

  // A returned part says why at the top, where the unit looks first.
  const returned = a.status === 'returned' ? [...a.timeline].reverse().find((e) => e.action === 'return') : undefined;
  const open = a.reports.length > 0 || a.timeline.length > 0 || a.extensions.length > 0;
  const pendingExtensions = a.extensions.filter((e) => e.status === 'requested').length;

  return (
    <Card
      size="small"
      className="campaign-part"
      title={unitName(a)}
      extra={
        <Space size={4}>
          {a.extensionPending && (
            <Tag color="orange" data-testid="assignment-extension-pending">
              {t('campaign.extensionPending')}
            </Tag>
          )}
          <AssignmentStatusTag status={a.status} />
        </Space>
      }
      data-testid="assignment-card"
      data-org={a.orgName}
    >
      {returned && typeof returned.input.reason === 'string' && (
        <Alert
          type="warning"
          showIcon
          className="campaign-returned"
          data-testid="assignment-returned"
          title={t('campaign.returnedBy', { name: returned.actorName, time: time(returned.at) })}
          description={t('campaign.reasonText', { reason: returned.input.reason })}
        />
      )}
      <PercentBar label={t('campaign.percent')} percent={a.percent} status={a.status === 'accepted' ? 'success' : 'normal'} />
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        className="campaign-part-facts"
        items={[
          { key: 'deadline', label: t('campaign.deadlineEnd'), children: a.deadlineEnd ?? t('campaign.noRange') },
          ...(a.extendedTo ? [{ key: 'extended', label: t('campaign.extendedToLabel'), children: a.extendedTo }] : []),
          { key: 'state', label: t('campaign.deadlineStateLabel'), children: <DeadlineTag state={a.deadlineState} /> },
          { key: 'last', label: t('campaign.lastReportAt'), children: a.lastReportAt ? time(a.lastReportAt) : '—' },
        ]}
      />
      {buttons.length > 0 && (
        <Space wrap className="campaign-part-actions">
          {buttons}
        </Space>
      )}
      {open && (
        <Collapse
          size="small"
          className="campaign-part-more"
          defaultActiveKey={['reports', ...(pendingExtensions ? ['extensions'] : [])]}
          items={[
            { key: 'reports', label: t('campaign.reports', { count: a.reports.length }), children: <Reports task={task} assignment={a} /> },
            ...(a.extensions.length
              ? [
                  {
                    key: 'extensions',
                    label: t('campaign.extensions', { count: a.extensions.length }),
                    children: (
                      <Extensions
                        assignment={a}
                        onApprove={approve}
                        onRefuse={(extensionId) => onDialog({ kind: 'refuseExtension', assignment: a, extensionId })}
                      />
                    ),
                  },
                ]
              : []),
            { key: 'timeline', label: t('campaign.timeline', { count: a.timeline.length }), children: <PartTimeline assignment={a} /> },
          ]}
        />
      )}
    </Card>
  );
}
