import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { type BodyOf, call, isApiError } from '../../shared/api';
import { useBi } from '../../shared/locale';
import { useLocale } from '../LocaleProvider';
import { sessionKey, setSession, useSession } from '../session';
import { AuthFrame } from './AuthFrame';

type LoginBody = BodyOf<typeof api.login>;

/** Where to go after login: only paths inside this app, never another site. */
const safeNext = (next: string | null): string => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export function LoginPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { changeLocale } = useLocale();
  const [search] = useSearchParams();
  const { data: user } = useSession();
  const next = safeNext(search.get('next'));

  const login = useMutation({
    mutationFn: (body: LoginBody) => call(api.login, { body }),
    onSuccess: (session) => {
      setSession(client, session);
      changeLocale(session.user.locale);
      navigate(session.user.mustChangePassword ? '/change-password' : next, { replace: true });
    },
    onError: async (error) => {
      // Some servers refuse the login itself until the password is changed; the session exists.
      if (isApiError(error, 'PASSWORD_CHANGE_REQUIRED')) {
        await client.refetchQueries({ queryKey: sessionKey });
        navigate('/change-password', { replace: true });
      }
    },
  });

  if (user && !login.isPending) return <Navigate to={user.mustChangePassword ? '/change-password' : next} replace />;

  return (
    <AuthFrame title={t('login.title')}>
      <Form<LoginBody> layout="vertical" size="large" onFinish={(values) => login.mutate(values)} requiredMark={false}>
        {login.error && !isApiError(login.error, 'PASSWORD_CHANGE_REQUIRED') && (
          <Alert
            type="error"
            showIcon
            className="form-alert"
            data-testid="login-error"
            title={isApiError(login.error) ? bi(login.error.bilingual) : t('errors.unexpected')}
          />
        )}
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending}>
          {t('login.submit')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
