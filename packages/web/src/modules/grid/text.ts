import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import type { zhCN } from './locales/zh-CN';

type Sections = typeof zhCN;
type Section = { [K in keyof Sections]: Sections[K] extends string ? never : K }[keyof Sections];

/**
 * The texts of one section of the module's messages (`grid.patrol.*`), the key checked against zh-CN: a page says
 * `p('offline')` instead of `t('grid.patrol.offline')`.
 */
export function useGridText<S extends Section>(section: S) {
  const { t } = useTranslation();
  // The key is checked by its type here; i18next's own key type cannot follow a section chosen by a parameter.
  const translate = t as unknown as (key: string, values?: Record<string, unknown>) => string;
  return useCallback(
    (key: LeafKeys<Sections[S]>, values?: Record<string, string | number>) => translate(`grid.${section}.${key}`, values),
    [translate, section],
  );
}
