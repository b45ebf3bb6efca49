import { type Bilingual, campaign as plan } from '@citysafe/domain';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBi } from '../../shared/locale';

export type TaskStatus = plan.TaskStatus;
export type AssignmentStatus = plan.AssignmentStatus;
export type DeadlineState = plan.DeadlineState;

export const taskStatusColor: Record<TaskStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  submitted: 'cyan',
  accepted: 'success',
};

const assignmentStatusColor: Record<AssignmentStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  submitted: 'cyan',
  returned: 'warning',
  accepted: 'success',
};

/**
 * White on antd's preset red and orange (shade 6) reads at 4.1:1 and 2.3:1; the solid tags of 逾期 and
 * 临期 use shades that reach WCAG AA (4.5:1) instead.
 */
export const solidTagColor = { red: '#cf1322', orange: '#ad4e00' } as const;

const deadlineColor: Record<DeadlineState, string> = {
  overdue: solidTagColor.red,
  due_soon: solidTagColor.orange,
  on_track: 'blue',
  done: 'green',
  unscheduled: 'default',
};

/** Chart colours of the task statuses, from finished to not begun. */
export const statusChartColor: Record<TaskStatus, string> = {
  accepted: '#52c41a',
  submitted: '#13c2c2',
  in_progress: '#1d5fbf',
  not_started: '#d9d9d9',
};

/** 状态 of a whole task (未开始 / 推进中 / 已报送 / 已完成). */
export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return <Tag color={taskStatusColor[status]}>{t(`campaign.taskStatus.${status}`)}</Tag>;
}

const stateLabel = (state: string) => (plan.assignmentWorkflow.states as Record<string, { label: Bilingual } | undefined>)[state]?.label;

/** The label of a unit part's state, or the raw name of a state this version does not know. */
export function useAssignmentStateLabel(): (state: string) => string {
  const bi = useBi();
  return (state) => {
    const label = stateLabel(state);
    return label ? bi(label) : state;
  };
}

/** The state of one unit's part (未开始 … 已退回, 已验收). */
export function AssignmentStatusTag({ status }: { status: AssignmentStatus }) {
  const label = useAssignmentStateLabel();
  return (
    <Tag color={assignmentStatusColor[status]} data-testid="assignment-status">
      {label(status)}
    </Tag>
  );
}

/** 时限状态: red 逾期, orange 临期, and quieter tags for the rest. */
export function DeadlineTag({ state, kind = 'task' }: { state: DeadlineState; kind?: 'task' | 'schedule' }) {
  const { t } = useTranslation();
  // A schedule step records no completion, so its past deadline only says the date has passed.
  const text = kind === 'schedule' ? t(`campaign.scheduleState.${state}`) : t(`campaign.deadlineState.${state}`);
  return (
    <Tag color={deadlineColor[state]} variant={state === 'overdue' || state === 'due_soon' ? 'solid' : 'outlined'}>
      {text}
    </Tag>
  );
}

const comparatorSign: Record<string, string> = { '>=': '≥', '>': '>', '=': '=', '<=': '≤', '<': '<' };

/** A target's required value as people write it: "≥ 95%". */
export const targetText = (target: { comparator: string; value: number; unit: string }): string =>
  `${comparatorSign[target.comparator] ?? target.comparator} ${target.value}${target.unit}`;

interface DeadlineLike {
  text: string;
  start: string | null;
  end: string | null;
}

/**
 * 完成时限 as printed in the plan, with the dates it was read as on hover. When the printed words do
 * not name the due year (规划水平年, or a campaign that moved the plan's dates by whole years), the
 * due date is shown under them too.
 */
export function DeadlineText({ deadline, extendedTo }: { deadline: DeadlineLike; extendedTo?: string | null }) {
  const { t } = useTranslation();
  const range = deadline.start && deadline.end ? t('campaign.range', { start: deadline.start, end: deadline.end }) : t('campaign.noRange');
  const moved = deadline.end !== null && !deadline.text.includes(deadline.end.slice(0, 4));
  return (
    <Tooltip title={range}>
      <span className="campaign-deadline" data-testid="deadline-text">
        {deadline.text}
        {moved && <span className="campaign-due">{t('campaign.dueBy', { date: deadline.end })}</span>}
        {extendedTo && <span className="campaign-extended">{t('campaign.extendedTo', { date: extendedTo })}</span>}
      </span>
    </Tooltip>
  );
}

/** A responsible unit as the plan names it: 各派出所（平安办对接）. */
export function useUnitName(): (unit: { orgName: string; viaOrgName: string | null }) => string {
  const { t } = useTranslation();
  return (unit) => (unit.viaOrgName ? t('campaign.via', { name: unit.orgName, via: unit.viaOrgName }) : unit.orgName);
}

/** The tags of a task's responsible units, and of the groups the plan names without listing them. */
export function UnitTags({
  units,
  groups = [],
}: {
  units: { orgId: string; orgName: string; viaOrgName: string | null; extensionPending?: boolean }[];
  groups?: string[];
}) {
  const unitName = useUnitName();
  const { t } = useTranslation();
  return (
    <span className="campaign-units">
      {units.map((u) =>
        u.extensionPending ? (
          // A pending extension request is badged where 安委办 scans the ledger, not only inside the part's card.
          <Tag key={u.orgId} color="orange" title={t('campaign.extensionPending')} data-testid="unit-extension-pending">
            {unitName(u)} · {t('campaign.extensionPending')}
          </Tag>
        ) : (
          <Tag key={u.orgId} color="geekblue">
            {unitName(u)}
          </Tag>
        ),
      )}
      {groups.map((g) => (
        <Tag key={g} className="campaign-group-tag">
          {g}
        </Tag>
      ))}
    </span>
  );
}
