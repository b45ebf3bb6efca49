import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** 403, 404 and 500 pages; 500 is also the router's error boundary for a page that crashed. */
export function ErrorPage({ status }: { status: 403 | 404 | 500 }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const text = { 403: 'errors.forbidden', 404: 'errors.notFound', 500: 'errors.serverError' } as const;
  return (
    <Result
      status={status}
      title={status}
      subTitle={t(text[status])}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('errors.backHome')}
        </Button>
      }
    />
  );
}
