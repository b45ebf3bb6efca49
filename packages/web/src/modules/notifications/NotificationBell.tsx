import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useNotificationStream, useUnreadCount } from './stream';

/** The header's bell: unread notifications, live (it keeps the stream open while someone is logged in); opens 通知中心. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useNotificationStream();
  const unread = useUnreadCount();
  return (
    <Button
      type="text"
      aria-label={t('notifications.bell', { count: unread })}
      data-testid="notification-bell"
      onClick={() => navigate('/notifications')}
      icon={
        <Badge count={unread} size="small" data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      }
    />
  );
}
