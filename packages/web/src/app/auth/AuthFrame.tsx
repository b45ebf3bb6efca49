import { SafetyCertificateFilled } from '@ant-design/icons';
import { Card } from 'antd';
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
        <SafetyCertificateFilled className="auth-logo" />
        <div>
          <div className="auth-district">{config?.districtName ?? '\u00a0'}</div>
          <div className="auth-platform">{t('app.fullName')}</div>
        </div>
      </div>
      <Card title={title} className="auth-card">
        {children}
      </Card>
    </div>
  );
}
