import { monitoring } from '@citysafe/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import { useBi } from '../../shared/locale';
import { textOn } from '../risk/SourceLevelTag';
import { deviceStateHex } from './alarmLabels';
import type { devicesZh } from './locales/devices.zh-CN';

/** A message of the devices part, by its key under `monitoring.devices`. */
export type DeviceText = LeafKeys<typeof devicesZh>;

/** The devices part's messages: `d('code')` for `t('monitoring.devices.code')`. */
export function useDeviceText(): (key: DeviceText, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  return (key, values) => (values ? t(`monitoring.devices.${key}`, values) : t(`monitoring.devices.${key}`));
}

/** A device's state (正常/报警/离线/停用) as a solid tag in the colour the situation map gives it, with legible text. */
export function DeviceStateTag({ state }: { state: monitoring.DeviceState }) {
  const bi = useBi();
  return (
    <Tag
      style={{ background: deviceStateHex[state], borderColor: deviceStateHex[state], color: textOn(deviceStateHex[state]) }}
      data-testid="device-state"
      data-state={state}
    >
      {bi(monitoring.deviceStates[state])}
    </Tag>
  );
}
