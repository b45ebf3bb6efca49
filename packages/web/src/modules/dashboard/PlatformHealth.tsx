import { api } from '@citysafe/domain';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormatTime } from '../../shared/format';
import { useApiQuery } from '../../shared/query';

/** A backup older than this is shown in red: a day's work or more would be lost. */
const STALE_BACKUP_HOURS = 24;

const gigabytes = (bytes: number): string => (bytes / 1024 ** 3).toFixed(1);

/** 平台运行状况 on the administrator's 工作台: failing jobs and webhook deliveries, disk, age of the last backup. */
export function PlatformHealth() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const { data } = useApiQuery(api.platformHealth);
  if (!data) return null;
  const backupHours = data.lastBackup ? (Date.parse(data.checkedAt) - Date.parse(data.lastBackup.at)) / 3_600_000 : null;
  const danger = { color: 'var(--ant-color-error, #cf1322)' };
  return (
    <Card size="small" title={t('dashboard.health.title')} data-testid="widget-health">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic
            title={t('dashboard.health.jobs')}
            value={data.jobs.failed}
            suffix={t('dashboard.health.retrying', { count: data.jobs.retrying })}
            styles={{ content: data.jobs.failed ? danger : undefined }}
            data-testid="health-jobs"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('dashboard.health.webhooks')}
            value={data.webhookDeliveries.failed}
            suffix={t('dashboard.health.retrying', { count: data.webhookDeliveries.retrying })}
            styles={{ content: data.webhookDeliveries.failed ? danger : undefined }}
            data-testid="health-webhooks"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('dashboard.health.disk')} value={gigabytes(data.disk.usedBytes)} suffix="GB" data-testid="health-disk" />
          {data.disk.freeBytes !== null && (
            <Typography.Text type="secondary">{t('dashboard.health.free', { free: gigabytes(data.disk.freeBytes) })}</Typography.Text>
          )}
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('dashboard.health.backup')}
            value={
              backupHours === null ? t('dashboard.health.noBackup') : t('dashboard.health.hoursAgo', { hours: Math.floor(backupHours) })
            }
            styles={{ content: backupHours === null || backupHours > STALE_BACKUP_HOURS ? danger : undefined }}
            data-testid="health-backup"
          />
          {data.lastBackup && <Typography.Text type="secondary">{time(data.lastBackup.at)}</Typography.Text>}
        </Col>
      </Row>
    </Card>
  );
}
