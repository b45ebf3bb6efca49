import { SafetyCertificateFilled } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/layout/LanguageSwitch';
import { useClientConfig } from '../../shared/config';
import './PublicReport.css';

/** The public report pages' frame: the district's bar (no menu, no login), the title and what the page is for. */
export function PublicReportFrame({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { data: config } = useClientConfig();
  return (
    <div className="public-report-page">
      <header className="public-report-bar">
        <SafetyCertificateFilled className="public-report-logo" aria-hidden />
        <div className="public-report-bar-title">
          <div className="public-report-district">{config?.districtName ?? '\u00a0'}</div>
          <div className="public-report-platform">{t('app.fullName')}</div>
        </div>
        <LanguageSwitch compact />
      </header>
      <main className="public-report-main">
        <h1>{title}</h1>
        {intro && <p className="public-report-intro">{intro}</p>}
        {children}
      </main>
    </div>
  );
}
