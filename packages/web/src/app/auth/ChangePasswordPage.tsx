import { type EndpointOutput, api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { type BodyOf, call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { usePasswordRule } from '../../shared/password';
import { useApiQuery } from '../../shared/query';
import { sessionKey, useLogout, useSession } from '../session';
import { AuthFrame } from './AuthFrame';

type Values = BodyOf<typeof api.changePassword> & { confirm: string };
type Policy = EndpointOutput<typeof api.passwordPolicyEndpoint>;

/** The password rules in force, with the standard they come from. */
function PolicyNote({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const bi = useBi();
  return (
    <Alert
      type="info"
      className="form-alert"
      data-testid="password-policy"
      title={t('password.policyTitle')}
      description={
        <ul className="policy-list">
          <li>{t('password.policyLength', { count: policy.minLength })}</li>
          <li>{t('password.policyClasses', { count: policy.minClasses })}</li>
          <li>
            {t('password.policyLockout', {
              count: policy.maxFailedLogins,
              accountCount: policy.maxFailedLoginsPerAccount,
              minutes: policy.lockoutMinutes,
            })}
          </li>
          <li>{t('password.policyIdle', { minutes: policy.sessionIdleMinutes })}</li>
          <li>
            <Typography.Text type="secondary">{bi(policy.source)}</Typography.Text>
          </li>
        </ul>
      }
    />
  );
}

/**
 * Change one's own password. Forced (no way around it but logout) after an administrator created
 * the account or reset its password; reached from the user menu otherwise.
 */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const passwordRule = usePasswordRule();
  const navigate = useNavigate();
  const client = useQueryClient();
  const logout = useLogout();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const { data: user, isPending } = useSession();
  const { data: policy } = useApiQuery(api.passwordPolicyEndpoint);

  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: Values) => call(api.changePassword, { body: { currentPassword, newPassword } }),
    onSuccess: async () => {
      // An earlier refusal ("输入有误…") is answered now: it must not stay next to "密码已修改".
      message.destroy();
      message.success(t('password.changed'));
      await client.refetchQueries({ queryKey: sessionKey });
      navigate('/', { replace: true });
    },
    onError: (error) => showError(error, form),
  });

  if (isPending) return <Spin size="large" className="page-spin" />;
  if (!user) return <Navigate to="/login" replace />;
  const forced = user.mustChangePassword;

  return (
    <AuthFrame title={t('password.title')}>
      {forced && <Alert type="warning" showIcon className="form-alert" title={t('password.forced')} data-testid="password-forced" />}
      {policy && <PolicyNote policy={policy} />}
      <Typography.Paragraph type="secondary" data-testid="password-tokens-note">
        {t('password.tokensNote')}
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={(values) => change.mutate(values)}>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[{ required: true, message: t('password.newRequired') }, passwordRule(user.username)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            {t('common.save')}
          </Button>
          {forced ? (
            <Button onClick={() => void logout().then(() => navigate('/login'))}>{t('app.logout')}</Button>
          ) : (
            <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          )}
        </Space>
      </Form>
    </AuthFrame>
  );
}
