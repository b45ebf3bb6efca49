import { api } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { usePasswordRule } from '../../shared/password';

type User = api.User;

/** 重置密码: the user must choose a new one at next login, and their sessions end. */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const passwordRule = usePasswordRule();
  const [form] = Form.useForm<{ password: string }>();

  const reset = useMutation({
    mutationFn: ({ password }: { password: string }) => call(api.resetUserPassword, { params: { id: user.id }, body: { password } }),
    onSuccess: () => {
      message.success(t('users.passwordReset'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('users.resetPasswordTitle', { name: user.displayName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon className="form-alert" title={t('users.resetPasswordHelp')} />
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v)}>
        <Form.Item
          name="password"
          label={t('users.newPassword')}
          rules={[{ required: true, message: t('users.passwordRequired') }, passwordRule(user.username)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
