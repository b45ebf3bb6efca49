import { MenuFoldOutlined, MenuUnfoldOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Spin } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useClientConfig } from '../../shared/config';
import { modules } from '../modules';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';
import { ModuleMenu } from './ModuleMenu';
import { TextSizeSwitch } from './TextSizeSwitch';
import { UserMenu } from './UserMenu';

const MD_QUERY = '(min-width: 768px)';

/**
 * The frame of every page after login. Below antd's `md` breakpoint (768 px: phones of grid
 * members) the side menu becomes a drawer opened from the header.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // useBreakpoint is empty on the first render: ask the media query antd's `md` stands for (768 px)
  // then, so a phone does not draw the whole side menu first only to swap it for the drawer.
  const phone = screens.md === undefined ? !window.matchMedia(MD_QUERY).matches : !screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { data: config } = useClientConfig();

  return (
    <Layout className="app-layout">
      {!phone && (
        <Layout.Sider width={224} collapsedWidth={64} collapsed={collapsed} theme="dark" className="app-sider">
          <Brand collapsed={collapsed} />
          <ModuleMenu theme="dark" />
        </Layout.Sider>
      )}
      {phone && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          className="app-drawer"
          styles={{ body: { padding: 0 } }}
        >
          <Brand collapsed={false} />
          <ModuleMenu theme="dark" onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout>
        <Layout.Header className="app-header">
          <Button
            type="text"
            aria-label={t('app.toggleMenu')}
            data-testid="menu-toggle"
            icon={phone ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => (phone ? setDrawerOpen(true) : setCollapsed(!collapsed))}
          />
          <div className="app-header-title" data-testid="district-name">
            {config?.districtName}
            {!phone && <span className="app-header-subtitle">{t('app.fullName')}</span>}
          </div>
          <div className="app-header-actions">
            <LanguageSwitch compact={phone} />
            <TextSizeSwitch compact={phone} />
            {modules.map(({ key, header: Header }) => Header && <Header key={key} />)}
            <UserMenu compact={phone} />
          </div>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Suspense fallback={<Spin size="large" className="page-spin" />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
