import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Card, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { invalidatePaths, useApiQuery } from '../../shared/query';

/**
 * 每日待办推送: the person's own opt-in digest of their 待办 through a group robot of their org or
 * one above it. Each change is saved at once; the server refuses a robot outside their reach.
 */
export function DigestCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const { data } = useApiQuery(api.getDigest);
  const save = useMutation({
    mutationFn: (body: { enabled: boolean; webhookId: string | null }) => call(api.updateDigest, { body }),
    onSuccess: async (_, body) => {
      // Picking a robot keeps the switch as it was: say "saved", not "turned off".
      const was = data?.enabled === true && data.robots.some((r) => r.id === data.webhookId);
      // One answer on screen: the last change's.
      message.destroy();
      message.success(
        body.enabled === was ? t('notifications.digestSaved') : body.enabled ? t('notifications.digestOn') : t('notifications.digestOff'),
      );
      await invalidatePaths(client, api.getDigest.path);
    },
    onError: (e) => showError(e),
  });
  if (!data) return null;
  // A robot that left the person's reach (switched off, moved) is no longer offered: the choice starts over.
  const chosen = data.robots.some((r) => r.id === data.webhookId) ? data.webhookId : null;
  const none = data.robots.length === 0;

  return (
    <Card size="small" title={t('notifications.digestTitle')} className="digest-card" data-testid="digest-card">
      <Typography.Paragraph type="secondary">{t('notifications.digestHelp', { hour: data.hour })}</Typography.Paragraph>
      {none ? (
        <Typography.Text type="secondary" data-testid="digest-no-robots">
          {t('notifications.digestNoRobots')}
        </Typography.Text>
      ) : (
        <Space wrap size="middle">
          <Space>
            <Switch
              checked={data.enabled && chosen !== null}
              disabled={chosen === null}
              loading={save.isPending}
              onChange={(enabled) => save.mutate({ enabled, webhookId: chosen })}
              aria-label={t('notifications.digestEnabled')}
              data-testid="digest-switch"
            />
            <span>{t('notifications.digestEnabled')}</span>
          </Space>
          <Select
            value={chosen ?? undefined}
            placeholder={t('notifications.digestRobot')}
            aria-label={t('notifications.digestRobot')}
            style={{ minWidth: 260 }}
            options={data.robots.map((r) => ({ value: r.id, label: `${r.name}（${r.orgName}）` }))}
            onChange={(webhookId: string) => save.mutate({ enabled: data.enabled && chosen !== null, webhookId })}
            data-testid="digest-robot"
          />
        </Space>
      )}
      <Typography.Paragraph type="secondary" className="digest-note">
        {data.mentionable ? t('notifications.digestMention') : t('notifications.digestNoMention')}
        {data.lastSentOn && ` ${t('notifications.digestLastSent', { day: data.lastSentOn })}`}
      </Typography.Paragraph>
    </Card>
  );
}
