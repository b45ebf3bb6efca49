import { ApartmentOutlined, BellOutlined, TeamOutlined } from '@ant-design/icons';
import { api, orgTypes } from '@citysafe/domain';
import { Card, Col, Row, Statistic } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Chart, type ChartOption } from '../../shared/Chart';
import { useBi } from '../../shared/locale';
import { MapView } from '../../shared/MapView';
import { useOrgs } from '../../shared/orgs';
import { useApiQuery } from '../../shared/query';
import { useUnreadCount } from '../notifications/stream';
import { UsersByRoleChart } from './UsersByRoleChart';

function StatCard({ title, value, icon, to, testId }: { title: string; value?: number; icon: ReactNode; to: string; testId: string }) {
  return (
    <Card size="small" hoverable>
      <Link to={to} data-testid={testId}>
        <Statistic title={title} value={value ?? '—'} prefix={icon} />
      </Link>
    </Card>
  );
}

/** Orgs by kind (街道办事处, 社区, 企业…) over everything the user may see. */
function OrgTypesChart() {
  const { t } = useTranslation();
  const bi = useBi();
  const { orgs } = useOrgs();
  const option = useMemo<ChartOption>(() => {
    const counts = new Map<string, number>();
    for (const o of orgs) counts.set(o.type, (counts.get(o.type) ?? 0) + 1);
    const types = (Object.keys(orgTypes) as (keyof typeof orgTypes)[]).filter((k) => counts.has(k));
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: types.map((k) => bi(orgTypes[k])) },
      series: [
        {
          type: 'bar',
          name: t('dashboard.orgCount'),
          data: types.map((k) => counts.get(k) ?? 0),
          itemStyle: { color: '#1d5fbf' },
          barMaxWidth: 18,
        },
      ],
    };
  }, [orgs, bi, t]);
  return <Chart option={option} height={300} testId="chart-org-types" />;
}

/**
 * 平台概况 for the administrator: headline counts, orgs by kind, users by role and the district map.
 * Loaded on its own when opened, so the charts and the map never weigh on anyone else's 工作台.
 */
export default function PlatformOverview() {
  const { t } = useTranslation();
  const { orgs } = useOrgs();
  const unread = useUnreadCount();
  const users = useApiQuery(api.listUsers, { query: { pageSize: 1 } });

  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={8}>
          <StatCard title={t('dashboard.orgs')} value={orgs.length} icon={<ApartmentOutlined />} to="/orgs" testId="stat-orgs" />
        </Col>
        <Col xs={8}>
          <StatCard title={t('dashboard.users')} value={users.data?.total} icon={<TeamOutlined />} to="/users" testId="stat-users" />
        </Col>
        <Col xs={8}>
          <StatCard title={t('dashboard.unread')} value={unread} icon={<BellOutlined />} to="/notifications" testId="stat-unread" />
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('dashboard.orgTypes')}>
            <OrgTypesChart />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('dashboard.usersByRole')}>
            <UsersByRoleChart />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('dashboard.map')}>
            {/* The district's own areas and names: its boundaries are the base map. */}
            <MapView height={360} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
