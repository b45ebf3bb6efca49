import { DeleteOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Popconfirm, Space, Steps, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { call } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { AlarmLevelTag } from './alarmLabels';

type AlarmSettings = monitoring.AlarmSettings;
type WarningSettingsBody = Omit<api.monitoringWarnings.WarningSettings, 'sources'>;
type Confidence = 'V' | 'P' | 'U';

function useS(): (key: string, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  // The keys are this part's own (checked against en-US by the locale test); i18next's key types do not reach a prefix.
  const translate = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  return (key, values) => translate(`monitoring.settings.${key}`, values);
}

/** Where a value comes from: its confidence (regulation verified, or a local choice) and the source text. */
function SourceNote({ confidence, source, fallback }: { confidence: Confidence; source: string; fallback?: string }) {
  const s = useS();
  return (
    <div className="monitoring-setting-source" data-testid="setting-source">
      <Tag color={confidence === 'V' ? 'green' : 'orange'}>{s(`confidence.${confidence}`)}</Tag>
      <Typography.Text type="secondary">
        {s('source')}：{source}
        {fallback ? `；${fallback}` : ''}
      </Typography.Text>
    </div>
  );
}

const minutesRule = (message: string) => ({ type: 'integer' as const, min: 1, max: 1440, message });

/** 报警设置: escalation minutes and reminders per level, red's required channels, the shared SMS gateway. */
function AlarmSettingsTab() {
  const s = useS();
  const bi = useBi();
  const time = useFormatTime();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const client = useQueryClient();
  const [form] = Form.useForm<AlarmSettings>();
  const { data } = useApiQuery(api.monitoringAlarms.getAlarmSettings);
  const save = useMutation({
    mutationFn: (body: AlarmSettings) => call(api.monitoringAlarms.updateAlarmSettings, { body }),
    onSuccess: async (saved) => {
      client.setQueryData(apiKey(api.monitoringAlarms.getAlarmSettings), saved);
      await invalidatePaths(client, '/api/warnings/settings');
      message.success(s('saved'));
    },
    onError: (e) => showError(e, form),
  });
  if (!data) return <Card loading />;
  const source = (key: keyof AlarmSettings, fallback?: string) => (
    <SourceNote confidence={data.sources[key]!.confidence as Confidence} source={bi(data.sources[key]!.source)} fallback={fallback} />
  );
  const perLevel = (key: 'escalateAfterMinutes' | 'remindEveryMinutes') => (
    <Form.Item label={s(key)} extra={source(key)} required>
      <Space wrap>
        {monitoring.alarmLevels.map((level) => (
          <Form.Item
            key={level}
            name={[key, level]}
            noStyle={false}
            style={{ marginBottom: 0 }}
            rules={[{ required: true, message: s('minutesRange') }, minutesRule(s('minutesRange'))]}
          >
            <InputNumber
              addonBefore={<AlarmLevelTag level={level} />}
              addonAfter={s('minutes')}
              style={{ width: 230 }}
              data-testid={`setting-${key}-${level}`}
              placeholder={String(data.defaults[key][level])}
            />
          </Form.Item>
        ))}
      </Space>
    </Form.Item>
  );
  const allowed = data.allowedActions.includes('update');
  return (
    <Form<AlarmSettings>
      form={form}
      layout="vertical"
      initialValues={data.settings}
      disabled={!allowed}
      onFinish={(values) => save.mutate({ ...values, smsGatewayUrl: values.smsGatewayUrl?.trim() ?? '' })}
      data-testid="alarm-settings-form"
    >
      <Typography.Paragraph type="secondary" data-testid="alarm-settings-updated">
        {data.updatedAt ? s('updated', { by: data.updatedBy ?? '—', at: time(data.updatedAt) }) : s('neverUpdated')}
      </Typography.Paragraph>
      {perLevel('escalateAfterMinutes')}
      <Form.Item label={s('circles')}>
        <Steps
          size="small"
          current={-1}
          items={monitoring.escalationCircles.map((c, i) => ({
            title: s('circleStep', { step: i + 1 }),
            description: bi(monitoring.escalationCircleLabels[c]),
          }))}
        />
      </Form.Item>
      {perLevel('remindEveryMinutes')}
      <Form.Item name="redRequiredChannels" label={s('redRequiredChannels')} extra={source('redRequiredChannels')}>
        <Checkbox.Group
          data-testid="setting-redRequiredChannels"
          options={monitoring.alarmChannels.map((c) => ({ value: c, label: bi(monitoring.alarmChannelLabels[c]) }))}
        />
      </Form.Item>
      <Form.Item
        name="smsGatewayUrl"
        label={s('smsGatewayUrl')}
        extra={source('smsGatewayUrl')}
        rules={[zodRule(monitoring.alarmSettings.shape.smsGatewayUrl)]}
      >
        <Input placeholder={s('smsGatewayPlaceholder')} data-testid="setting-smsGatewayUrl" />
      </Form.Item>
      {allowed && (
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="alarm-settings-save">
          {s('save')}
        </Button>
      )}
    </Form>
  );
}

/** 预警发布设置: the CAP sender and identifier codes, and the SMS gateway shared with the alarms. */
function WarningSettingsTab() {
  const s = useS();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const client = useQueryClient();
  const [form] = Form.useForm<WarningSettingsBody & { smsGatewayUrl: string | null }>();
  const { data } = useApiQuery(api.monitoringWarnings.getWarningSettings);
  const save = useMutation({
    mutationFn: (body: WarningSettingsBody) => call(api.monitoringWarnings.putWarningSettings, { body }),
    onSuccess: async (saved) => {
      client.setQueryData(apiKey(api.monitoringWarnings.getWarningSettings), saved);
      await invalidatePaths(client, '/api/alarms/settings');
      message.success(s('saved'));
    },
    onError: (e) => showError(e, form),
  });
  if (!data) return <Card loading />;
  const shape = api.monitoringWarnings.warningSettings.shape;
  const sourceOf = (key: string) => (
    <SourceNote confidence={data.sources[key]!.confidence as Confidence} source={bi(data.sources[key]!.source)} />
  );
  const field = (key: 'capSender' | 'divisionCode' | 'agencyCode') => (
    <Form.Item
      name={key}
      label={s(key)}
      extra={sourceOf(key)}
      rules={[{ required: true, whitespace: true, message: s('required') }, zodRule(shape[key])]}
    >
      <Input data-testid={`setting-${key}`} style={{ maxWidth: 420 }} />
    </Form.Item>
  );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ ...data, smsGatewayUrl: data.smsGatewayUrl ?? '' }}
      onFinish={(values) => {
        const url = values.smsGatewayUrl?.trim();
        save.mutate({
          smsGatewayUrl: url ? url : null,
          capSender: values.capSender,
          divisionCode: values.divisionCode,
          agencyCode: values.agencyCode,
        });
      }}
      data-testid="warning-settings-form"
    >
      <Form.Item
        name="smsGatewayUrl"
        label={s('smsGatewayUrl')}
        extra={sourceOf('smsGatewayUrl')}
        rules={[zodRule(shape.smsGatewayUrl.unwrap())]}
      >
        <Input placeholder={s('smsGatewayPlaceholder')} data-testid="warning-setting-smsGatewayUrl" />
      </Form.Item>
      {field('capSender')}
      {field('divisionCode')}
      {field('agencyCode')}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="warning-settings-save">
        {s('save')}
      </Button>
    </Form>
  );
}

/** CAP 订阅源: the feeds drafters import from, added and removed by the approvers. */
function FeedsTab({ canManage }: { canManage: boolean }) {
  const s = useS();
  const bi = useBi();
  const time = useFormatTime();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const client = useQueryClient();
  const [form] = Form.useForm<api.monitoringWarnings.CapFeedInput>();
  const { data } = useApiQuery(api.monitoringWarnings.listCapFeeds);
  const refresh = () => invalidatePaths(client, '/api/warnings');
  const add = useMutation({
    mutationFn: (body: api.monitoringWarnings.CapFeedInput) => call(api.monitoringWarnings.createCapFeed, { body }),
    onSuccess: async () => {
      form.resetFields();
      message.success(s('feeds.added'));
      await refresh();
    },
    onError: (e) => showError(e, form),
  });
  const remove = useMutation({
    mutationFn: (id: string) => call(api.monitoringWarnings.deleteCapFeed, { params: { id } }),
    onSuccess: async () => {
      message.success(s('feeds.removed'));
      await refresh();
    },
    onError: (e) => showError(e),
  });
  const importNow = useFeedImport();
  const shape = api.monitoringWarnings.capFeedInput.shape;
  return (
    <>
      <Alert type="info" showIcon message={s('feeds.intro')} style={{ marginBottom: 16 }} />
      {canManage && (
        <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} style={{ marginBottom: 16, rowGap: 8 }} data-testid="feed-form">
          <Form.Item name="name" rules={[{ required: true, whitespace: true, message: s('required') }, zodRule(shape.name)]}>
            <Input placeholder={s('feeds.name')} data-testid="feed-name" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="url" rules={[{ required: true, whitespace: true, message: s('required') }, zodRule(shape.url)]}>
            <Input placeholder={s('feeds.url')} data-testid="feed-url" style={{ width: 420 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="feed-add">
            {s('feeds.add')}
          </Button>
        </Form>
      )}
      <Table
        size="small"
        rowKey="id"
        loading={!data}
        dataSource={data ?? []}
        pagination={false}
        locale={{ emptyText: s('feeds.empty') }}
        columns={[
          { title: s('feeds.name'), dataIndex: 'name' },
          { title: s('feeds.url'), dataIndex: 'url', render: (url: string) => <Typography.Text code>{url}</Typography.Text> },
          {
            title: s('feeds.lastFetchedAt'),
            dataIndex: 'lastFetchedAt',
            render: (at: string | null) => (at ? time(at) : s('feeds.never')),
          },
          {
            title: s('feeds.lastResult'),
            dataIndex: 'lastResult',
            render: (r: api.monitoringWarnings.CapFeed['lastResult']) =>
              !r ? (
                '—'
              ) : r.error ? (
                <Typography.Text type="danger" data-testid="feed-error">
                  {bi(r.error)}
                </Typography.Text>
              ) : (
                <span data-testid="feed-result">{s('feeds.result', { imported: r.imported, duplicates: r.duplicates })}</span>
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, feed) => (
              <Space>
                <Button size="small" icon={<ImportOutlined />} onClick={() => importNow.mutate(feed)} data-testid="feed-import">
                  {s('feeds.importNow')}
                </Button>
                {canManage && (
                  <Popconfirm title={s('feeds.removeConfirm')} onConfirm={() => remove.mutate(feed.id)}>
                    <Button size="small" danger icon={<DeleteOutlined />}>
                      {s('feeds.remove')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

/** 从订阅源导入: fetches one feed; a new draft is announced (and returned), a message imported before is said so. */
export function useFeedImport(onDraft?: (id: string) => void) {
  const s = useS();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (feed: Pick<api.monitoringWarnings.CapFeed, 'id' | 'name'>) =>
      call(api.monitoringWarnings.importCapFeed, { params: { id: feed.id } }),
    onSuccess: async (result) => {
      await invalidatePaths(client, '/api/warnings');
      const draft = result.imported[0];
      if (draft) {
        message.success(s('importFeedDone', { name: result.feed.name }));
        onDraft?.(draft.id);
      } else message.info(s('importFeedDuplicate', { name: result.feed.name }));
    },
    onError: async (e) => {
      await invalidatePaths(client, '/api/warnings/feeds');
      showError(e);
    },
  });
}

/** 监测预警设置: one page, a tab per settings the caller may see (each as its API requires). */
export default function MonitoringSettingsPage() {
  const s = useS();
  const can = useCan();
  const tabs = [
    can('monitoring.rule') && { key: 'alarms', label: s('tabs.alarms'), children: <AlarmSettingsTab /> },
    can('monitoring.warn.approve') && { key: 'warnings', label: s('tabs.warnings'), children: <WarningSettingsTab /> },
    can('monitoring.warn') && { key: 'feeds', label: s('tabs.feeds'), children: <FeedsTab canManage={can('monitoring.warn.approve')} /> },
  ].filter((tab) => tab !== false);
  return (
    <>
      <PageHeader title={s('title')} />
      <Card size="small">
        {tabs.length ? <Tabs items={tabs} data-testid="settings-tabs" /> : <Alert type="warning" message={s('noAccess')} />}
      </Card>
    </>
  );
}
