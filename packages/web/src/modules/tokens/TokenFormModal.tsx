import { type Action, actions as actionNames, api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { invalidatePaths } from '../../shared/query';

interface Values {
  name: string;
  actions: Action[];
  expiresAt?: Dayjs | null;
}

/** The secret of a new token: shown here once, never again (the server keeps only its hash). */
function TokenSecret({ token, onClose }: { token: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('tokens.createdTitle')}
      onOk={onClose}
      onCancel={onClose}
      okText={t('tokens.copiedIt')}
      footer={(_, { OkBtn }) => <OkBtn />}
    >
      <Alert type="warning" showIcon className="form-alert" title={t('tokens.shownOnce')} />
      <Typography.Paragraph copyable={{ text: token }} code className="token-secret" data-testid="token-secret">
        {token}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('tokens.usage')}</Typography.Paragraph>
    </Modal>
  );
}

/** 新建接口令牌 for an integrating system, granting a subset of the creator's own actions. */
export function TokenFormModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const user = useUser();
  const client = useQueryClient();
  const zodRule = useZodRule();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const fields = api.createToken.body.shape;
  // A token can carry only what its creator holds; the server refuses the rest.
  const own = (Object.keys(actionNames) as Action[]).filter((a) => user.permissions.includes(a));

  const create = useMutation({
    mutationFn: (v: Values) =>
      call(api.createToken, { body: { name: v.name, actions: v.actions, expiresAt: v.expiresAt ? v.expiresAt.toISOString() : null } }),
    onSuccess: () => invalidatePaths(client, api.listTokens.path),
    onError: (error) => showError(error, form),
  });

  if (create.data) return <TokenSecret token={create.data.token} onClose={onClose} />;

  return (
    <Modal
      open
      title={t('tokens.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={600}
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ actions: [] }} onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="name"
          label={t('tokens.name')}
          tooltip={t('tokens.nameHelp')}
          rules={[{ required: true, message: t('tokens.nameRequired') }, zodRule(fields.name)]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="actions" label={t('tokens.actions')} rules={[{ required: true, message: t('tokens.actionsRequired') }]}>
          <Checkbox.Group options={own.map((a) => ({ value: a, label: bi(actionNames[a]) }))} className="role-actions" />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('tokens.expiresAt')} tooltip={t('tokens.expiresAtHelp')}>
          <DatePicker showTime />
        </Form.Item>
      </Form>
    </Modal>
  );
}
