import { PlusOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { type ListColumn, ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import type { rulesZh } from './locales/rules.zh-CN';
import { warningLevelHex } from './warningLabels';

type Rule = api.monitoringRules.AlarmRuleView;
type RuleInput = api.monitoringRules.AlarmRuleInput;
const r = api.monitoringRules;

/** The words of this part (`monitoring.rules.*`). */
function useRuleText() {
  const { t } = useTranslation();
  return (key: keyof typeof rulesZh, values?: Record<string, string | number>) =>
    values ? t(`monitoring.rules.${key}`, values) : t(`monitoring.rules.${key}`);
}

/** A rule's level as a solid tag in the warning colours (the same 红/橙/黄/蓝 the map and the alarms show). */
export function RuleLevelTag({ level }: { level: monitoring.AlarmLevel }) {
  const bi = useBi();
  const c = warningLevelHex[level];
  return (
    <Tag style={{ background: c.background, borderColor: c.background, color: c.text }} data-level={level}>
      {bi(monitoring.alarmLevelInfo[level].label)}
    </Tag>
  );
}

/** What the form edits: the contract's input, with the target chosen as device or type. */
type FormValues = Omit<RuleInput, 'deviceId' | 'deviceType'> & {
  target: 'device' | 'type';
  deviceId?: string;
  deviceType?: monitoring.DeviceType;
};

const fieldsByKind: Record<monitoring.RuleKind, (keyof FormValues)[]> = {
  threshold: ['op', 'threshold', 'forSeconds', 'hysteresis'],
  rate: ['op', 'ratePerMinute', 'forSeconds', 'hysteresis'],
  count: ['op', 'threshold', 'count', 'windowSeconds', 'hysteresis'],
  offline: ['offlineIntervals'],
};

/** The form of a new or existing rule: kind, target (one device or every device of a type), metric, condition, level. */
function RuleForm({ rule, onClose }: { rule: Rule | null; onClose: () => void }) {
  const m = useRuleText();
  const bi = useBi();
  const client = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form) ?? rule?.kind ?? 'threshold';
  const target = Form.useWatch('target', form) ?? (rule?.deviceType ? 'type' : 'device');
  const deviceId = Form.useWatch('deviceId', form);
  const [deviceSearch, setDeviceSearch] = useState('');
  const devices = useApiQuery(api.monitoringDevices.list, { query: { pageSize: 50, q: deviceSearch || undefined, sort: 'code' } });
  const chosen = devices.data?.items.find((d) => d.id === deviceId);
  const metricOptions = (
    target === 'device' && chosen
      ? chosen.metrics.map((x) => ({ key: x.key, unit: x.unit, label: x.label }))
      : Object.entries(monitoring.knownMetrics).map(([key, x]) => ({ key, unit: x.unit as string, label: bi(x.label) }))
  ).map((x) => ({ value: x.key, label: `${monitoring.metricLabel(x)}（${x.key}，${x.unit}）` }));
  const shown = new Set(fieldsByKind[kind]);

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const { target: chosenTarget, ...values } = v;
      const body: RuleInput = {
        ...values,
        deviceId: chosenTarget === 'device' ? v.deviceId : null,
        deviceType: chosenTarget === 'type' ? v.deviceType : null,
      };
      return rule ? call(r.updateRule, { params: { id: rule.id }, body }) : call(r.createRule, { body });
    },
    onSuccess: async () => {
      message.success(m('saved'));
      await invalidatePaths(client, '/api/alarm-rules');
      onClose();
    },
    onError: (e) => showError(e, form),
  });

  const initial: Partial<FormValues> = rule
    ? {
        name: rule.name,
        kind: rule.kind,
        metric: rule.metric,
        target: rule.deviceType ? 'type' : 'device',
        deviceId: rule.deviceId ?? undefined,
        deviceType: rule.deviceType ?? undefined,
        op: rule.op,
        threshold: rule.threshold,
        forSeconds: rule.forSeconds,
        hysteresis: rule.hysteresis,
        windowSeconds: rule.windowSeconds,
        count: rule.count,
        ratePerMinute: rule.ratePerMinute,
        offlineIntervals: rule.offlineIntervals,
        level: rule.level,
        enabled: rule.enabled,
      }
    : {
        kind: 'threshold',
        target: 'device',
        op: '>',
        forSeconds: 0,
        level: 'yellow',
        enabled: true,
        count: 3,
        windowSeconds: 600,
        offlineIntervals: 3,
      };

  return (
    <Modal
      open
      width={640}
      title={rule ? m('edit') : m('add')}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'rule-save' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} data-testid="rule-form">
        <Form.Item name="name" label={m('name')} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input maxLength={100} data-testid="rule-name" />
        </Form.Item>
        <Form.Item name="kind" label={m('kind')}>
          <Radio.Group
            optionType="button"
            options={monitoring.ruleKinds.map((k) => ({ value: k, label: bi(monitoring.ruleKindLabels[k]) }))}
            data-testid="rule-kind"
          />
        </Form.Item>
        <Form.Item name="target" label={m('target')} extra={m('targetHelp')}>
          <Radio.Group
            options={[
              { value: 'device', label: m('oneDevice') },
              { value: 'type', label: m('deviceType') },
            ]}
          />
        </Form.Item>
        {target === 'device' ? (
          <Form.Item name="deviceId" label={m('device')} rules={[{ required: true }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setDeviceSearch }}
              placeholder={m('devicePlaceholder')}
              loading={devices.isFetching}
              options={(devices.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }))}
              data-testid="rule-device"
            />
          </Form.Item>
        ) : (
          <Form.Item name="deviceType" label={m('deviceType')} rules={[{ required: true }]}>
            <Select
              options={monitoring.deviceTypeCodes.map((c) => ({ value: c, label: bi(monitoring.deviceTypes[c]) }))}
              data-testid="rule-device-type"
            />
          </Form.Item>
        )}
        <Form.Item name="metric" label={m('metric')} rules={[{ required: true }]}>
          <Select showSearch options={metricOptions} data-testid="rule-metric" />
        </Form.Item>
        <Space wrap align="start">
          {shown.has('op') && (
            <Form.Item name="op" label={kind === 'rate' ? m('direction') : m('op')} rules={[{ required: true }]}>
              <Select
                style={{ width: 150 }}
                options={monitoring.comparisonOps.map((op) => ({
                  value: op,
                  label: kind === 'rate' ? m(op.startsWith('>') ? 'rising' : 'falling') + ` (${op})` : op,
                }))}
                data-testid="rule-op"
              />
            </Form.Item>
          )}
          {shown.has('threshold') && (
            <Form.Item name="threshold" label={m('threshold')} rules={[{ required: true }]}>
              <InputNumber style={{ width: 140 }} data-testid="rule-threshold" />
            </Form.Item>
          )}
          {shown.has('ratePerMinute') && (
            <Form.Item name="ratePerMinute" label={m('ratePerMinute')} rules={[{ required: true }]}>
              <InputNumber min={0} style={{ width: 140 }} />
            </Form.Item>
          )}
          {shown.has('count') && (
            <Form.Item name="count" label={m('count')} rules={[{ required: true }]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: 110 }} />
            </Form.Item>
          )}
          {shown.has('windowSeconds') && (
            <Form.Item name="windowSeconds" label={m('windowSeconds')} rules={[{ required: true }]}>
              <InputNumber min={1} max={86400} precision={0} style={{ width: 130 }} />
            </Form.Item>
          )}
          {shown.has('forSeconds') && (
            <Form.Item name="forSeconds" label={m('forSeconds')}>
              <InputNumber min={0} max={86400} precision={0} style={{ width: 130 }} />
            </Form.Item>
          )}
          {shown.has('hysteresis') && (
            <Form.Item name="hysteresis" label={m('hysteresis')} tooltip={m('hysteresisHelp')}>
              <InputNumber min={0} style={{ width: 130 }} placeholder={m('hysteresisDefault')} />
            </Form.Item>
          )}
          {shown.has('offlineIntervals') && (
            <Form.Item name="offlineIntervals" label={m('offlineIntervals')} rules={[{ required: true }]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: 130 }} />
            </Form.Item>
          )}
        </Space>
        <Space size="large">
          <Form.Item name="level" label={m('level')} rules={[{ required: true }]}>
            <Radio.Group
              options={monitoring.alarmLevels.map((l) => ({ value: l, label: <RuleLevelTag level={l} /> }))}
              data-testid="rule-level"
            />
          </Form.Item>
          <Form.Item name="enabled" label={m('enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/**
 * 报警规则: the rules as data, per metric on one device or on every device of a type, with their condition in words
 * (the hysteresis in force included); monitoring.rule adds, changes and deletes them.
 */
export default function AlarmRulesPage() {
  const m = useRuleText();
  const bi = useBi();
  const time = useFormatTime();
  const client = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const list = usePagedList(r.listRules);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => call(r.deleteRule, { params: { id } }),
    onSuccess: async () => {
      message.success(m('deleted'));
      await invalidatePaths(client, '/api/alarm-rules');
    },
    onError: (e) => showError(e),
  });
  const mayCreate = (list.data as { allowedActions?: string[] } | undefined)?.allowedActions?.includes('create') ?? false;

  const columns: ListColumn<Rule>[] = [
    { title: m('name'), dataIndex: 'name', key: 'name', sorter: true, priority: true, width: 180 },
    {
      title: m('target'),
      key: 'target',
      width: 180,
      render: (_, rule) =>
        rule.deviceId ? (
          <span>
            {rule.deviceCode} <Typography.Text type="secondary">{rule.deviceName}</Typography.Text>
          </span>
        ) : (
          <Tag>{m('everyOfType', { type: rule.deviceType ? bi(monitoring.deviceTypes[rule.deviceType]) : '' })}</Tag>
        ),
    },
    { title: m('metric'), dataIndex: 'metric', key: 'metric', sorter: true, width: 120 },
    {
      title: m('condition'),
      key: 'condition',
      priority: true,
      width: 240,
      render: (_, rule) => (
        <span data-testid="rule-condition">
          <Typography.Text type="secondary">{bi(monitoring.ruleKindLabels[rule.kind])}：</Typography.Text>
          {bi(rule.condition)}
        </span>
      ),
    },
    {
      title: m('level'),
      dataIndex: 'level',
      key: 'level',
      sorter: true,
      width: 130,
      render: (level: monitoring.AlarmLevel) => <RuleLevelTag level={level} />,
    },
    {
      title: m('enabled'),
      dataIndex: 'enabled',
      key: 'enabled',
      width: 90,
      render: (on: boolean) => (on ? <Tag color="green">{m('on')}</Tag> : <Tag>{m('off')}</Tag>),
    },
    {
      title: m('updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      sorter: true,
      width: 150,
      responsive: ['xl'],
      render: (at: string) => time(at),
    },
    {
      title: m('actions'),
      key: 'actions',
      width: 140,
      render: (_, rule) => (
        <Space size="small">
          {rule.allowedActions.includes('update') && (
            <Button size="small" onClick={() => setEditing(rule)} data-testid="rule-edit">
              {m('editShort')}
            </Button>
          )}
          {rule.allowedActions.includes('delete') && (
            <Popconfirm title={m('confirmDelete')} onConfirm={() => remove.mutate(rule.id)}>
              <Button size="small" danger data-testid="rule-delete">
                {m('delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={m('title')}
        extra={
          mayCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="rule-new">
              {m('add')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Typography.Paragraph type="secondary">{m('intro')}</Typography.Paragraph>
        <FilterBar>
          <ListSearch list={list} placeholder={m('search')} testId="rule-search" />
          <Select
            aria-label={m('kind')}
            placeholder={m('kind')}
            allowClear
            value={list.query.kind}
            onChange={(kind?: monitoring.RuleKind) => list.setFilters({ kind })}
            options={monitoring.ruleKinds.map((k) => ({ value: k, label: bi(monitoring.ruleKindLabels[k]) }))}
            style={{ width: 170 }}
          />
          <Select
            aria-label={m('level')}
            placeholder={m('level')}
            allowClear
            value={list.query.level}
            onChange={(level?: monitoring.AlarmLevel) => list.setFilters({ level })}
            options={monitoring.alarmLevels.map((l) => ({ value: l, label: bi(monitoring.alarmLevelInfo[l].label) }))}
            style={{ width: 150 }}
          />
          <Select
            aria-label={m('deviceType')}
            placeholder={m('deviceType')}
            allowClear
            value={list.query.deviceType}
            onChange={(deviceType?: monitoring.DeviceType) => list.setFilters({ deviceType })}
            options={monitoring.deviceTypeCodes.map((c) => ({ value: c, label: bi(monitoring.deviceTypes[c]) }))}
            style={{ width: 150 }}
          />
        </FilterBar>
        <PagedTable list={list} columns={columns} scroll={{ x: 1000 }} testId="rule-table" />
      </Card>
      {editing && <RuleForm rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
