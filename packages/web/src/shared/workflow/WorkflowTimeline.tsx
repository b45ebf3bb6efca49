import type { WorkflowDefinition, api } from '@citysafe/domain';
import { Empty, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatTime } from '../format';
import { useWorkflowLabels } from './labels';

type Entry = api.TimelineEntry;

/**
 * An object's workflow history (办理记录), newest first: when, which action from which state to
 * which, who took it, and the reason when the action needed one. `details` adds what else an
 * action carries (e.g. a reported percentage).
 */
export function WorkflowTimeline<S extends string, A extends string>({
  entries,
  workflow,
  color = () => 'blue',
  details,
  testId,
}: {
  entries: readonly Entry[];
  workflow: WorkflowDefinition<S, A>;
  /** The dot's colour, e.g. green for the transition that completes the object. */
  color?: (entry: Entry) => string;
  details?: (entry: Entry) => ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const labels = useWorkflowLabels(workflow);
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noTimeline')} />;
  return (
    <Timeline
      data-testid={testId}
      items={[...entries].reverse().map((entry) => ({
        key: entry.id,
        color: color(entry),
        content: (
          <div data-testid="timeline-entry">
            <Typography.Text type="secondary">{time(entry.at)}</Typography.Text>
            <div>
              <Typography.Text strong>{labels.action(entry.action)}</Typography.Text>
              {'  '}
              {labels.state(entry.fromState)} → {labels.state(entry.toState)}
            </div>
            <Typography.Text type="secondary">{t('common.by', { name: entry.actorName })}</Typography.Text>
            {typeof entry.input.reason === 'string' && (
              <div className="workflow-reason">{t('common.reasonText', { reason: entry.input.reason })}</div>
            )}
            {details?.(entry)}
          </div>
        ),
      }))}
    />
  );
}
