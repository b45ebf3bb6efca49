import { SafetyCertificateFilled } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClientConfig } from '../../shared/config';
import { LanguageSwitch } from '../layout/LanguageSwitch';

/** The centred card that login and the forced password change share. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { data: config } = useClientConfig();
  return (
    <div className="auth-page">
      <div className="auth-language">
        <LanguageSwitch />
      </div>
      <div className="auth-heading">
        <SafetyCertificateFilled className="auth-logo" aria-hidden />
        <div>
          <div className="auth-district">{config?.districtName ?? '\u00a0'}</div>
          <div className="auth-platform">{t('app.fullName')}</div>
        </div>
      </div>
      {/* A plain card rather than antd's: its Card brings Tabs and Skeleton, which the first page a
          phone downloads has no use for. */}
      <section className="auth-card" aria-labelledby="auth-card-title">
        <h1 className="auth-card-title" id="auth-card-title">
          {title}
        </h1>
        <div className="auth-card-body">{children}</div>
      </section>
    </div>
  );
}
