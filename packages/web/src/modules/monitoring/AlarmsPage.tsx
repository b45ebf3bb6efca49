import { BellOutlined, FileExcelOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Modal, Select, Spin, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { buildQuery, call } from '../../shared/api';
import { dateStamp } from '../../shared/exportXlsx';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { type ListColumn, ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { apiKey, useApiQuery } from '../../shared/query';
import { AlarmLevelTag, AlarmStatusTag, useAlarmText } from './alarmLabels';

type Alarm = api.monitoringAlarms.Alarm;
type Channels = api.monitoringAlarms.ChannelPrefsView['channels'];

/** Each person's channels per level; red's required channels are shown checked and cannot be unticked. */
function ChannelsModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const m = useAlarmText();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const { data } = useApiQuery(api.monitoringAlarms.getChannelPrefs);
  const [form] = Form.useForm<Channels>();
  const save = useMutation({
    mutationFn: (channels: Channels) => call(api.monitoringAlarms.updateChannelPrefs, { body: { channels } }),
    onSuccess: (saved) => {
      client.setQueryData(apiKey(api.monitoringAlarms.getChannelPrefs), saved);
      message.success(m('channelsSaved'));
      onClose();
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Modal
      open
      title={m('channelsTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {!data ? (
        <Spin />
      ) : (
        <Form<Channels> form={form} layout="horizontal" initialValues={data.channels} onFinish={(v) => save.mutate(v)}>
          <Typography.Paragraph type="secondary">{m('channelsHelp')}</Typography.Paragraph>
          {monitoring.alarmLevels.map((level) => (
            <Form.Item key={level} name={level} label={<AlarmLevelTag level={level} />}>
              <Checkbox.Group
                data-testid={`alarm-channels-${level}`}
                options={monitoring.alarmChannels.map((c) => ({
                  value: c,
                  label: bi(monitoring.alarmChannelLabels[c]),
                  disabled: data.required[level].includes(c),
                }))}
              />
            </Form.Item>
          ))}
        </Form>
      )}
    </Modal>
  );
}

/** 监测报警: every alarm the caller may see, filtered by level, state and device, with its count and handling. */
export default function AlarmsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const m = useAlarmText();
  const list = usePagedList(api.monitoringAlarms.listAlarms);
  const filters = list.query;
  const filter = list.setFilters;
  const { page: _page, pageSize: _size, ...shared } = filters;
  const [channels, setChannels] = useState(false);

  const columns: ListColumn<Alarm>[] = [
    {
      title: m('code'),
      dataIndex: 'code',
      key: 'code',
      width: 150,
      sorter: true,
      render: (code: string, a) => (
        <Link to={`/monitoring/alarms/${a.id}`} data-testid="alarm-open">
          {code}
        </Link>
      ),
    },
    {
      title: m('level'),
      dataIndex: 'level',
      key: 'level',
      width: 120,
      sorter: true,
      priority: true,
      render: (l: monitoring.AlarmLevel) => <AlarmLevelTag level={l} />,
    },
    {
      title: m('status'),
      dataIndex: 'status',
      width: 110,
      priority: true,
      render: (s: monitoring.AlarmStatus) => <AlarmStatusTag status={s} />,
    },
    { title: m('device'), dataIndex: 'deviceName', width: 180, render: (n: string, a) => `${n}（${a.deviceCode}）` },
    {
      title: m('value'),
      key: 'value',
      width: 150,
      render: (_: unknown, a) => {
        const unit = a.unit ? ` ${a.unit}` : '';
        return `${a.lastValue}${unit}${a.threshold !== null ? ` / ${a.threshold}${unit}` : ''}`;
      },
    },
    { title: m('count'), dataIndex: 'count', width: 70 },
    {
      title: m('lastRaisedAt'),
      dataIndex: 'lastRaisedAt',
      key: 'lastRaisedAt',
      width: 150,
      sorter: true,
      render: (at: string) => time(at),
    },
    { title: m('unit'), dataIndex: 'orgName', width: 180, responsive: ['lg'] },
    { title: m('street'), dataIndex: 'streetName', width: 100, responsive: ['xl'], render: (s: string | null) => s ?? '—' },
    { title: m('dispatchOrg'), dataIndex: 'dispatchOrgName', width: 160, responsive: ['xl'], render: (s: string | null) => s ?? '—' },
  ];

  return (
    <>
      <PageHeader
        title={m('title')}
        extra={
          <>
            <Button icon={<BellOutlined />} onClick={() => setChannels(true)} data-testid="alarm-channels">
              {m('channels')}
            </Button>
            <DownloadButton
              icon={<FileExcelOutlined />}
              path={api.monitoringAlarms.exportAlarms.path + buildQuery(shared)}
              fileName={`${m('exportName')}_${dateStamp()}.xlsx`}
              testId="alarm-export"
            >
              {t('common.exportExcel')}
            </DownloadButton>
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={m('searchPlaceholder')} testId="alarm-search" />
          <Select
            aria-label={m('level')}
            placeholder={m('anyLevel')}
            allowClear
            value={filters.level}
            onChange={(level?: monitoring.AlarmLevel) => filter({ level })}
            options={monitoring.alarmLevels.map((l) => ({ value: l, label: bi(monitoring.alarmLevelInfo[l].label) }))}
            style={{ width: 140 }}
            data-testid="alarm-filter-level"
          />
          <Select
            aria-label={m('status')}
            placeholder={m('anyStatus')}
            allowClear
            value={filters.status}
            onChange={(status?: monitoring.AlarmStatus) => filter({ status })}
            options={monitoring.alarmStatuses.map((s) => ({ value: s, label: bi(monitoring.alarmWorkflow.states[s].label) }))}
            style={{ width: 140 }}
            data-testid="alarm-filter-status"
          />
          <span>
            <Switch
              size="small"
              checked={filters.open === 'true'}
              onChange={(on) => filter({ open: on ? 'true' : undefined })}
              aria-label={m('openOnly')}
              data-testid="alarm-filter-open"
            />{' '}
            {m('openOnly')}
          </span>
        </FilterBar>
        <PagedTable<Alarm> list={list} columns={columns} scroll={{ x: 1100 }} testId="alarm-table" />
      </Card>
      {channels && <ChannelsModal onClose={() => setChannels(false)} />}
    </>
  );
}
