import { monitoring } from '@citysafe/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import { useBi } from '../../shared/locale';
import { textOn } from '../risk/SourceLevelTag';
import type { alarmsZh } from './locales/alarms.zh-CN';

/** An alarm's level as a solid tag in its warning colour (红/橙/黄/蓝), with text that stays legible on it. */
export function AlarmLevelTag({ level, testId }: { level: monitoring.AlarmLevel; testId?: string }) {
  const bi = useBi();
  const info = monitoring.alarmLevelInfo[level];
  return (
    <Tag style={{ background: info.hex, borderColor: info.hex, color: textOn(info.hex) }} data-testid={testId} data-level={level}>
      {bi(info.label)}
    </Tag>
  );
}

const statusColor: Record<monitoring.AlarmStatus, string> = {
  raised: 'red',
  acknowledged: 'volcano',
  confirmed: 'orange',
  dismissed: 'default',
  dispatched: 'blue',
  answered: 'cyan',
  closed: 'green',
};

export function AlarmStatusTag({ status, testId = 'alarm-status' }: { status: monitoring.AlarmStatus; testId?: string }) {
  const bi = useBi();
  return (
    <Tag color={statusColor[status]} data-testid={testId} data-status={status}>
      {bi(monitoring.alarmWorkflow.states[status].label)}
    </Tag>
  );
}

/** The colours of the devices' states on the situation map. */
export const deviceStateHex: Record<monitoring.DeviceState, string> = {
  normal: '#389e0d',
  alarm: '#cf1322',
  offline: '#8c8c8c',
  disabled: '#d9d9d9',
};

/** A message of this part, by its key under `monitoring.alarms`. */
export type AlarmText = LeafKeys<typeof alarmsZh>;

/** The alarms part's messages: `m('level')` for `t('monitoring.alarms.level')`. */
export function useAlarmText(): (key: AlarmText, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  return (key, values) => (values ? t(`monitoring.alarms.${key}`, values) : t(`monitoring.alarms.${key}`));
}
