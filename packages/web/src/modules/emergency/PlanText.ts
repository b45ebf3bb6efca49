import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import type { plansZh } from './locales/plans.zh-CN';

/** A message of the plans part, by its key under `emergency.plans`. */
export type PlanText = LeafKeys<typeof plansZh>;

/** The plans' messages: `p('activate')` for `t('emergency.plans.activate')`. */
export function usePlanText(): (key: PlanText, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  // Some messages interpolate ({{code}}, {{n}}): the values are passed as i18next's untyped options.
  const translate = t as (key: string, options?: Record<string, string | number>) => string;
  return (key, values) => translate(`emergency.plans.${key}`, values);
}
