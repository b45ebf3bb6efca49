import { PlusOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import type { z } from 'zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { PageHeader } from '../../shared/PageHeader';
import { PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { invalidatePaths } from '../../shared/query';
import { WebhookFormModal } from './WebhookFormModal';

type Webhook = z.output<typeof api.webhook>;

/** The robot's address without its key: the key in the URL is what lets anyone post to the group. */
const maskUrl = (url: string) => url.replace(/(key|access_token)=([^&]{4})[^&]*/g, '$1=$2…');

/** 消息推送: 企业微信 / 钉钉 group robots that receive the platform's notifications. */
export default function WebhooksPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const list = usePagedList(api.listWebhooks);

  const test = useMutation({
    mutationFn: (id: string) => call(api.testWebhook, { params: { id } }),
    onSuccess: () => message.success(t('webhooks.testQueued')),
    onError: (e) => showError(e),
  });
  const remove = useMutation({
    mutationFn: (id: string) => call(api.deleteWebhook, { params: { id } }),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await invalidatePaths(client, api.listWebhooks.path);
    },
    onError: (e) => showError(e),
  });

  const columns: TableColumnsType<Webhook> = [
    { title: t('webhooks.name'), dataIndex: 'name' },
    {
      title: t('webhooks.kind'),
      dataIndex: 'kind',
      render: (k: Webhook['kind']) => <Tag color={k === 'wecom' ? 'green' : 'blue'}>{t(`webhooks.kinds.${k}`)}</Tag>,
    },
    {
      title: t('webhooks.url'),
      dataIndex: 'url',
      responsive: ['lg'],
      render: (url: string) => <Typography.Text type="secondary">{maskUrl(url)}</Typography.Text>,
    },
    {
      title: t('webhooks.forwardKinds'),
      dataIndex: 'kinds',
      responsive: ['md'],
      render: (kinds: string[]) => (kinds.length ? kinds.map((k) => <Tag key={k}>{k}</Tag>) : t('webhooks.allKinds')),
    },
    {
      title: t('common.status'),
      dataIndex: 'enabled',
      render: (on: boolean) => <Tag color={on ? 'green' : 'default'}>{on ? t('webhooks.on') : t('webhooks.off')}</Tag>,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: time, responsive: ['xl'] },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, w) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => test.mutate(w.id)}>
            {t('webhooks.test')}
          </Button>
          <Button type="link" size="small" onClick={() => setEditing(w)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('webhooks.deleteConfirm', { name: w.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutateAsync(w.id).catch(() => undefined)}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('webhooks.menu')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('webhooks.create')}
          </Button>
        }
      />
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
        <PagedTable<Webhook> list={list} columns={columns} testId="webhook-table" />
      </Card>
      {editing && <WebhookFormModal webhook={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
