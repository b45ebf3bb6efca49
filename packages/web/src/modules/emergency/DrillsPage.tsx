import { PlusOutlined } from '@ant-design/icons';
import { api, emergency } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { type ListColumn, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { usePlanText } from './PlanText';

type Drill = api.emergencyPlans.Drill;
type Step = 'plan' | 'hold' | 'evaluate' | 'cancel';

/** One modal for the four steps: plan a drill, record it as held, evaluate it against the plan's actions, cancel it. */
function DrillModal({ step, drill, onClose }: { step: Step; drill: Drill | null; onClose: () => void }) {
  const p = usePlanText();
  const bi = useBi();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const plans = useApiQuery(api.emergencyPlans.listPlans, { query: { status: 'active', pageSize: 200 } }, { enabled: step === 'plan' });
  const detail = useApiQuery(api.emergencyPlans.getDrill, { params: { id: drill?.id ?? '' } }, { enabled: step === 'evaluate' && !!drill });
  const save = useMutation({
    mutationFn: async (v: Record<string, unknown>) => {
      const day = (d: unknown) => (d as Dayjs).format('YYYY-MM-DD');
      if (step === 'plan')
        return call(api.emergencyPlans.createDrill, {
          body: { planId: v.planId as string, title: v.title as string, kind: v.kind as emergency.DrillKind, plannedOn: day(v.plannedOn) },
        });
      const body =
        step === 'hold'
          ? { heldOn: day(v.heldOn), summary: v.summary, participants: v.participants ?? undefined }
          : step === 'evaluate'
            ? {
                evaluations: Object.entries((v.results ?? {}) as Record<string, emergency.DrillActionResult | undefined>)
                  .filter(([, result]) => result)
                  .map(([actionKey, result]) => ({ actionKey, result })),
                findings: v.findings || undefined,
              }
            : { reason: v.reason };
      return call(api.emergencyPlans.drillAction, { params: { id: drill!.id, action: step }, body: body as never });
    },
    onSuccess: async () => {
      await invalidatePaths(client, '/api/emergency/drills');
      message.success(t('common.saved'));
      onClose();
    },
    onError: (e) => showError(e, form),
  });
  const title = { plan: p('newDrill'), hold: p('hold'), evaluate: p('evaluate'), cancel: p('cancel') }[step];
  return (
    <Modal
      open
      title={title}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={step === 'evaluate' ? 760 : 520}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={{ kind: 'tabletop', plannedOn: dayjs(), heldOn: dayjs() }}
      >
        {step === 'plan' && (
          <>
            <Form.Item name="planId" label={p('plan')} rules={[{ required: true }]}>
              <Select
                options={(plans.data?.items ?? [])
                  .filter((x) => x.allowedActions.includes('drill'))
                  .map((x) => ({ value: x.id, label: x.title }))}
              />
            </Form.Item>
            <Form.Item name="title" label={p('drillTitle')} rules={[{ required: true }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Space wrap>
              <Form.Item name="kind" label={p('drillKind')}>
                <Select
                  style={{ width: 140 }}
                  options={emergency.drillKinds.map((k) => ({ value: k, label: bi(emergency.drillKindLabels[k]) }))}
                />
              </Form.Item>
              <Form.Item name="plannedOn" label={p('plannedOn')} rules={[{ required: true }]}>
                <DatePicker />
              </Form.Item>
            </Space>
          </>
        )}
        {step === 'hold' && (
          <>
            <Space wrap>
              <Form.Item name="heldOn" label={p('heldOn')} rules={[{ required: true }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="participants" label={p('participants')}>
                <InputNumber min={1} precision={0} />
              </Form.Item>
            </Space>
            <Form.Item name="summary" label={p('summary')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          </>
        )}
        {step === 'evaluate' && (
          <>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={detail.data?.actions ?? []}
              columns={[
                { title: p('role'), dataIndex: 'roleName', width: 110 },
                { title: p('level'), dataIndex: 'level', width: 60 },
                { title: p('action'), dataIndex: 'text' },
                {
                  title: p('result'),
                  key: 'result',
                  width: 150,
                  render: (_: unknown, a: { key: string }) => (
                    <Form.Item name={['results', a.key]} noStyle>
                      <Select
                        allowClear
                        aria-label={p('result')}
                        style={{ width: 130 }}
                        options={emergency.drillActionResults.map((r) => ({ value: r, label: bi(emergency.drillActionResultLabels[r]) }))}
                      />
                    </Form.Item>
                  ),
                },
              ]}
            />
            <Form.Item name="findings" label={p('findings')} className="incident-row">
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          </>
        )}
        {step === 'cancel' && (
          <Form.Item name="reason" label={p('reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 应急演练: the drills in reach with their steps, and each unit's count this year against the target. */
export default function DrillsPage() {
  const p = usePlanText();
  const bi = useBi();
  const can = useCan();
  const navigate = useNavigate();
  const list = usePagedList(api.emergencyPlans.listDrills);
  const yearly = useApiQuery(api.emergencyPlans.drillYear, {});
  const [open, setOpen] = useState<{ step: Step; drill: Drill | null } | null>(null);
  const columns: ListColumn<Drill>[] = [
    { title: p('drillTitle'), dataIndex: 'title', priority: true },
    { title: p('plan'), dataIndex: 'planTitle' },
    { title: p('org'), dataIndex: 'orgName', width: 160 },
    { title: p('drillKind'), dataIndex: 'kind', width: 100, render: (k: emergency.DrillKind) => bi(emergency.drillKindLabels[k]) },
    { title: p('plannedOn'), dataIndex: 'plannedOn', width: 110 },
    { title: p('heldOn'), dataIndex: 'heldOn', width: 110 },
    {
      title: p('status'),
      dataIndex: 'status',
      width: 90,
      render: (s: emergency.DrillStatus) => <Tag>{bi(emergency.drillWorkflow.states[s].label)}</Tag>,
    },
    {
      title: '',
      key: 'actions',
      width: 220,
      render: (_: unknown, d) => (
        <Space wrap>
          {d.allowedActions.map((a) =>
            a === 'revise' ? (
              <Button key={a} size="small" onClick={() => navigate(`/emergency/plans/${d.planId}/edit?drill=${d.id}`)}>
                {p('reviseFromDrill')}
              </Button>
            ) : (
              <Button key={a} size="small" onClick={() => setOpen({ step: a, drill: d })} data-testid={`drill-${a}`}>
                {p(a)}
              </Button>
            ),
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={p('drills')}
        extra={
          can('emergency.plan') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ step: 'plan', drill: null })} data-testid="drill-new">
              {p('newDrill')}
            </Button>
          )
        }
      />
      <PagedTable<Drill> list={list} columns={columns} testId="drill-table" />
      {yearly.data && (
        <Card size="small" className="incident-row" title={`${yearly.data.year} ${p('yearly', { target: yearly.data.target })}`}>
          <Table
            size="small"
            rowKey="orgId"
            pagination={false}
            dataSource={yearly.data.items}
            columns={[
              { title: p('org'), dataIndex: 'orgName' },
              { title: p('held'), dataIndex: 'held', width: 90 },
              {
                title: p('met'),
                key: 'met',
                width: 120,
                render: (_: unknown, r: { met: boolean; short: number }) =>
                  r.met ? <Tag color="green">{p('met')}</Tag> : <Tag color="red">{p('short', { n: r.short })}</Tag>,
              },
            ]}
          />
        </Card>
      )}
      {open && <DrillModal step={open.step} drill={open.drill} onClose={() => setOpen(null)} />}
    </>
  );
}
