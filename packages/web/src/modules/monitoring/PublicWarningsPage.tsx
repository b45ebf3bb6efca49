import { AlertFilled } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { Alert, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../../app/layout/LanguageSwitch';
import { useClientConfig } from '../../shared/config';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { useApiQuery } from '../../shared/query';
import { warningLevelHex } from './warningLabels';
import './warnings.css';

type Item = api.monitoringWarnings.PublicWarning;

function WarningCard({ item }: { item: Item }) {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const colour = warningLevelHex[item.level];
  const facts: [string, string][] = [
    [t('monitoring.warnings.public.area'), item.areaDesc],
    [t('monitoring.warnings.public.audience'), item.audience],
    [
      t('monitoring.warnings.public.validity'),
      `${item.onset ? `${time(item.onset)} ` : ''}${t('monitoring.warnings.public.until')} ${time(item.expires)}`,
    ],
    [t('monitoring.warnings.public.sent'), `${time(item.sent)}（${t('monitoring.warnings.public.version', { version: item.version })}）`],
  ];
  return (
    <article className="warning-card" aria-labelledby={`warning-${item.id}`} data-testid="public-warning" data-level={item.level}>
      <div className="warning-card-band" style={{ background: colour.background, color: colour.text }}>
        {bi(item.levelLabel)} · {bi(item.typeLabel)}
      </div>
      <div className="warning-card-body">
        <h2 id={`warning-${item.id}`}>{item.headline}</h2>
        <p>{item.description}</p>
        <dl>
          {item.instruction && (
            <div>
              <dt>{t('monitoring.warnings.public.instruction')}</dt>
              <dd>{item.instruction}</dd>
            </div>
          )}
          {facts
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
        <div className="warning-card-links">
          <a href={item.capUrl}>{t('monitoring.warnings.public.cap')}</a>
        </div>
      </div>
    </article>
  );
}

/**
 * 公众预警页面: the warnings in force for anyone without a login, the most severe first, as cards that read on a
 * phone; each links its CAP 1.2 document, and the page its Atom feed.
 */
export default function PublicWarningsPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const { data: config } = useClientConfig();
  const found = useApiQuery(api.monitoringWarnings.listPublicWarnings);
  const items = found.data?.items;
  return (
    <div className="warning-public">
      <header className="warning-public-bar">
        <AlertFilled className="warning-public-logo" aria-hidden />
        <div className="warning-public-title">
          <div className="warning-public-district">{config?.districtName ?? '\u00a0'}</div>
          <div className="warning-public-platform">{t('app.fullName')}</div>
        </div>
        <LanguageSwitch compact />
      </header>
      <main className="warning-public-main">
        <h1>{t('monitoring.warnings.public.title')}</h1>
        <p className="warning-public-intro">{t('monitoring.warnings.public.intro')}</p>
        {found.error ? (
          <Alert type="error" showIcon title={t('monitoring.warnings.public.loadFailed')} />
        ) : !items ? (
          <Spin size="large" className="page-spin" />
        ) : items.length === 0 ? (
          <Empty description={t('monitoring.warnings.public.empty')} />
        ) : (
          <>
            <div className="warning-public-total" aria-live="polite">
              {t('monitoring.warnings.public.total', { count: items.length })} ·{' '}
              {t('monitoring.warnings.public.updated', { time: time(found.data?.updatedAt) })}
            </div>
            <div className="warning-public-list">
              {items.map((item) => (
                <WarningCard key={item.id} item={item} />
              ))}
            </div>
          </>
        )}
        <footer className="warning-public-footer">
          <a href={api.monitoringWarnings.publicWarningsAtom.path}>{t('monitoring.warnings.public.atom')}</a>
          <Link to="/login">{t('monitoring.warnings.public.login')}</Link>
        </footer>
      </main>
    </div>
  );
}
