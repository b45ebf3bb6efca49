import type { api } from '@citysafe/domain';
import { Alert, Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { points } from './scoring';

type Scoring = api.campaignScoring.Scoring;

/** The headline of 自评打分: score, bonus, veto and how many items are still unverified, with why. */
export function ScoringTotals({ scoring }: { scoring: Scoring }) {
  const { t } = useTranslation();
  const { totals, unverifiedItems, items } = scoring;
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Card size="small" className="campaign-stat" data-testid="scoring-total">
            <Statistic title={t('campaign.scoring.total')} value={points(totals.scoreCenti)} suffix={`/ ${points(totals.fullCenti)}`} />
          </Card>
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
      {unverifiedItems > 0 && (
        <Alert type="warning" showIcon className="campaign-note" title={t('campaign.scoring.unverifiedNote', { count: unverifiedItems })} />
      )}
    </>
  );
}
