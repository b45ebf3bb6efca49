import { risk } from '@citysafe/domain';
import { Tag } from 'antd';
import { useBi } from '../../shared/locale';

const statusColor: Record<risk.RiskSourceStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  reviewed: 'success',
};

/** 草稿 / 待审核 / 已退回 / 已审核 as a tag. */
export function SourceStatusTag({ status }: { status: risk.RiskSourceStatus }) {
  const bi = useBi();
  return <Tag color={statusColor[status]}>{bi(risk.riskSourceWorkflow.states[status].label)}</Tag>;
}

const byCode = <T extends { code: string }>(items: readonly T[]) => new Map(items.map((i) => [i.code, i]));
const categories = byCode(risk.riskCategories);
const hazardFactors = byCode(risk.hazardFactorClasses);
const measureTypes = byCode(risk.controlMeasureTypes);
const levels = byCode(risk.responsibleLevels);
// Codes of both editions of GB 6441: a source keeps the codes of the edition it was registered under.
const accidentTypes = new Map(risk.accidentTypeEditions.flatMap((e) => e.types.map((t) => [`${e.standard}:${t.code}`, t] as const)));

/**
 * The names of the codes a source stores (category, hazard factor, measure type and level), in the
 * current language; a code this version does not know shows as itself.
 */
export function useSourceLabels() {
  const bi = useBi();
  const name = (map: Map<string, { label: { zh: string; en: string } }>, code: string) => {
    const item = map.get(code);
    return item ? bi(item.label) : code;
  };
  return {
    category: (code: string) => name(categories, code),
    hazardFactor: (code: string) => name(hazardFactors, code),
    measureType: (code: string) => name(measureTypes, code),
    responsibleLevel: (code: string) => name(levels, code),
    /** An accident type's code in the edition of GB 6441 named. */
    accidentType: (standard: string, code: string) => {
      const item = accidentTypes.get(`${standard}:${code}`);
      return item ? bi(item.label) : code;
    },
  };
}
