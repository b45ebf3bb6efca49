import { api } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { type BodyOf, call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { OrgTreeSelect } from '../../shared/orgs';
import { UserPicker } from '../../shared/UserPicker';
import { useCan } from '../../app/session';

type Values = BodyOf<typeof api.sendNotification>;

/** 发送通知 to people or to whole orgs in the sender's scope. */
export function SendNotificationModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const zodRule = useZodRule();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const fields = api.sendNotification.body.shape;

  const send = useMutation({
    mutationFn: (v: Values) => call(api.sendNotification, { body: { ...v, link: v.link?.trim() || null } }),
    onSuccess: ({ recipients }) => {
      message.success(t('notifications.sent', { count: recipients }));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  // The contract asks for at least one recipient, across both fields.
  const recipientRule = ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: async () => {
      const users = (getFieldValue('userIds') as string[] | undefined) ?? [];
      const orgs = (getFieldValue('orgIds') as string[] | undefined) ?? [];
      if (users.length + orgs.length === 0) throw new Error(t('notifications.recipientsRequired'));
    },
  });

  return (
    <Modal
      open
      title={t('notifications.send')}
      okText={t('notifications.sendOk')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={send.isPending}
      destroyOnHidden
      width={600}
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => send.mutate(v)} data-testid="notification-form">
        <Form.Item
          name="title"
          label={t('notifications.title')}
          rules={[{ required: true, message: t('notifications.titleRequired') }, zodRule(fields.title)]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="body" label={t('notifications.body')} rules={[zodRule(fields.body)]}>
          <Input.TextArea rows={4} showCount maxLength={5000} />
        </Form.Item>
        {can('user.read') && (
          <Form.Item name="userIds" label={t('notifications.toUsers')} dependencies={['orgIds']} rules={[recipientRule]}>
            <UserPicker multiple placeholder={t('notifications.toUsersPlaceholder')} data-testid="notification-users" />
          </Form.Item>
        )}
        <Form.Item
          name="orgIds"
          label={t('notifications.toOrgs')}
          tooltip={t('notifications.toOrgsHelp')}
          dependencies={['userIds']}
          rules={[recipientRule]}
        >
          <OrgTreeSelect multiple placeholder={t('notifications.toOrgsPlaceholder')} />
        </Form.Item>
        <Form.Item name="link" label={t('notifications.link')} tooltip={t('notifications.linkHelp')} rules={[zodRule(fields.link)]}>
          <Input placeholder="/users" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
