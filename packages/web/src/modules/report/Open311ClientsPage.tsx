import { PlusOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { PageHeader } from '../../shared/PageHeader';
import { PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { invalidatePaths } from '../../shared/query';

type Open311Client = z.output<typeof api.open311.open311Client>;

/** Where GeoReport v2 is served on this server (the server's `OPEN311_BASE`). */
const endpointUrl = () => `${window.location.origin}/open311/v2`;

/** The new key: shown here once, never again (the server keeps only its hash). */
function IssuedKey({ apiKey, onClose }: { apiKey: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('report.handling.open311.createdTitle')}
      onOk={onClose}
      onCancel={onClose}
      okText={t('report.handling.open311.copiedIt')}
      footer={(_, { OkBtn }) => <OkBtn />}
    >
      <Alert type="warning" showIcon className="form-alert" title={t('report.handling.open311.shownOnce')} />
      <Typography.Paragraph copyable={{ text: apiKey }} code className="token-secret" data-testid="open311-key">
        {apiKey}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('report.handling.open311.usage', { url: endpointUrl() })}</Typography.Paragraph>
    </Modal>
  );
}

/** 签发 API key to an app by its name. */
function IssueKeyModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const zodRule = useZodRule();
  const showError = useShowError();
  const [form] = Form.useForm<{ name: string }>();
  const create = useMutation({
    mutationFn: (v: { name: string }) => call(api.open311.createOpen311Client, { body: v }),
    onSuccess: () => invalidatePaths(client, api.open311.listOpen311Clients.path),
    onError: (error) => showError(error, form),
  });
  if (create.data) return <IssuedKey apiKey={create.data.apiKey} onClose={onClose} />;
  return (
    <Modal
      open
      title={t('report.handling.open311.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="name"
          label={t('report.handling.open311.name')}
          tooltip={t('report.handling.open311.nameHelp')}
          rules={[
            { required: true, message: t('report.handling.open311.nameRequired') },
            zodRule(api.open311.createOpen311Client.body.shape.name),
          ]}
        >
          <Input placeholder="西港随手拍小程序" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * Open311 接入: the apps (a WeChat mini-program, a 12345 hotline system) that send reports over GeoReport v2, each
 * with its API key; a key is shown once when issued and can be revoked.
 */
export default function Open311ClientsPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const [issuing, setIssuing] = useState(false);
  const list = usePagedList(api.open311.listOpen311Clients);

  const revoke = useMutation({
    mutationFn: (id: string) => call(api.open311.revokeOpen311Client, { params: { id } }),
    onSuccess: async () => {
      message.success(t('report.handling.open311.revoked'));
      await invalidatePaths(client, api.open311.listOpen311Clients.path);
    },
    onError: (e) => showError(e),
  });

  const columns: TableColumnsType<Open311Client> = [
    { title: t('report.handling.open311.name'), dataIndex: 'name' },
    {
      title: t('report.handling.open311.prefix'),
      dataIndex: 'keyPrefix',
      render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
    },
    {
      title: t('common.status'),
      key: 'state',
      render: (_, c) =>
        c.revokedAt ? (
          <Tag>{t('report.handling.open311.stateRevoked')}</Tag>
        ) : (
          <Tag color="green">{t('report.handling.open311.stateActive')}</Tag>
        ),
    },
    { title: t('report.handling.open311.reports'), dataIndex: 'reports', align: 'right' },
    { title: t('report.handling.open311.lastUsedAt'), dataIndex: 'lastUsedAt', render: time, responsive: ['md'] },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: time, responsive: ['lg'] },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) =>
        !c.revokedAt && (
          <Popconfirm
            title={t('report.handling.open311.revokeConfirm', { name: c.name })}
            description={t('report.handling.open311.revokeHelp')}
            okText={t('report.handling.open311.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutateAsync(c.id).catch(() => undefined)}
          >
            <Button type="link" size="small" danger>
              {t('report.handling.open311.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('report.handling.open311.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>
            {t('report.handling.open311.create')}
          </Button>
        }
      />
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('report.handling.open311.intro')}</Typography.Paragraph>
        <Typography.Paragraph>
          {t('report.handling.open311.endpoint')}:{' '}
          <Typography.Text code copyable data-testid="open311-discovery">
            {`${endpointUrl()}/discovery.xml`}
          </Typography.Text>
        </Typography.Paragraph>
        <PagedTable<Open311Client> list={list} columns={columns} testId="open311-client-table" />
      </Card>
      {issuing && <IssueKeyModal onClose={() => setIssuing(false)} />}
    </>
  );
}
