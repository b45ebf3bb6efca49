import { SafetyCertificateFilled } from '@ant-design/icons';
import { api, hazard } from '@citysafe/domain';
import { Alert, Empty, Input, Pagination, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../../app/layout/LanguageSwitch';
import { useClientConfig } from '../../shared/config';
import { type ListItem, usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import './publicList.css';

type Item = ListItem<typeof api.hazardPublic.listListed>;

/** Tag colours by progress: red while under supervision, amber once rectified, green when closed. */
const statusColours: Record<hazard.PublicNoticeStatus, string> = {
  listed: 'red',
  assessed: 'orange',
  awaiting_review: 'gold',
  closed: 'green',
};

const categoryLabels = new Map(hazard.hazardCategories.map((c) => [c.code as string, c.label]));

function HazardCard({ item }: { item: Item }) {
  const { t } = useTranslation();
  const bi = useBi();
  const category = item.category ? categoryLabels.get(item.category) : undefined;
  const facts: [string, string | null][] = [
    [t('hazard.publicList.unit'), item.responsibleOrgName],
    [t('hazard.publicList.place'), item.placeName],
    [t('hazard.publicList.street'), item.streetName],
    [t('hazard.publicList.category'), category ? bi(category) : null],
    [t('hazard.publicList.supervisingBody'), item.supervisingBody],
    [t('hazard.publicList.listedOn'), item.listedOn],
    [t('hazard.publicList.deadline'), item.deadline],
    [t('hazard.publicList.closedOn'), item.closedOn],
  ];
  return (
    <article className="public-hazard" aria-labelledby={`hazard-${item.code}`}>
      <header className="public-hazard-head">
        <h2 id={`hazard-${item.code}`}>{item.title}</h2>
        <Tag color={statusColours[item.status]}>{bi(item.statusLabel)}</Tag>
      </header>
      <div className="public-hazard-code">{item.code}</div>
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
 * 重大事故隐患挂牌督办公示: the public page (no login) listing the major hazards under supervision with public
 * notice, as cards that read on a phone; searched and paged through the address like every list.
 */
export default function PublicHazardsPage() {
  const { t } = useTranslation();
  const { data: config } = useClientConfig();
  const list = usePagedList(api.hazardPublic.listListed, { pageSize: 10 });
  return (
    <div className="public-page">
      <header className="public-bar">
        <SafetyCertificateFilled className="public-logo" aria-hidden />
        <div className="public-bar-title">
          <div className="public-district">{config?.districtName ?? '\u00a0'}</div>
          <div className="public-platform">{t('app.fullName')}</div>
        </div>
        <LanguageSwitch compact />
      </header>
      <main className="public-main">
        <h1>{t('hazard.publicList.title')}</h1>
        <p className="public-intro">{t('hazard.publicList.intro')}</p>
        <Input.Search
          className="public-search"
          size="large"
          allowClear
          placeholder={t('hazard.publicList.search')}
          aria-label={t('hazard.publicList.searchLabel')}
          enterButton={t('hazard.publicList.searchLabel')}
          defaultValue={list.query.q}
          onSearch={(q) => list.setFilters({ q: q || undefined })}
        />
        {list.error ? (
          <Alert type="error" showIcon title={t('hazard.publicList.loadFailed')} />
        ) : !list.items ? (
          <Spin size="large" className="page-spin" />
        ) : list.items.length === 0 ? (
          <Empty description={t('hazard.publicList.empty')} />
        ) : (
          <>
            <div className="public-total" aria-live="polite">
              {t('hazard.publicList.total', { count: list.total })}
            </div>
            <div className="public-hazards">
              {list.items.map((item) => (
                <HazardCard key={item.code} item={item} />
              ))}
            </div>
            <nav aria-label={t('hazard.publicList.pager')}>
              <Pagination
                className="public-pager"
                current={list.query.page}
                pageSize={list.query.pageSize}
                total={list.total}
                showSizeChanger={false}
                onChange={(page, size) => list.setPage(page, size)}
              />
            </nav>
          </>
        )}
        <footer className="public-footer">
          <Link to="/login">{t('hazard.publicList.login')}</Link>
        </footer>
      </main>
    </div>
  );
}
