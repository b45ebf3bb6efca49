import { Spin } from 'antd';
import { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { useCan } from '../../app/session';
import './hazard.css';

// Each page loads on its own: a grid member reporting on a phone does not download the register.
const HazardsPage = lazy(() => import('./HazardsPage'));
const HazardReportPage = lazy(() => import('./HazardReportPage'));
const HazardDetailPage = lazy(() => import('./HazardDetailPage'));

/** 隐患台账, the report form and a hazard's page. */
export default function HazardsModule() {
  const can = useCan();
  return (
    <Suspense fallback={<Spin size="large" className="page-spin" />}>
      <Routes>
        <Route index element={<HazardsPage />} />
        <Route path="new" element={can('hazard.report') ? <HazardReportPage /> : <ErrorPage status={403} />} />
        <Route path=":id" element={<HazardDetailPage />} />
        <Route path="*" element={<ErrorPage status={404} />} />
      </Routes>
    </Suspense>
  );
}
