import { emergency } from '@citysafe/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import { useBi } from '../../shared/locale';
import type { incidentsZh } from './locales/incidents.zh-CN';

/** The colours of the four grades, from the most serious down (the colours of 预警 levels: red, orange, yellow, blue). */
export const gradeHex: Record<emergency.AccidentGrade, string> = {
  特别重大: '#cf1322',
  重大: '#fa8c16',
  较大: '#d4b106',
  一般: '#1677ff',
};
const gradeTagColor: Record<emergency.AccidentGrade, string> = { 特别重大: 'red', 重大: 'orange', 较大: 'gold', 一般: 'blue' };

/** An incident's grade as a coloured tag (事故等级, 493号令 Art. 3). */
export function GradeTag({ grade, testId }: { grade: emergency.AccidentGrade; testId?: string }) {
  const bi = useBi();
  return (
    <Tag color={gradeTagColor[grade]} data-testid={testId}>
      {bi(emergency.accidentGradeLabels[grade])}
    </Tag>
  );
}

const statusColor: Record<emergency.IncidentStatus, string> = {
  reported: 'volcano',
  responding: 'red',
  concluded: 'gold',
  investigating: 'purple',
  closed: 'default',
};

export function IncidentStatusTag({ status }: { status: emergency.IncidentStatus }) {
  const bi = useBi();
  return (
    <Tag color={statusColor[status]} data-testid="incident-status">
      {bi(emergency.incidentWorkflow.states[status].label)}
    </Tag>
  );
}

/** A message of this part, by its key under `emergency.incidents`. */
export type IncidentText = LeafKeys<typeof incidentsZh>;

/** The incidents part's messages: `m('grade')` for `t('emergency.incidents.grade')`. */
export function useIncidentText(): (key: IncidentText, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  return (key, values) => (values ? t(`emergency.incidents.${key}`, values) : t(`emergency.incidents.${key}`));
}
