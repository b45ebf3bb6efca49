import { Menu, type MenuProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { comingModules, modules } from '../modules';
import { useCan } from '../session';

/** The module of a path: the longest module path that prefixes it. */
export function moduleOfPath(pathname: string) {
  return [...modules]
    .sort((a, b) => b.path.length - a.path.length)
    .find((m) => (m.path === '/' ? pathname === '/' : pathname === m.path || pathname.startsWith(`${m.path}/`)));
}

/** The left menu: modules the user holds the permission for (platform, then business), then the modules still being built. */
export function ModuleMenu({ onNavigate, theme }: { onNavigate?: () => void; theme: 'dark' | 'light' }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const permitted = modules.filter((m) => !m.permission || can(m.permission));
  const dashboard = permitted.find((m) => m.path === '/');
  const admin = permitted.filter((m) => m !== dashboard && !m.group);
  const business = permitted.filter((m) => m.group === 'business');

  const entry = (m: (typeof modules)[number]) => ({ key: m.path, icon: m.icon, label: t(`menu.${m.key}`) });
  const items: MenuProps['items'] = [
    ...(dashboard ? [entry(dashboard)] : []),
    { type: 'group', key: 'platform', label: t('menu.platform'), children: admin.map(entry) },
    {
      type: 'group',
      key: 'coming',
      label: t('menu.business'),
      children: [
        ...business.map(entry),
        ...comingModules.map((c) => ({
          key: c.key,
          icon: c.icon,
          disabled: true,
          label: (
            <span className="menu-coming">
              <span className="menu-coming-name">{t(`menu.${c.key}`)}</span>
              <Tag variant="outlined" className="menu-coming-tag">
                {t('app.comingSoon')}
              </Tag>
            </span>
          ),
        })),
      ],
    },
  ];

  const current = moduleOfPath(pathname);
  return (
    <Menu
      mode="inline"
      theme={theme}
      items={items}
      selectedKeys={current ? [current.path] : []}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}
