import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import type { dutyZh } from './locales/duty.zh-CN';

/** A message of the duty part, by its key under `emergency.duty`. */
export type DutyText = LeafKeys<typeof dutyZh>;

/** The duty part’s messages: `d('call')` for `t('emergency.duty.call')`. */
export function useDutyText(): (key: DutyText, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  // Some messages interpolate ({{code}}, {{n}}): the values are passed as i18next's untyped options.
  const translate = t as (key: string, options?: Record<string, string | number>) => string;
  return (key, values) => translate(`emergency.duty.${key}`, values);
}
