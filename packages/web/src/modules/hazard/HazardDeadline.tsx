import type { api } from '@citysafe/domain';
import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

type Standing = api.hazardExtensions.Extensions['standing'];

/**
 * A hazard's binding deadline with its countdown, as the server computed it on today's Asia/Shanghai day:
 * the days left (orange when due soon), the days overdue in red, nothing to count once closed.
 */
export function HazardDeadline({ standing }: { standing: Standing }) {
  const { t } = useTranslation();
  const label = standing.field === 'supervisionDeadline' ? t('hazard.extensions.supervisionDeadline') : t('hazard.extensions.deadline');
  const days = standing.daysLeft ?? 0;
  const tag = (() => {
    switch (standing.state) {
      case 'overdue':
        return <Tag color="error">{t('hazard.extensions.overdue', { days: standing.daysOverdue })}</Tag>;
      case 'due_soon':
        return <Tag color="warning">{days === 0 ? t('hazard.extensions.dueToday') : t('hazard.extensions.dueSoon', { days })}</Tag>;
      case 'on_time':
        return <Tag color="success">{t('hazard.extensions.onTime', { days })}</Tag>;
      case 'closed':
        return <Tag>{t('hazard.extensions.closed')}</Tag>;
      case 'none':
        return null;
    }
  })();
  return (
    <Space size="small" wrap data-testid="hazard-deadline" data-state={standing.state}>
      <span>
        {label}：{standing.deadline ?? t('hazard.extensions.noDeadline')}
      </span>
      {tag}
    </Space>
  );
}
