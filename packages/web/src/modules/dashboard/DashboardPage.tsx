import { Card, Collapse, Spin, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useUser } from '../../app/session';
import { CampaignWidgets } from './CampaignWidgets';
import { InboxPanel } from './InboxPanel';
import { PlatformHealth } from './PlatformHealth';

// Charts and the map weigh more than the rest of the page together: only the administrator opens them.
const PlatformOverview = lazy(() => import('./PlatformOverview'));

/** 工作台: the person's work inbox first, the widgets of their role under it; the platform's figures for the administrator. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const user = useUser();
  const can = useCan();
  return (
    <>
      <Card size="small" className="welcome-card">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="welcome">
          {t('dashboard.welcome', { name: user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('dashboard.welcomeOrg', { org: user.orgName })}</Typography.Text>
      </Card>
      <div style={{ marginTop: 16 }}>
        <InboxPanel />
      </div>
      <div style={{ marginTop: 16 }}>
        <CampaignWidgets />
      </div>
      {can('platform.health') && (
        <div style={{ marginTop: 16 }}>
          <PlatformHealth />
        </div>
      )}
      {can('role.manage') && (
        <Collapse
          style={{ marginTop: 16 }}
          items={[
            {
              key: 'overview',
              label: <span data-testid="platform-overview">{t('dashboard.platformOverview')}</span>,
              children: (
                <Suspense fallback={<Spin />}>
                  <PlatformOverview />
                </Suspense>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
