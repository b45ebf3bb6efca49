import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import type { inspectionsZh } from './locales/inspections.zh-CN';

/** A message of the inspection pages, by its key under `hazard.inspections`. */
export type InspectionText = LeafKeys<typeof inspectionsZh>;

/** The messages of the inspection pages: `m('start')` for `t('hazard.inspections.start')`. */
export function useInspectionText(): (key: InspectionText, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  return (key, values) => (values ? t(`hazard.inspections.${key}`, values) : t(`hazard.inspections.${key}`));
}
