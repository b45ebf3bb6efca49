import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { invalidatePaths, useApiQuery } from '../../shared/query';

/** The unread count shown on the bell; refetched whenever the stream brings a notification. */
export function useUnreadCount(): number {
  const { data } = useApiQuery(api.listNotifications, { query: { unread: 'true', pageSize: 1 } });
  return data?.unread ?? 0;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Listens to the server's notification stream (SSE) while the person is logged in: each
 * `notification` event refreshes the lists, the bell and the work inbox, and pops up the title.
 */
export function useNotificationStream(): void {
  const client = useQueryClient();
  const { notification } = App.useApp();
  useEffect(() => {
    const source = new EventSource(api.notificationStream.path, { withCredentials: true });
    const onNotification = (event: MessageEvent<string>) => {
      // What is notified (a return, a submission, a 督办) usually changes someone's 待办 as well.
      void invalidatePaths(client, api.listNotifications.path, api.inbox.getInbox.path);
      const parsed = api.notification.safeParse(parseJson(event.data));
      if (parsed.success) notification.info({ title: parsed.data.title, description: parsed.data.body || undefined });
    };
    source.addEventListener('notification', onNotification);
    return () => source.close();
  }, [client, notification]);
}

/** A link inside this app opens in place; anything else is shown as text, never followed blindly. */
export const internalLink = (link: string | null) => (link && link.startsWith('/') && !link.startsWith('//') ? link : null);

/**
 * Opening a notification: marks it read (once), then follows its link inside the app. The bell, the
 * lists and the work inbox refresh together, so the count drops the moment it is opened.
 */
export function useOpenNotification(): (n: api.Notification) => void {
  const client = useQueryClient();
  const navigate = useNavigate();
  const showError = useShowError();
  const markRead = useMutation({
    mutationFn: (id: string) => call(api.markNotificationRead, { params: { id } }),
    onError: (e) => showError(e),
    onSettled: () => invalidatePaths(client, api.listNotifications.path, api.inbox.getInbox.path),
  });
  return (n) => {
    if (!n.readAt) markRead.mutate(n.id);
    const link = internalLink(n.link);
    if (link) void navigate(link);
  };
}
