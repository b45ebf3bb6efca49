import { api } from '@citysafe/domain';
import { Alert, Empty, Input, Pagination, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
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
      <dl>
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
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
      <Input.Search
        className="public-report-row"
        size="large"
        allowClear
        placeholder={t('report.intake.rewardsSearch')}
        aria-label={t('report.intake.rewardsSearch')}
        enterButton={t('report.intake.rewardsSearchLabel')}
        defaultValue={list.query.q}
        onSearch={(q) => list.setFilters({ q: q || undefined })}
      />
      {list.error ? (
        <Alert type="error" showIcon title={t('report.intake.rewardsLoadFailed')} />
      ) : !list.items ? (
        <Spin size="large" className="page-spin" />
      ) : list.items.length === 0 ? (
        <Empty description={t('report.intake.rewardsEmpty')} />
      ) : (
        <>
          <p className="public-report-intro" aria-live="polite" data-testid="public-rewards-total">
            {t('report.intake.rewardsTotal', { count: list.total })}
          </p>
          {list.items.map((item) => (
            <RewardCard key={item.code} item={item} />
          ))}
          <nav aria-label={t('report.intake.rewardsPager')}>
            <Pagination
              className="public-report-pager"
              current={list.query.page}
              pageSize={list.query.pageSize}
              total={list.total}
              showSizeChanger={false}
              onChange={(page, size) => list.setPage(page, size)}
            />
          </nav>
        </>
      )}
      <footer className="public-report-links">
        <Link to="/public/report">{t('report.intake.goReport')}</Link>
        {' · '}
        <Link to="/public/report/track">{t('report.intake.goTrack')}</Link>
      </footer>
    </PublicReportFrame>
  );
}
