import { BellOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { Badge, Button, Dropdown, type MenuProps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApiQuery } from '../../shared/query';
import { useNotificationStream, useOpenNotification, useUnreadCount } from './stream';

/** How many of the newest unread notifications the bell's dropdown lists; the rest are in 通知中心. */
const RECENT = 5;

/**
 * The header's bell: unread notifications, live (it keeps the stream open while someone is logged in).
 * Its dropdown lists the newest unread ones: opening one marks it read and follows its link.
 */
export default function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  useNotificationStream();
  const unread = useUnreadCount();
  const openNotification = useOpenNotification();
  // Fetched only while the dropdown is open: the count alone keeps the header light.
  const recent = useApiQuery(api.listNotifications, { query: { unread: 'true', pageSize: RECENT } }, { enabled: open });
  const notifications = recent.data?.items ?? [];

  const items: MenuProps['items'] = [
    ...notifications.map((n) => ({
      key: n.id,
      label: (
        <span data-testid="bell-notification" className="bell-notification">
          <Typography.Text strong ellipsis style={{ maxWidth: 280 }}>
            {n.title}
          </Typography.Text>
        </span>
      ),
      onClick: () => openNotification(n),
    })),
    ...(notifications.length === 0 ? [{ key: 'empty', disabled: true, label: t('notifications.noUnread') }] : []),
    { type: 'divider' as const },
    { key: 'all', label: <span data-testid="bell-all">{t('notifications.viewAll')}</span>, onClick: () => void navigate('/notifications') },
  ];

  return (
    <Dropdown menu={{ items }} trigger={['click']} open={open} onOpenChange={setOpen} placement="bottomRight">
      <Button
        type="text"
        aria-label={t('notifications.bell', { count: unread })}
        data-testid="notification-bell"
        icon={
          <Badge count={unread} size="small" data-testid="notification-count">
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Dropdown>
  );
}
