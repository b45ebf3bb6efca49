import { api } from '@citysafe/domain';
import type { z } from 'zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { invalidatePaths } from '../../shared/query';

type Webhook = z.output<typeof api.webhook>;
type Kind = (typeof api.webhookKinds)[number];

interface Values {
  name: string;
  kind: Kind;
  url: string;
  secret?: string;
  kinds: string[];
  enabled: boolean;
}

/** 新建 / 编辑消息推送: a 企业微信 or 钉钉 group robot. */
export function WebhookFormModal({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const zodRule = useZodRule();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const fields = api.createWebhook.body.shape;

  const save = useMutation({
    mutationFn: ({ secret, ...v }: Values) => {
      // A stored secret is never sent back; left blank when editing, it stays as it is.
      const secretPart = secret?.trim() ? { secret: secret.trim() } : webhook ? {} : { secret: null };
      return webhook
        ? call(api.updateWebhook, { params: { id: webhook.id }, body: { ...v, ...secretPart } })
        : call(api.createWebhook, { body: { ...v, ...secretPart } });
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await invalidatePaths(client, api.listWebhooks.path);
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  const initial: Partial<Values> = webhook
    ? { name: webhook.name, kind: webhook.kind, url: webhook.url, kinds: webhook.kinds, enabled: webhook.enabled }
    : { kind: 'wecom', kinds: [], enabled: true };

  return (
    <Modal
      open
      title={webhook ? t('webhooks.editTitle', { name: webhook.name }) : t('webhooks.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="name"
          label={t('webhooks.name')}
          rules={[{ required: true, message: t('webhooks.nameRequired') }, zodRule(fields.name)]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('webhooks.kind')} rules={[{ required: true }]}>
          <Select options={api.webhookKinds.map((k) => ({ value: k, label: t(`webhooks.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          tooltip={t('webhooks.urlHelp')}
          rules={[{ required: true, message: t('webhooks.urlRequired') }, zodRule(fields.url)]}
        >
          <Input placeholder="https://" />
        </Form.Item>
        {kind === 'dingtalk' && (
          <Form.Item name="secret" label={t('webhooks.secret')} tooltip={t('webhooks.secretHelp')} rules={[zodRule(fields.secret)]}>
            <Input.Password autoComplete="off" placeholder={webhook?.hasSecret ? t('webhooks.secretKept') : 'SEC…'} />
          </Form.Item>
        )}
        <Form.Item name="kinds" label={t('webhooks.forwardKinds')} tooltip={t('webhooks.forwardKindsHelp')}>
          <Select mode="tags" open={false} suffixIcon={null} placeholder={t('webhooks.allKinds')} />
        </Form.Item>
        <Form.Item name="enabled" label={t('webhooks.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
