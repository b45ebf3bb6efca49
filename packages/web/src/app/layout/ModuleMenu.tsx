import { Menu, type MenuProps, Tag } from 'antd';
import type { ParseKeys } from 'i18next';
import { cloneElement, isValidElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { comingModules, moduleRoutes } from '../modules';
import { useCan } from '../session';

/** The pages with a menu entry. */
const menuRoutes = moduleRoutes.flatMap(({ menu, ...route }) => (menu ? [{ ...route, ...menu }] : []));

/** The menu entry a path belongs to: the longest entry path that prefixes it. */
export function menuEntryOfPath(pathname: string) {
  return [...menuRoutes]
    .sort((a, b) => b.path.length - a.path.length)
    .find((m) => (m.path === '/' ? pathname === '/' : pathname === m.path || pathname.startsWith(`${m.path}/`)));
}

/**
 * A menu icon beside its label says nothing more: hidden from screen readers, which would
 * otherwise announce antd's English icon name ("safety-certificate") before the Chinese label.
 */
const decorative = (icon: ReactNode): ReactNode =>
  isValidElement<{ 'aria-hidden'?: boolean }>(icon) ? cloneElement(icon, { 'aria-hidden': true }) : icon;

/** The left menu: modules the user holds the permission for (platform, then business), then the modules still being built. */
export function ModuleMenu({ onNavigate, theme }: { onNavigate?: () => void; theme: 'dark' | 'light' }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const permitted = menuRoutes.filter((m) => !m.permission || can(m.permission));
  const dashboard = permitted.find((m) => m.path === '/');
  const platform = permitted.filter((m) => m !== dashboard && m.group === 'platform');
  const business = permitted.filter((m) => m !== dashboard && m.group === 'business');

  // defineModule checked each label against its module's own messages, which sit under the module's key.
  const entry = (m: (typeof menuRoutes)[number]) => ({
    key: m.path,
    icon: decorative(m.icon),
    label: t(`${m.module}.${m.label}` as ParseKeys),
  });
  const items: MenuProps['items'] = [
    ...(dashboard ? [entry(dashboard)] : []),
    { type: 'group', key: 'platform', label: t('menu.platform'), children: platform.map(entry) },
    {
      type: 'group',
      key: 'coming',
      label: t('menu.business'),
      children: [
        ...business.map(entry),
        ...comingModules.map((c) => ({
          key: c.key,
          icon: decorative(c.icon),
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

  const current = menuEntryOfPath(pathname);
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
