import { Button } from 'antd';
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

// The status pictures are most of antd's Result: loaded when an error page is first shown.
const ErrorResult = lazy(() => import('./ErrorResult'));

/** 403, 404 and 500 pages; 500 is also the router's error boundary for a page that crashed. */
export function ErrorPage({ status }: { status: 403 | 404 | 500 }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const text = { 403: 'errors.forbidden', 404: 'errors.notFound', 500: 'errors.serverError' } as const;
  return (
    <Suspense fallback={null}>
      <ErrorResult
        status={status}
        title={status}
        subTitle={t(text[status])}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {t('errors.backHome')}
          </Button>
        }
      />
    </Suspense>
  );
}
