import { Spin } from 'antd';
import { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { useCan } from '../../app/session';
import './incidents.css';

// Each page loads on its own: recording an incident on a phone does not download the list and its map.
const IncidentsPage = lazy(() => import('./IncidentsPage'));
const IncidentFormPage = lazy(() => import('./IncidentFormPage'));
const IncidentDetailPage = lazy(() => import('./IncidentDetailPage'));

/** 事故接报: the list with its map, the record form and an incident's page. */
export default function IncidentsModule() {
  const can = useCan();
  return (
    <Suspense fallback={<Spin size="large" className="page-spin" />}>
      <Routes>
        <Route index element={<IncidentsPage />} />
        <Route path="new" element={can('emergency.report') ? <IncidentFormPage /> : <ErrorPage status={403} />} />
        <Route path=":id" element={<IncidentDetailPage />} />
        <Route path="*" element={<ErrorPage status={404} />} />
      </Routes>
    </Suspense>
  );
}
