import { ArrowLeftOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Space, Spin, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { FeatureCollection } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useActionInputRule, useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { MapView } from '../../shared/MapView';
import { OrgTreeSelect } from '../../shared/orgs';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { AlarmChart } from './AlarmChart';
import { AlarmLevelTag, AlarmStatusTag, useAlarmText } from './alarmLabels';
import './alarms.css';

type Detail = api.monitoringAlarms.AlarmDetail;
type Action = Detail['allowedActions'][number];
const workflow = monitoring.alarmWorkflow;

/** The workflow as the timeline names its entries: its steps, and the events written among them (raised, escalated …). */
const timelineWorkflow = {
  ...workflow,
  actions: {
    ...workflow.actions,
    ...Object.fromEntries(
      Object.entries(monitoring.alarmEventLabels).map(([name, label]) => [
        name,
        { label, from: [], to: 'raised', permission: 'monitoring.alarm' },
      ]),
    ),
  },
} as typeof workflow;

const labelOf = (action: Action) => (action === 'openHazard' ? monitoring.openHazardAction.label : workflow.actions[action].label);

interface Values {
  note?: string;
  orgId?: string;
  deadline?: Dayjs;
  instructions?: string;
  feedback?: string;
  title?: string;
}

/** One action on the alarm, with the fields it needs checked by the workflow's own schema. */
function ActionModal({
  alarm,
  action,
  onDone,
  onClose,
}: {
  alarm: Detail;
  action: Action;
  onDone: (d: Detail) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const m = useAlarmText();
  const { message } = App.useApp();
  const showError = useShowError();
  const inputRule = useActionInputRule();
  const [form] = Form.useForm<Values>();
  const label = bi(labelOf(action));
  const take = useMutation({
    mutationFn: (v: Values) => {
      const body =
        action === 'dispatch'
          ? { orgId: v.orgId, deadline: v.deadline?.toISOString(), instructions: v.instructions }
          : action === 'answer'
            ? { feedback: v.feedback }
            : action === 'openHazard'
              ? v.title?.trim()
                ? { title: v.title.trim() }
                : {}
              : action === 'acknowledge'
                ? {}
                : { note: v.note };
      return call(api.monitoringAlarms.alarmAction, { params: { id: alarm.id, action }, body: body as never });
    },
    onSuccess: async (d) => {
      message.success(
        action === 'openHazard' ? m('hazardOpened', { code: d.hazardCode ?? '' }) : t('common.actionDone', { action: label }),
      );
      await onDone(d);
    },
    onError: (e) => showError(e, form),
  });
  const input = action === 'openHazard' ? undefined : (workflow.actions[action] as { input?: Parameters<typeof inputRule>[0] }).input;
  return (
    <Modal
      open
      title={`${label}：${alarm.code}`}
      okText={label}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={take.isPending}
      okButtonProps={{ 'data-testid': 'alarm-action-ok' } as never}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => take.mutate(v)}>
        {['confirm', 'dismiss', 'close'].includes(action) && (
          <Form.Item name="note" label={m('note')} rules={[inputRule(input, 'note', m('noteRequired'))]}>
            <Input.TextArea rows={3} showCount maxLength={4000} data-testid="alarm-note" />
          </Form.Item>
        )}
        {action === 'dispatch' && (
          <>
            <Form.Item name="orgId" label={m('orgId')} rules={[{ required: true, message: m('orgRequired') }]} initialValue={alarm.orgId}>
              <OrgTreeSelect data-testid="alarm-dispatch-org" />
            </Form.Item>
            <Form.Item
              name="deadline"
              label={m('deadline')}
              rules={[{ required: true, message: m('deadlineRequired') }]}
              initialValue={dayjs().add(1, 'day').startOf('hour')}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                data-testid="alarm-dispatch-deadline"
              />
            </Form.Item>
            <Form.Item name="instructions" label={m('instructions')} rules={[inputRule(input, 'instructions', m('instructionsRequired'))]}>
              <Input.TextArea rows={3} showCount maxLength={4000} data-testid="alarm-dispatch-instructions" />
            </Form.Item>
          </>
        )}
        {action === 'answer' && (
          <Form.Item name="feedback" label={m('feedback')} rules={[inputRule(input, 'feedback', m('feedbackRequired'))]}>
            <Input.TextArea rows={3} showCount maxLength={4000} data-testid="alarm-feedback" />
          </Form.Item>
        )}
        {action === 'openHazard' && (
          <Form.Item name="title" label={m('hazardTitle')}>
            <Input maxLength={200} data-testid="alarm-hazard-title" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** What an event on the timeline carried: the values, who was told and how. */
function EventDetails({ entry }: { entry: api.TimelineEntry }) {
  const m = useAlarmText();
  const bi = useBi();
  const input = entry.input as Record<string, unknown>;
  const lines: string[] = [];
  if (entry.action === 'raise') lines.push(m('raisedValue', { value: String(input.value), threshold: String(input.threshold ?? '—') }));
  if (entry.action === 'clear' && input.value !== null) lines.push(m('clearedValue', { value: String(input.value) }));
  if (entry.action === 'escalate' && typeof input.circle === 'string')
    lines.push(m('circle', { circle: bi(monitoring.escalationCircleLabels[input.circle as monitoring.EscalationCircle]) }));
  const delivery = input.delivery as { app: number; robot: boolean; sms: { queued: number; skipped: number } } | undefined;
  if (delivery)
    lines.push(
      m('notified', {
        people: String(input.people ?? 0),
        app: delivery.app,
        robot: delivery.robot ? m('robotSent') : '',
        sms:
          delivery.sms.queued + delivery.sms.skipped > 0
            ? m('smsText', { queued: delivery.sms.queued, skipped: delivery.sms.skipped })
            : '',
      }),
    );
  for (const key of ['note', 'instructions', 'feedback'] as const) if (typeof input[key] === 'string') lines.push(input[key] as string);
  if (lines.length === 0) return null;
  return (
    <div className="workflow-reason">
      {lines.map((l) => (
        <div key={l}>{l}</div>
      ))}
    </div>
  );
}

/**
 * 报警详情: the level and state, the device's readings around the alarm, where it is, the handling (dispatched to whom,
 * by when, the hazard it opened), the steps the server allows the caller, and the whole history.
 */
export default function AlarmDetailPage() {
  const bi = useBi();
  const time = useFormatTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const m = useAlarmText();
  const { id = '' } = useParams();
  const input = { params: { id } };
  const { data: alarm, error } = useApiQuery(api.monitoringAlarms.getAlarm, input);
  const [action, setAction] = useState<Action | null>(null);

  const onDone = async (updated: Detail) => {
    client.setQueryData(apiKey(api.monitoringAlarms.getAlarm, input), updated);
    setAction(null);
    await invalidatePaths(client, api.monitoringAlarms.listAlarms.path, api.inbox.getInbox.path);
  };

  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (!alarm) return <Spin size="large" className="page-spin" />;
  const a = alarm;
  const unit = a.unit ? ` ${a.unit}` : '';
  const point = a.lng !== null && a.lat !== null ? { type: 'Point' as const, coordinates: [a.lng, a.lat] } : null;
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: point
      ? [
          {
            type: 'Feature',
            properties: { label: a.deviceName, color: monitoring.alarmLevelInfo[a.level].hex, radius: 10 },
            geometry: point,
          },
        ]
      : [],
  };

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="alarm-heading">
              {a.code} {a.deviceName}
            </span>
            <AlarmLevelTag level={a.level} testId="alarm-level" />
            <AlarmStatusTag status={a.status} />
          </Space>
        }
        extra={
          <>
            {a.allowedActions.map((name) => (
              <Button
                key={name}
                type={name === 'acknowledge' || name === 'dispatch' ? 'primary' : 'default'}
                danger={name === 'dismiss'}
                onClick={() => setAction(name)}
                data-testid={`alarm-action-${name}`}
              >
                {bi(labelOf(name))}
              </Button>
            ))}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/monitoring/alarms')}>
              {m('back')}
            </Button>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={m('basics')}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'device', label: m('device'), children: `${a.deviceName}（${a.deviceCode}）` },
                { key: 'unit', label: m('unit'), children: a.orgName },
                { key: 'place', label: m('place'), children: [a.streetName, a.placeName].filter(Boolean).join(' ') || '—' },
                { key: 'rule', label: m('rule'), children: a.ruleName ?? '—' },
                {
                  key: 'value',
                  label: m('value'),
                  children: (
                    <span data-testid="alarm-values">
                      {m('firstValue')} {a.firstValue}
                      {unit} · {m('lastValue')} {a.lastValue}
                      {unit}
                      {a.threshold !== null ? ` · ${m('threshold')} ${a.threshold}${unit}` : ''}
                    </span>
                  ),
                },
                {
                  key: 'count',
                  label: (
                    <Tooltip title={m('countHelp')}>
                      <span>{m('count')}</span>
                    </Tooltip>
                  ),
                  children: <span data-testid="alarm-count">{a.count}</span>,
                },
                { key: 'raisedAt', label: m('raisedAt'), children: time(a.raisedAt) },
                { key: 'lastRaisedAt', label: m('lastRaisedAt'), children: time(a.lastRaisedAt) },
                { key: 'cleared', label: m('clearedAt'), children: a.clearedAt ? time(a.clearedAt) : m('notCleared') },
                {
                  key: 'ack',
                  label: m('acknowledgedAt'),
                  children: a.acknowledgedAt ? `${time(a.acknowledgedAt)}（${a.acknowledgedBy ?? '—'}）` : '—',
                },
                {
                  key: 'escalation',
                  label: m('escalation'),
                  children: a.escalationLevel > 0 ? m('escalationLevel', { n: a.escalationLevel }) : m('notEscalated'),
                },
                { key: 'reminder', label: m('nextReminder'), children: a.nextReminderAt ? time(a.nextReminderAt) : '—' },
              ]}
            />
          </Card>
          <Card size="small" title={m('chart')} className="alarm-row">
            <AlarmChart alarm={a} />
          </Card>
          <Card size="small" title={m('handling')} className="alarm-row">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'org', label: m('dispatchOrg'), children: <span data-testid="alarm-dispatch">{a.dispatchOrgName ?? '—'}</span> },
                { key: 'deadline', label: m('dispatchDeadline'), children: a.dispatchDeadline ? time(a.dispatchDeadline) : '—' },
                {
                  key: 'hazard',
                  label: m('hazard'),
                  children: a.hazardId ? (
                    <Link to={`/hazards/${a.hazardId}`} data-testid="alarm-hazard">
                      {a.hazardCode}
                    </Link>
                  ) : (
                    '—'
                  ),
                },
                { key: 'closedAt', label: m('closedAt'), children: a.closedAt ? time(a.closedAt) : '—' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={m('mapTitle')}>
            <MapView features={features} initialView={point} height={240} ariaLabel={m('mapTitle')} />
          </Card>
          <Card size="small" title={m('timeline')} className="alarm-row">
            <WorkflowTimeline
              entries={a.timeline}
              workflow={timelineWorkflow}
              testId="alarm-timeline"
              color={(e) => (e.action === 'raise' || e.action === 'escalate' ? 'red' : e.action === 'close' ? 'green' : 'blue')}
              details={(entry) => <EventDetails entry={entry} />}
            />
          </Card>
        </Col>
      </Row>
      {action && <ActionModal alarm={a} action={action} onDone={onDone} onClose={() => setAction(null)} />}
    </>
  );
}
