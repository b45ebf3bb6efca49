import { SafetyCertificateFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** The platform's mark at the top of the menu. */
export function Brand({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="app-brand">
      {/* Named only when it stands alone: antd would otherwise announce its English icon name. */}
      <SafetyCertificateFilled className="app-brand-icon" {...(collapsed ? { 'aria-label': t('app.name') } : { 'aria-hidden': true })} />
      {!collapsed && <span className="app-brand-name">{t('app.name')}</span>}
    </div>
  );
}
