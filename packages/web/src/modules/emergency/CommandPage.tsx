import { ArrowLeftOutlined } from '@ant-design/icons';
import { api, emergency } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Form, Input, List, Modal, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { MapView } from '../../shared/MapView';
import { GeometryInput } from '../../shared/map/GeometryInput';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { UserPicker } from '../../shared/UserPicker';
import { usePlanText } from './PlanText';

type View = api.emergencyPlans.CommandView;
type Mark = api.emergencyPlans.Mark;

/** Colours of the marks on the map, by kind. */
const markColor: Record<emergency.MarkKind, string> = {
  command_post: '#1677ff',
  danger_zone: '#cf1322',
  cordon: '#d46b08',
  route: '#389e0d',
  evacuation: '#7cb305',
  staging: '#531dab',
  other: '#595959',
};

/** 启动预案: a plan in force, a level it defines, and a person for each role with actions at that level. */
function ActivateModal({ view, onClose }: { view: View; onClose: () => void }) {
  const p = usePlanText();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm<{ planId: string; level: emergency.ResponseLevel; holders: Record<string, string> }>();
  const planId = Form.useWatch('planId', form);
  const level = Form.useWatch('level', form);
  const plans = useApiQuery(api.emergencyPlans.listPlans, { query: { status: 'active', pageSize: 200 } });
  const plan = useApiQuery(api.emergencyPlans.getPlan, { params: { id: planId ?? '' } }, { enabled: !!planId });
  const roles = plan.data && level ? plan.data.content.roles.filter((r) => r.actions.some((a) => a.level === level)) : [];
  const activate = useMutation({
    mutationFn: (v: { planId: string; level: emergency.ResponseLevel; holders: Record<string, string> }) =>
      call(api.emergencyPlans.activatePlan, {
        params: { id: view.incident.id },
        body: { planId: v.planId, level: v.level, roles: roles.map((r) => ({ roleKey: r.key, holderId: v.holders[r.key]! })) },
      }),
    onSuccess: async () => {
      message.success(p('activated'));
      await invalidatePaths(client, '/api/emergency/incidents');
      onClose();
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Modal
      open
      title={p('activateTitle', { code: view.incident.code })}
      okText={p('activate')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={activate.isPending}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(v) => activate.mutate(v)}>
        <Form.Item name="planId" label={p('plan')} rules={[{ required: true }]}>
          <Select
            data-testid="activate-plan"
            aria-label={p('plan')}
            options={(plans.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.title}（${x.orgName}）` }))}
            onChange={() => form.setFieldValue('level', undefined)}
          />
        </Form.Item>
        <Form.Item name="level" label={p('level')} rules={[{ required: true }]}>
          <Select
            data-testid="activate-level"
            aria-label={p('level')}
            options={(plan.data?.levels ?? []).map((l) => ({ value: l, label: `${l}级` }))}
          />
        </Form.Item>
        {roles.map((r) => (
          <Form.Item
            key={r.key}
            name={['holders', r.key]}
            label={`${r.name}（${r.actions.filter((a) => a.level === level).length}）`}
            rules={[{ required: true }]}
          >
            <UserPicker data-testid={`activate-holder-${r.key}`} placeholder={p('holder')} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** The responses of the incident: each role with its holder and tasks; the holder marks a task done. */
function Responses({ view }: { view: View }) {
  const p = usePlanText();
  const time = useFormatTime();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const complete = useMutation({
    mutationFn: (id: string) => call(api.emergencyPlans.completeTask, { params: { id }, body: {} }),
    onSuccess: async () => {
      message.success(p('taskDone'));
      await invalidatePaths(client, '/api/emergency/incidents');
    },
    onError: (e) => showError(e),
  });
  if (view.responses.length === 0) return <Empty description={p('noResponse')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {view.responses.map((r) => (
        <Card
          key={r.id}
          size="small"
          type="inner"
          title={`${r.planTitle} · ${r.level}级`}
          extra={r.endedAt ? <Tag>{p('ended')}</Tag> : <Tag color="red">{time(r.activatedAt)}</Tag>}
          data-testid="response"
        >
          {r.roles.map((role) => (
            <div key={role.id} className="command-role">
              <Typography.Text strong>
                {role.roleName}：{role.holderName}
              </Typography.Text>
              <List
                size="small"
                dataSource={role.tasks}
                renderItem={(task) => (
                  <List.Item
                    data-testid="response-task"
                    actions={
                      task.allowedActions.includes('complete')
                        ? [
                            <Button
                              key="done"
                              size="small"
                              type="primary"
                              loading={complete.isPending}
                              onClick={() => complete.mutate(task.id)}
                            >
                              {p('complete')}
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <Space wrap>
                      <span>{task.text}</span>
                      {task.doneAt ? (
                        <Tag color="green">{p('done')}</Tag>
                      ) : (
                        <Tag color={task.overdue ? 'red' : 'orange'}>{task.overdue ? p('overdue') : `${p('due')} ${time(task.dueAt)}`}</Tag>
                      )}
                    </Space>
                  </List.Item>
                )}
              />
            </div>
          ))}
        </Card>
      ))}
    </Space>
  );
}

/** 指挥日志: newest first, and a line to write the next entry. */
function CommandLog({ view }: { view: View }) {
  const p = usePlanText();
  const bi = useBi();
  const time = useFormatTime();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm<{ kind: emergency.CommandLogKind; text: string }>();
  const log = useApiQuery(api.emergencyPlans.listCommandLog, { params: { id: view.incident.id }, query: { pageSize: 50 } });
  const write = useMutation({
    mutationFn: (v: { kind: emergency.CommandLogKind; text: string }) =>
      call(api.emergencyPlans.addLogEntry, { params: { id: view.incident.id }, body: v }),
    onSuccess: async () => {
      message.success(p('logSaved'));
      form.resetFields(['text']);
      await invalidatePaths(client, '/api/emergency/incidents');
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Card size="small" title={`${p('log')}（${view.logCount}）`}>
      {view.allowedActions.includes('log') && (
        <Form form={form} layout="inline" initialValues={{ kind: 'order' }} onFinish={(v) => write.mutate(v)} className="command-log-form">
          <Form.Item name="kind">
            <Select
              aria-label={p('logKind')}
              style={{ width: 110 }}
              options={emergency.commandLogKinds.map((k) => ({ value: k, label: bi(emergency.commandLogKindLabels[k]) }))}
            />
          </Form.Item>
          <Form.Item name="text" rules={[{ required: true }]} style={{ flex: 1 }}>
            <Input aria-label={p('logText')} placeholder={p('logText')} data-testid="log-text" maxLength={4000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={write.isPending} data-testid="log-write">
            {p('writeLog')}
          </Button>
        </Form>
      )}
      <Table
        size="small"
        rowKey="id"
        loading={log.isLoading}
        dataSource={log.data?.items ?? []}
        pagination={false}
        scroll={{ y: 320 }}
        columns={[
          { title: p('logAt'), dataIndex: 'at', width: 150, render: (v: string) => time(v) },
          {
            title: p('logKind'),
            dataIndex: 'kind',
            width: 80,
            render: (k: emergency.CommandLogKind) => bi(emergency.commandLogKindLabels[k]),
          },
          { title: p('logText'), dataIndex: 'text' },
          { title: p('logAuthor'), dataIndex: 'authorName', width: 120 },
        ]}
      />
    </Card>
  );
}

/** 态势标绘: draw a point, line or area with its kind and note. */
function MarkForm({ incidentId }: { incidentId: string }) {
  const p = usePlanText();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm<{ kind: emergency.MarkKind; note?: string; geometry: Mark['geometry'] }>();
  const add = useMutation({
    mutationFn: (v: { kind: emergency.MarkKind; note?: string; geometry: Mark['geometry'] }) =>
      call(api.emergencyPlans.addMark, { params: { id: incidentId }, body: { ...v, note: v.note?.trim() || undefined } }),
    onSuccess: async () => {
      message.success(p('markSaved'));
      form.resetFields();
      await invalidatePaths(client, '/api/emergency/incidents');
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Form form={form} layout="vertical" initialValues={{ kind: 'danger_zone' }} onFinish={(v) => add.mutate(v)} data-testid="mark-form">
      <Form.Item name="geometry" rules={[{ required: true }]} label={p('marks')}>
        <GeometryInput height={240} />
      </Form.Item>
      <Space wrap align="end">
        <Form.Item name="kind" label={p('markKind')}>
          <Select style={{ width: 140 }} options={emergency.markKinds.map((k) => ({ value: k, label: bi(emergency.markKindLabels[k]) }))} />
        </Form.Item>
        <Form.Item name="note" label={p('markNote')}>
          <Input maxLength={1000} data-testid="mark-note" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="mark-add">
            {p('addMark')}
          </Button>
        </Form.Item>
      </Space>
    </Form>
  );
}

/** RESOURCES' dispatches and nearest resources, when that part answers; the page works without them. */
function Resources({ view }: { view: View }) {
  const p = usePlanText();
  const { lng, lat } = view.incident;
  const dispatches = useApiQuery(api.emergencyResources.listDispatches, { query: { incidentId: view.incident.id } });
  const nearest = useApiQuery(
    api.emergencyResources.nearest,
    { query: { lng: lng ?? 0, lat: lat ?? 0, limit: 8 } },
    { enabled: lng !== null && lat !== null },
  );
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Card size="small" title={p('dispatches')}>
          {dispatches.error ? (
            <Typography.Text type="secondary">{p('unavailable')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={dispatches.data?.items ?? []}
              renderItem={(d) => (
                <List.Item>
                  {d.resourceName}
                  {d.quantity !== null ? ` × ${d.quantity}${d.unit ?? ''}` : ''}
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={p('nearest')}>
          {nearest.error || lng === null ? (
            <Typography.Text type="secondary">{p('unavailable')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={nearest.data?.items ?? []}
              renderItem={(r) => (
                <List.Item>
                  <Space>
                    <span>{r.name}</span>
                    <Typography.Text type="secondary">{Math.round(r.distanceM)} m</Typography.Text>
                    {!r.available && <Tag>{p('unavailable')}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}

/** 指挥页 `/emergency/command/:incidentId`: the map with the incident and its marks, responses, the log, resources. */
export default function CommandPage() {
  const { incidentId = '' } = useParams();
  const p = usePlanText();
  const bi = useBi();
  const navigate = useNavigate();
  const [activating, setActivating] = useState(false);
  const { data: view, error } = useApiQuery(api.emergencyPlans.getCommand, { params: { id: incidentId } });
  const marks = useApiQuery(api.emergencyPlans.listMarks, { params: { id: incidentId } });
  if (error) return <ErrorPage status={isApiError(error, 'NOT_FOUND') ? 404 : 500} />;
  if (!view) return <Spin size="large" className="page-spin" />;
  const point: Point | null =
    view.incident.lng !== null && view.incident.lat !== null
      ? { type: 'Point', coordinates: [view.incident.lng, view.incident.lat] }
      : null;
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      ...(marks.data?.items ?? []).map((m): Feature => ({
        type: 'Feature',
        properties: { color: markColor[m.kind], label: m.note ?? bi(emergency.markKindLabels[m.kind]), radius: 7 },
        geometry: m.geometry,
      })),
      ...(point
        ? [{ type: 'Feature' as const, properties: { label: view.incident.code, color: '#cf1322', radius: 11 }, geometry: point }]
        : []),
    ],
  };
  return (
    <div data-testid="command-page">
      <PageHeader
        title={`${p('command')}：${view.incident.code} ${view.incident.title}`}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/emergency/incidents/${view.incident.id}`)}>
              {p('incident')}
            </Button>
            {view.allowedActions.includes('activate') && (
              <Button type="primary" danger onClick={() => setActivating(true)} data-testid="activate-open">
                {p('activate')}
              </Button>
            )}
          </>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={`${p('map')}（${p('marks')} ${view.markCount}）`}>
            <MapView features={features} initialView={point} height={380} ariaLabel={p('map')} />
            {view.allowedActions.includes('mark') && <MarkForm incidentId={view.incident.id} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={p('responses')}>
            <Responses view={view} />
          </Card>
        </Col>
        <Col xs={24}>
          <CommandLog view={view} />
        </Col>
        <Col xs={24}>
          <Resources view={view} />
        </Col>
      </Row>
      {activating && <ActivateModal view={view} onClose={() => setActivating(false)} />}
    </div>
  );
}
