import { majorHazard, risk } from '@citysafe/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import { useBi } from '../../shared/locale';
import type { installationsZh } from './locales/installations.zh-CN';

type Grade = 1 | 2 | 3 | 4;
type Status = majorHazard.InstallationStatus;

/** The four-colour scheme read the way the grades are: 一级 red … 四级 blue (the risk map's colours). */
const gradeLevel: Record<Grade, risk.RiskLevel> = { 1: 'major', 2: 'significant', 3: 'general', 4: 'low' };

/** A unit that is not a major hazard: grey on the map. */
export const notMajorHex = '#8c8c8c';

export const gradeHex = (grade: number | null): string => (grade ? risk.riskLevelInfo[gradeLevel[grade as Grade]].hex : notMajorHex);

/**
 * Text on a grade's colour with WCAG AA contrast: white only on 一级's red; orange, yellow and the
 * map's blue are too light for white text (4.5:1), so they take near-black.
 */
const gradeText: Record<Grade, string> = { 1: '#ffffff', 2: '#1f1f1f', 3: '#1f1f1f', 4: '#1f1f1f' };

export const grades: Grade[] = [1, 2, 3, 4];

/** 一级…四级, or 不构成. */
export function useGradeLabel(): (grade: number | null) => string {
  const { t } = useTranslation();
  const bi = useBi();
  return (grade) => (grade ? bi(majorHazard.gradeLabels[grade as Grade]) : t('majorHazard.installations.notMajor'));
}

/** A grade in its map colour; a unit that is not a major hazard as a plain 不构成. */
export function GradeTag({ grade, testId }: { grade: number | null; testId?: string }) {
  const label = useGradeLabel();
  if (!grade) return <Tag data-testid={testId}>{label(null)}</Tag>;
  return (
    <Tag variant="solid" color={gradeHex(grade)} style={{ color: gradeText[grade as Grade] }} data-testid={testId} data-grade={grade}>
      {label(grade)}
    </Tag>
  );
}

const statusColor: Record<Status, string> = {
  identified: 'default',
  declared: 'processing',
  returned: 'warning',
  registered: 'success',
  changed: 'error',
  written_off: 'default',
};

export function StatusTag({ status }: { status: Status }) {
  const bi = useBi();
  return (
    <Tag color={statusColor[status]} data-testid="installation-status">
      {bi(majorHazard.installationWorkflow.states[status].label)}
    </Tag>
  );
}

/** Shows S, R and ratios as the standard's tables do: up to three decimals, no trailing zeros. */
export const figure = (value: number | null): string => (value === null ? '—' : String(Number(value.toFixed(3))));

/** A message of this part, by its key under `majorHazard.installations`. */
export type InstallationText = LeafKeys<typeof installationsZh>;

/** The messages of this part: `m('grade')` for `t('majorHazard.installations.grade')`. */
export function useInstallationText(): (key: InstallationText, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  return (key, values) => (values ? t(`majorHazard.installations.${key}`, values) : t(`majorHazard.installations.${key}`));
}
