import { monitoring } from '@citysafe/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBi } from '../../shared/locale';

/** The four warning colours as the map shows them (红/橙/黄/蓝), with the text colour that reads on each (WCAG AA). */
export const warningLevelHex: Record<monitoring.WarningLevel, { background: string; text: string }> = {
  red: { background: '#cf1322', text: '#ffffff' },
  orange: { background: '#fa8c16', text: '#000000' },
  yellow: { background: '#fadb14', text: '#000000' },
  blue: { background: '#1677ff', text: '#000000' },
};

/** A warning's level as a solid tag in its colour. */
export function WarningLevelTag({ level }: { level: monitoring.WarningLevel }) {
  const bi = useBi();
  const c = warningLevelHex[level];
  return (
    <Tag style={{ background: c.background, borderColor: c.background, color: c.text }} data-level={level} data-testid="warning-level">
      {bi(monitoring.warningLevelLabels[level])}
    </Tag>
  );
}

const statusColours: Record<monitoring.WarningStatus, string> = {
  draft: 'default',
  pending: 'gold',
  published: 'red',
  cancelled: 'green',
  expired: 'default',
};

export function WarningStatusTag({ status }: { status: monitoring.WarningStatus }) {
  const bi = useBi();
  return (
    <Tag color={statusColours[status]} data-testid="warning-status" data-status={status}>
      {bi(monitoring.warningWorkflow.states[status].label)}
    </Tag>
  );
}

/** `w('headline')` for `monitoring.warnings.headline`: this part's messages by their key within the part. */
export function useWarningText(): (key: string, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  // The keys are this part's own (checked against en-US by the locale test); i18next's key types do not reach a prefix.
  const translate = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  return (key, values) => translate(`monitoring.warnings.${key}`, values);
}
