import { PlusOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { Button, Card, Empty, Spin } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { useCan } from '../../app/session';
import { PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { CreateCampaignModal } from './CreateCampaignModal';
import './campaign.css';

// Each page loads on its own: a unit reporting from a phone does not download the charts.
const OverviewPage = lazy(() => import('./OverviewPage'));
const TasksPage = lazy(() => import('./TasksPage'));
const TaskDetailPage = lazy(() => import('./TaskDetailPage'));
const SchedulePage = lazy(() => import('./SchedulePage'));
const SupervisionsPage = lazy(() => import('./SupervisionsPage'));
const SupervisionDetailPage = lazy(() => import('./SupervisionDetailPage'));
const AssessmentPage = lazy(() => import('./AssessmentPage'));
const ScoringPage = lazy(() => import('./ScoringPage'));

/** /campaign: opens the latest campaign, or offers 安委办 to create the first one. */
function CampaignHome() {
  const { t } = useTranslation();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const { data, isPending } = useApiQuery(api.campaign.listCampaigns, { query: { pageSize: 200 } });
  if (isPending) return <Spin size="large" className="page-spin" />;
  const latest = data?.items[0];
  if (latest) return <Navigate to={`/campaign/${latest.id}`} replace />;
  return (
    <>
      <PageHeader title={t('campaign.menu')} />
      <Card>
        <Empty description={can('campaign.manage') ? t('campaign.emptyManage') : t('campaign.empty')}>
          {can('campaign.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">
              {t('campaign.create')}
            </Button>
          )}
        </Empty>
      </Card>
      {creating && <CreateCampaignModal onClose={() => setCreating(false)} />}
    </>
  );
}

/**
 * 创建工作 (国家安全发展示范城市创建): overview, task ledger and detail, schedule, 督办 and 通报, 考核,
 * 自评打分. Notifications link to /campaign/tasks/:id and /campaign/supervisions/:id.
 */
export default function CampaignModule() {
  return (
    <Suspense fallback={<Spin size="large" className="page-spin" />}>
      <Routes>
        <Route index element={<CampaignHome />} />
        <Route path="tasks/:taskId" element={<TaskDetailPage />} />
        <Route path="supervisions/:supervisionId" element={<SupervisionDetailPage />} />
        <Route path=":id" element={<OverviewPage />} />
        <Route path=":id/tasks" element={<TasksPage />} />
        <Route path=":id/schedule" element={<SchedulePage />} />
        <Route path=":id/supervisions" element={<SupervisionsPage />} />
        <Route path=":id/assessment" element={<AssessmentPage />} />
        <Route path=":id/scoring" element={<ScoringPage />} />
        <Route path="*" element={<ErrorPage status={404} />} />
      </Routes>
    </Suspense>
  );
}
