import { Spin } from 'antd';
import { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import './sources.css';

// Each page loads on its own: a grid member opening one source on a phone does not download the import.
const SourcesPage = lazy(() => import('./SourcesPage'));
const SourceFormPage = lazy(() => import('./SourceFormPage'));
const SourceDetailPage = lazy(() => import('./SourceDetailPage'));
const ImportSourcesPage = lazy(() => import('./ImportSourcesPage'));

/** 风险源普查: the register (风险清单), a source's page, its form and the xlsx import. */
export default function SourcesModule() {
  return (
    <Suspense fallback={<Spin size="large" className="page-spin" />}>
      <Routes>
        <Route index element={<SourcesPage />} />
        <Route path="new" element={<SourceFormPage />} />
        <Route path="import" element={<ImportSourcesPage />} />
        <Route path=":id" element={<SourceDetailPage />} />
        <Route path=":id/edit" element={<SourceFormPage />} />
        <Route path="*" element={<ErrorPage status={404} />} />
      </Routes>
    </Suspense>
  );
}
