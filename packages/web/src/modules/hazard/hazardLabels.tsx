import { hazard } from '@citysafe/domain';
import { Tag } from 'antd';
import { useBi } from '../../shared/locale';

type HazardStatus = hazard.HazardStatus;
type HazardLevel = hazard.HazardLevel;

const statusColor: Record<HazardStatus, string> = {
  registered: 'default',
  rectifying: 'processing',
  awaiting_verification: 'warning',
  reported: 'processing',
  planned: 'processing',
  listed: 'error',
  assessed: 'warning',
  awaiting_review: 'warning',
  closed: 'success',
};

/** A hazard's state (已登记 … 已闭环) as a tag. */
export function HazardStatusTag({ status, testId }: { status: HazardStatus; testId?: string }) {
  const bi = useBi();
  return (
    <Tag color={statusColor[status]} data-testid={testId} data-status={status}>
      {bi(hazard.hazardWorkflow.states[status].label)}
    </Tag>
  );
}

/** 一般 / 重大 as a tag: a major hazard in solid red, so it stands out in the register. */
export function HazardLevelTag({ level, testId }: { level: HazardLevel; testId?: string }) {
  const bi = useBi();
  return (
    <Tag color={level === '重大' ? '#a8071a' : undefined} data-testid={testId} data-level={level}>
      {bi(hazard.hazardLevelLabels[level])}
    </Tag>
  );
}

const categories = new Map<string, { label: { zh: string; en: string } }>(hazard.hazardCategories.map((c) => [c.code, c]));

/** The names of a hazard's codes (category, origin) in the current language; an unknown code shows as itself. */
export function useHazardLabels() {
  const bi = useBi();
  return {
    category: (code: string | null | undefined) => (code ? (categories.has(code) ? bi(categories.get(code)!.label) : code) : ''),
    origin: (code: hazard.HazardOrigin) => bi(hazard.hazardOriginLabels[code]),
    level: (level: HazardLevel) => bi(hazard.hazardLevelLabels[level]),
    stage: (stage: hazard.HazardPhotoStage) => bi(hazard.hazardPhotoStageLabels[stage]),
    stopWork: (kind: hazard.StopWorkKind) => bi(hazard.stopWorkLabels[kind]),
  };
}
