import { Spin } from 'antd';
import { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import './major-hazard.css';

// Each page loads on its own: opening one unit on a phone does not download the form.
const InstallationsPage = lazy(() => import('./InstallationsPage'));
const InstallationFormPage = lazy(() => import('./InstallationFormPage'));
const InstallationDetailPage = lazy(() => import('./InstallationDetailPage'));

/** 重大危险源: 一张图一张表, a unit's page and its form. */
export default function InstallationsModule() {
  return (
    <Suspense fallback={<Spin size="large" className="page-spin" />}>
      <Routes>
        <Route index element={<InstallationsPage />} />
        <Route path="new" element={<InstallationFormPage />} />
        <Route path=":id" element={<InstallationDetailPage />} />
        <Route path=":id/edit" element={<InstallationFormPage />} />
        <Route path="*" element={<ErrorPage status={404} />} />
      </Routes>
    </Suspense>
  );
}
