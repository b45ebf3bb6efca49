import { api } from '@citysafe/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicFacts, PublicPagedList } from '../../shared/list/PublicPagedList';
import { type ListItem, usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { PublicReportFrame } from './PublicReportFrame';

type Item = ListItem<typeof api.reportHandling.publicRewards>;

const yuan = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

function RewardCard({ item }: { item: Item }) {
  const { t } = useTranslation();
  const bi = useBi();
  const facts: [string, string | null][] = [
    [t('report.intake.rewardCategory'), bi(item.categoryName)],
    [t('report.intake.rewardStreet'), item.street],
    [t('report.intake.rewardPaidOn'), item.paidOn],
  ];
  return (
    <article className="public-report-card public-report-reward" aria-labelledby={`reward-${item.code}`} data-testid="public-reward">
      <header>
        <h2 id={`reward-${item.code}`}>{item.code}</h2>
        <span className="public-report-reward-amount">{t('report.intake.rewardAmount', { amount: yuan(item.amount) })}</span>
      </header>
      <PublicFacts facts={facts} labelWidth="5em" />
    </article>
  );
}

/**
 * 举报奖励公示: the rewards paid for reports found true, newest first, as cards that read on a phone (no login). The
 * endpoint carries no name, contact or reported unit, so nothing here can name the reporter.
 */
export default function PublicReportRewardsPage() {
  const { t } = useTranslation();
  const list = usePagedList(api.reportHandling.publicRewards, { pageSize: 10 });
  return (
    <PublicReportFrame title={t('report.intake.rewardsTitle')} intro={t('report.intake.rewardsIntro')}>
      <PublicPagedList
        list={list}
        text={{
          search: t('report.intake.rewardsSearch'),
          searchButton: t('report.intake.rewardsSearchLabel'),
          loadFailed: t('report.intake.rewardsLoadFailed'),
          empty: t('report.intake.rewardsEmpty'),
          total: (count) => t('report.intake.rewardsTotal', { count }),
          pager: t('report.intake.rewardsPager'),
        }}
      >
        {(items) => items.map((item) => <RewardCard key={item.code} item={item} />)}
      </PublicPagedList>
      <footer className="public-report-links">
        <Link to="/public/report">{t('report.intake.goReport')}</Link>
        {' · '}
        <Link to="/public/report/track">{t('report.intake.goTrack')}</Link>
      </footer>
    </PublicReportFrame>
  );
}
