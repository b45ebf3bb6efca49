import type { Bilingual, risk } from '@citysafe/domain';
import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBi } from '../../shared/locale';

/** 已核实 / 部分核实 / 未核实: how sure the project is of a rule's source (regulations.md's [V]/[P]/[U]). */
export function ConfidenceTag({ confidence }: { confidence: risk.Confidence }) {
  const { t } = useTranslation();
  if (confidence === 'V') return <Tag data-testid="rule-verified">{t('hazard.rules.verified')}</Tag>;
  return (
    <Tooltip title={t('hazard.rules.unverifiedHint')}>
      <Tag color="orange" data-testid="rule-unverified">
        {t(confidence === 'P' ? 'hazard.rules.partly' : 'hazard.rules.unverified')}
      </Tag>
    </Tooltip>
  );
}

/** A rule's 依据 with its confidence, as the risk grading page shows its thresholds'. */
export function RuleSource({ source, confidence }: { source: Bilingual; confidence: risk.Confidence }) {
  const { t } = useTranslation();
  const bi = useBi();
  return (
    <div className="rule-source" data-testid="rule-source">
      <ConfidenceTag confidence={confidence} />
      <Typography.Text type="secondary">
        {t('hazard.rules.source')}：{bi(source)}
      </Typography.Text>
    </div>
  );
}
