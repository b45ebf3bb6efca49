import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Spin, Steps, Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { useCan } from '../../app/session';
import { call, isApiError } from '../../shared/api';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx } from '../../shared/exportXlsx';
import { useBi } from '../../shared/locale';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { CampaignNav } from './CampaignNav';
import { campaignPathPrefix, type Schedule, phaseState, shanghaiToday } from './data';
import { DeadlineTag, DeadlineText } from './labels';
import { usePeriodText } from './PhaseTimeline';

type Row = Schedule['schedule'][number];

/**
 * 数据核对提示: what the import of the plan found inconsistent. 安委办 confirms each after checking;
 * the plan's data stays as the seed has it either way. Shown only to those who may confirm: a department or
 * a street can do nothing about it, and a warning nobody can act on is noise.
 */
function Flags({ campaignId, flags }: { campaignId: string; flags: Schedule['flags'] }) {
  const { t } = useTranslation();
  const bi = useBi();
  const client = useQueryClient();
  const showError = useShowError();
  const formatTime = useFormatTime();
  const can = useCan();
  const confirm = useMutation({
    mutationFn: (key: string) => call(api.campaign.confirmFlag, { params: { id: campaignId }, body: { key } }),
    onSuccess: () => invalidatePaths(client, campaignPathPrefix),
    onError: (error) => showError(error),
  });
  if (flags.length === 0 || !can('campaign.manage')) return null;
  const open = flags.filter((f) => !f.confirmation).length;
  return (
    <Alert
      type={open > 0 ? 'warning' : 'success'}
      showIcon
      className="campaign-note"
      data-testid="schedule-flags"
      title={t('campaign.flagsTitle', { count: flags.length })}
      description={
        <ul className="campaign-flags">
          {flags.map((f) => (
            // The message names its row itself (任务第28项：…).
            <li key={f.key}>
              {bi(f.message)}{' '}
              {f.confirmation ? (
                <Typography.Text type="success">
                  {t('campaign.flagConfirmed', { by: f.confirmation.by, at: formatTime(f.confirmation.at) })}
                  {f.confirmation.note ? `：${f.confirmation.note}` : ''}
                </Typography.Text>
              ) : f.allowedActions.includes('confirm') ? (
                <Button size="small" type="link" loading={confirm.isPending} onClick={() => confirm.mutate(f.key)}>
                  {t('campaign.flagConfirm')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** 日程安排: the five phases of 附件1 and the nineteen steps of 附件3, with the plan's flags. */
export default function SchedulePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const periodText = usePeriodText();
  const campaign = useApiQuery(api.campaign.getCampaign, { params: { id } });
  const { data, error, isPending } = useApiQuery(api.campaign.getSchedule, { params: { id } });
  const shift = campaign.data?.shiftYears ?? 0;
  const spans = data?.phases ?? [];

  if (isApiError(error, 'NOT_FOUND') || isApiError(campaign.error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  const today = shanghaiToday();
  const stepStatus = { done: 'finish', current: 'process', upcoming: 'wait', unscheduled: 'wait' } as const;

  const columns: TableColumnsType<Row> = [
    { title: t('campaign.seq'), dataIndex: 'seq', width: 64 },
    {
      title: t('campaign.stepContent'),
      dataIndex: 'content',
      render: (content: string) => (
        <Typography.Paragraph
          className="campaign-content"
          ellipsis={{
            rows: 3,
            expandable: 'collapsible',
            symbol: (expanded) => (expanded ? t('campaign.collapse') : t('campaign.expand')),
          }}
        >
          {content}
        </Typography.Paragraph>
      ),
    },
    { title: t('campaign.responsibleText'), dataIndex: 'responsibleText', width: 200 },
    { title: t('campaign.deadline'), key: 'deadline', width: 150, render: (_, row) => <DeadlineText deadline={row.deadline} /> },
    {
      title: t('campaign.deadlineRange'),
      key: 'range',
      width: 200,
      render: (_, row) =>
        row.deadline.start && row.deadline.end
          ? t('campaign.range', { start: row.deadline.start, end: row.deadline.end })
          : t('campaign.noRange'),
    },
    {
      title: t('campaign.deadlineStateLabel'),
      dataIndex: 'deadlineState',
      width: 100,
      render: (s: Row['deadlineState']) => <DeadlineTag state={s} kind="schedule" />,
    },
  ];

  const onExport = async () => {
    if (!data) return;
    await exportXlsx(
      `${t('campaign.scheduleExportName')}_${dateStamp()}`,
      t('campaign.tabs.schedule'),
      [
        { header: t('campaign.seq'), value: (r: Row) => r.seq, width: 8 },
        { header: t('campaign.stepContent'), value: (r) => r.content, width: 60 },
        { header: t('campaign.responsibleText'), value: (r) => r.responsibleText, width: 30 },
        { header: t('campaign.deadline'), value: (r) => r.deadline.text, width: 20 },
        { header: t('campaign.deadlineStart'), value: (r) => r.deadline.start, width: 12 },
        { header: t('campaign.deadlineEnd'), value: (r) => r.deadline.end, width: 12 },
        { header: t('campaign.deadlineStateLabel'), value: (r) => t(`campaign.scheduleState.${r.deadlineState}`), width: 10 },
      ],
      data.schedule,
    );
  };

  return (
    <>
      <CampaignNav campaign={campaign.data} active="schedule" extra={<ExportButton onExport={onExport} />} />
      {isPending || !data ? (
        <Spin size="large" className="page-spin" />
      ) : (
        <>
          <Flags campaignId={id} flags={data.flags} />
          <Card size="small" title={t('campaign.phases')} className="campaign-row" data-testid="schedule-phases">
            <Steps
              orientation="vertical"
              size="small"
              items={spans.map((s) => ({
                key: s.seq,
                title: s.name,
                subTitle: periodText(s, shift),
                status: stepStatus[phaseState(s, today)],
                content: (
                  <Typography.Paragraph
                    type="secondary"
                    className="campaign-phase-text"
                    ellipsis={{
                      rows: 3,
                      expandable: 'collapsible',
                      symbol: (expanded) => (expanded ? t('campaign.collapse') : t('campaign.expand')),
                    }}
                  >
                    {s.content}
                  </Typography.Paragraph>
                ),
              }))}
            />
          </Card>
          <Card size="small" title={t('campaign.scheduleTitle', { count: data.schedule.length })} className="campaign-row">
            <Table<Row>
              rowKey="seq"
              size="middle"
              columns={columns}
              dataSource={data.schedule}
              pagination={false}
              scroll={{ x: 900 }}
              data-testid="schedule-table"
            />
          </Card>
        </>
      )}
    </>
  );
}
