import type { api } from '@citysafe/domain';
import { Alert, Card, Col, Row, Statistic, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { points } from './scoring';

type Scoring = api.campaignScoring.Scoring;

/** A headline figure with what it counts on hover. */
function Figure({ help, children, testId }: { help: string; children: ReactNode; testId: string }) {
  return (
    <Card size="small" className="campaign-stat" data-testid={testId}>
      <Tooltip title={help}>
        <div>{children}</div>
      </Tooltip>
    </Card>
  );
}

/**
 * The headline of 自评打分: the score earned (已佐证), the estimate and what is at risk first, then
 * full marks less the findings (an upper bound), bonus, veto, and the items unsupported or unverified.
 */
export function ScoringTotals({ scoring }: { scoring: Scoring }) {
  const { t } = useTranslation();
  const { totals, unverifiedItems, items } = scoring;
  const full = `/ ${points(totals.fullCenti)}`;
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Figure help={t('campaign.scoring.supportedHelp')} testId="scoring-supported">
            <Statistic
              title={t('campaign.scoring.supported')}
              value={points(totals.supportedCenti)}
              suffix={full}
              styles={{ content: { color: '#237804' } }}
            />
          </Figure>
        </Col>
        <Col xs={12} lg={6}>
          <Figure help={t('campaign.scoring.estimatedHelp')} testId="scoring-estimated">
            <Statistic title={t('campaign.scoring.estimated')} value={points(totals.estimatedCenti)} suffix={full} />
          </Figure>
        </Col>
        <Col xs={12} lg={6}>
          <Figure help={t('campaign.scoring.atRiskHelp')} testId="scoring-at-risk">
            <Statistic
              title={t('campaign.scoring.atRisk')}
              value={points(totals.atRiskCenti)}
              styles={{ content: { color: totals.atRiskCenti ? '#cf1322' : undefined } }}
            />
          </Figure>
        </Col>
        <Col xs={12} lg={6}>
          <Figure help={t('campaign.scoring.totalHelp')} testId="scoring-total">
            <Statistic title={t('campaign.scoring.total')} value={points(totals.scoreCenti)} suffix={full} />
          </Figure>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" className="campaign-stat">
            <Statistic
              title={t('campaign.scoring.bonus')}
              value={points(totals.bonusCenti)}
              suffix={`/ ${points(totals.bonusFullCenti)}`}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" className="campaign-stat">
            <Statistic
              title={t('campaign.scoring.vetoTitle')}
              value={totals.vetoed ? t('campaign.scoring.vetoed') : t('campaign.scoring.notTriggered')}
              styles={{ content: { color: totals.vetoed ? '#cf1322' : '#237804' } }}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" className="campaign-stat" data-testid="scoring-unsupported">
            <Statistic
              title={t('campaign.scoring.unsupportedItems')}
              value={totals.unsupportedItems}
              suffix={`/ ${items.length}`}
              styles={{ content: { color: totals.unsupportedItems ? '#ad4e00' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" className="campaign-stat">
            <Statistic
              title={t('campaign.scoring.unverified')}
              value={unverifiedItems}
              suffix={`/ ${items.length}`}
              styles={{ content: { color: unverifiedItems ? '#ad4e00' : undefined } }}
            />
          </Card>
        </Col>
      </Row>
      {totals.vetoed && (
        <Alert
          type="error"
          showIcon
          className="campaign-note"
          title={t('campaign.scoring.vetoReasons', { items: totals.vetoReasons.map((v) => `${v.code} ${v.name}`).join('、') })}
        />
      )}
      {totals.unsupportedItems > 0 && (
        <Alert
          type="warning"
          showIcon
          className="campaign-note"
          title={t('campaign.scoring.unsupportedNote', { count: totals.unsupportedItems })}
        />
      )}
      {unverifiedItems > 0 && (
        <Alert type="warning" showIcon className="campaign-note" title={t('campaign.scoring.unverifiedNote', { count: unverifiedItems })} />
      )}
    </>
  );
}
