import { CheckOutlined, SendOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, List, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { usePagedList } from '../../shared/list/usePagedList';
import { invalidatePaths } from '../../shared/query';
import { DigestCard } from './DigestCard';
import { SendNotificationModal } from './SendNotificationModal';
import { internalLink, useOpenNotification } from './stream';

type Notification = api.Notification;

/** 通知中心: the caller's notifications, kept live by the stream the layout listens to, and their daily digest setting. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const can = useCan();
  const client = useQueryClient();
  const showError = useShowError();
  const [sending, setSending] = useState(false);
  const list = usePagedList(api.listNotifications);
  const unreadOnly = list.query.unread === true;
  // The unread count comes with every page of the list.
  const unread = list.data?.unread ?? 0;

  const refresh = () => invalidatePaths(client, api.listNotifications.path);
  const markRead = useMutation({
    mutationFn: (id: string) => call(api.markNotificationRead, { params: { id } }),
    onSuccess: refresh,
    onError: (e) => showError(e),
  });
  const open = useOpenNotification();
  const markAll = useMutation({ mutationFn: () => call(api.markAllNotificationsRead), onSuccess: refresh, onError: (e) => showError(e) });

  const renderItem = (n: Notification) => {
    const link = internalLink(n.link);
    return (
      <List.Item
        data-testid="notification-item"
        actions={
          n.readAt
            ? []
            : [
                <Button key="read" type="link" size="small" onClick={() => markRead.mutate(n.id)} data-testid="notification-mark-read">
                  {t('notifications.markRead')}
                </Button>,
              ]
        }
      >
        <List.Item.Meta
          avatar={<Badge status={n.readAt ? 'default' : 'processing'} />}
          title={
            <span className={n.readAt ? 'notification-read' : 'notification-unread'}>
              {link ? (
                <a
                  href={link}
                  onClick={(e) => {
                    e.preventDefault();
                    open(n);
                  }}
                  data-testid="notification-open"
                >
                  {n.title}
                </a>
              ) : (
                n.title
              )}
            </span>
          }
          description={
            <>
              {n.body && <Typography.Paragraph className="notification-body">{n.body}</Typography.Paragraph>}
              <Typography.Text type="secondary">{time(n.createdAt)}</Typography.Text>
            </>
          }
        />
      </List.Item>
    );
  };

  return (
    <>
      <PageHeader
        title={t('notifications.menu')}
        extra={
          <>
            <Button
              icon={<CheckOutlined />}
              onClick={() => markAll.mutate()}
              loading={markAll.isPending}
              disabled={!unread}
              data-testid="notification-mark-all"
            >
              {t('notifications.markAllRead')}
            </Button>
            {can('notification.send') && (
              <Button type="primary" icon={<SendOutlined />} onClick={() => setSending(true)} data-testid="notification-send">
                {t('notifications.send')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => list.setFilters({ unread: v === 'unread' ? true : undefined })}
            options={[
              { value: 'all', label: t('notifications.all') },
              { value: 'unread', label: t('notifications.unreadCount', { count: unread }) },
            ]}
          />
        </FilterBar>
        <List<Notification>
          loading={list.isFetching}
          dataSource={list.items}
          renderItem={renderItem}
          locale={{ emptyText: <Typography.Text type="secondary">{t('notifications.empty')}</Typography.Text> }}
          pagination={{
            current: list.query.page,
            pageSize: list.query.pageSize,
            total: list.total,
            onChange: list.setPage,
            hideOnSinglePage: true,
          }}
        />
      </Card>
      <DigestCard />
      {sending && <SendNotificationModal onClose={() => setSending(false)} />}
    </>
  );
}
