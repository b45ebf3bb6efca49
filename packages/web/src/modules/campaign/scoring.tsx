import { api, campaign as plan } from '@citysafe/domain';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBi } from '../../shared/locale';
import { useWorkflowLabels } from '../../shared/workflow/labels';

export type ScoringItem = api.campaignScoring.ScoringItem;
export type Finding = api.campaignScoring.Finding;

/** Hundredths of a point as people write points: 150 → 1.5. */
export const points = (centi: number): number => Number((centi / 100).toFixed(2));

const confidenceColor = { V: 'green', P: 'orange', U: 'red' } as const;

/** V / P / U with what it means and the 依据 (source) of the item's values on hover. */
export function ConfidenceTag({ item }: { item: Pick<ScoringItem, 'confidence' | 'confidenceLabel' | 'source'> }) {
  const { t } = useTranslation();
  const bi = useBi();
  return (
    <Tooltip
      title={
        <>
          <div>{bi(item.confidenceLabel)}</div>
          <div>{item.source ? t('campaign.scoring.sourceIs', { source: item.source }) : t('campaign.scoring.noSource')}</div>
        </>
      }
    >
      <Tag color={confidenceColor[item.confidence]} className="scoring-confidence" data-testid="scoring-confidence">
        {item.confidence}
      </Tag>
    </Tooltip>
  );
}

/** 评分项 needs no tag; 鼓励项 and 否决项 are marked. */
export function KindTag({ kind }: { kind: plan.ScoringKind }) {
  const bi = useBi();
  if (kind === 'item') return null;
  return <Tag color={kind === 'bonus' ? 'blue' : 'magenta'}>{bi(plan.scoringKindLabels[kind])}</Tag>;
}

/** Labels of the finding workflow and of finding sources. */
export function useFindingLabels() {
  const bi = useBi();
  return {
    ...useWorkflowLabels(plan.scoringFindingWorkflow),
    source: (s: plan.ScoringFindingSource) => bi(plan.scoringFindingSourceLabels[s]),
  };
}
