import { SafetyCertificateFilled } from '@ant-design/icons';
import { api, hazard } from '@citysafe/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../../app/layout/LanguageSwitch';
import { useClientConfig } from '../../shared/config';
import { PublicFacts, PublicPagedList } from '../../shared/list/PublicPagedList';
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
      <PublicFacts facts={facts} labelWidth="7.5em" />
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
        <PublicPagedList
          list={list}
          text={{
            search: t('hazard.publicList.search'),
            searchButton: t('hazard.publicList.searchLabel'),
            loadFailed: t('hazard.publicList.loadFailed'),
            empty: t('hazard.publicList.empty'),
            total: (count) => t('hazard.publicList.total', { count }),
            pager: t('hazard.publicList.pager'),
          }}
        >
          {(items) => (
            <div className="public-hazards">
              {items.map((item) => (
                <HazardCard key={item.code} item={item} />
              ))}
            </div>
          )}
        </PublicPagedList>
        <footer className="public-footer">
          <Link to="/login">{t('hazard.publicList.login')}</Link>
        </footer>
      </main>
    </div>
  );
}
