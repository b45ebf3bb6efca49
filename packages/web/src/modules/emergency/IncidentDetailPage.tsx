import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { api, emergency } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Space, Spin, Table, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useActionInputRule, useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { GradeTag, IncidentStatusTag, gradeHex, useIncidentText } from './incidentLabels';
import { IncidentReportsPanel } from './IncidentReportsPanel';
import { usePlanText } from './PlanText';

type Detail = api.emergency.IncidentDetail;
type Step = emergency.IncidentAction;
type Figures = api.emergency.IncidentFigures & { note?: string };
const steps = Object.keys(emergency.incidentWorkflow.actions) as Step[];
const figureNames = ['deaths', 'missing', 'seriousInjuries', 'minorInjuries'] as const;
const figureFields = api.emergency.changeFigures.body.shape;
/** The workflow as the timeline names its entries: its steps, and the changes of the figures written among them. */
const timelineWorkflow = {
  ...emergency.incidentWorkflow,
  actions: {
    ...emergency.incidentWorkflow.actions,
    changeFigures: { label: emergency.changeFiguresLabel, from: [], to: 'reported', permission: 'emergency.report' } as const,
  },
};

/** 核报: the five figures and why they changed; the server regrades and keeps the history. */
function FiguresModal({ incident, onDone, onClose }: { incident: Detail; onDone: (d: Detail) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useIncidentText();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Figures>();
  const save = useMutation({
    mutationFn: (v: Figures) =>
      call(api.emergency.changeFigures, { params: { id: incident.id }, body: { ...v, note: v.note?.trim() || null } }),
    onSuccess: async (d) => {
      message.success(m('figuresSaved'));
      await onDone(d);
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Modal
      open
      title={`${m('changeFigures')}：${incident.code}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Figures>
        form={form}
        layout="vertical"
        initialValues={{
          deaths: incident.deaths,
          missing: incident.missing,
          seriousInjuries: incident.seriousInjuries,
          minorInjuries: incident.minorInjuries,
          directLossWan: incident.directLossWan,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={12}>
          {figureNames.map((name) => (
            <Col xs={12} key={name}>
              <Form.Item name={name} label={m(name)} rules={[{ required: true }, zodRule(figureFields[name])]}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} inputMode="numeric" data-testid={`figures-${name}`} />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24}>
            <Form.Item name="directLossWan" label={m('directLossWan')} rules={[{ required: true }, zodRule(figureFields.directLossWan)]}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} inputMode="decimal" data-testid="figures-directLossWan" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={m('figuresNote')}>
          <Input.TextArea rows={2} maxLength={2000} placeholder={m('figuresNotePlaceholder')} data-testid="figures-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One step of the incident; `conclude` and `close` ask for a note, checked with the workflow's own schema. */
function StepModal({
  incident,
  step,
  onDone,
  onClose,
}: {
  incident: Detail;
  step: Step;
  onDone: (d: Detail) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const m = useIncidentText();
  const { message } = App.useApp();
  const showError = useShowError();
  const inputRule = useActionInputRule();
  const [form] = Form.useForm<{ note?: string }>();
  const action = emergency.incidentWorkflow.actions[step];
  const label = bi(action.label);
  const take = useMutation({
    mutationFn: (body: { note?: string }) =>
      call(api.emergency.incidentAction, { params: { id: incident.id, action: step }, body: 'input' in action ? body : {} }),
    onSuccess: async (d) => {
      message.success(t('common.actionDone', { action: label }));
      await onDone(d);
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Modal
      open
      title={`${label}：${incident.code}`}
      okText={label}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={take.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(body) => take.mutate(body)}>
        {'input' in action && (
          <Form.Item name="note" label={m('noteLabel')} rules={[inputRule(action.input, 'note', m('noteRequired'))]}>
            <Input.TextArea rows={3} showCount maxLength={4000} data-testid="step-note" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/**
 * 事故详情: the grade (493号令 Art. 3) with the criteria that reached it and its history, the casualties and loss (核报
 * regrades), where it happened on the map, what happened, the steps the server allows the caller, and the timeline.
 */
export default function IncidentDetailPage() {
  const bi = useBi();
  const time = useFormatTime();
  const navigate = useNavigate();
  const p = usePlanText();
  const client = useQueryClient();
  const m = useIncidentText();
  const { id = '' } = useParams();
  const input = { params: { id } };
  const { data: incident, error } = useApiQuery(api.emergency.getIncident, input);
  const [step, setStep] = useState<Step | null>(null);
  const [editing, setEditing] = useState(false);

  const onDone = async (updated: Detail) => {
    client.setQueryData(apiKey(api.emergency.getIncident, input), updated);
    setStep(null);
    setEditing(false);
    await invalidatePaths(client, '/api/emergency/incidents');
  };

  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (!incident) return <Spin size="large" className="page-spin" />;
  const i = incident;
  const criterion = (c: emergency.GradingCriterion) => bi(emergency.gradingCriterionLabels[c]);
  const point = i.lng !== null && i.lat !== null ? { type: 'Point' as const, coordinates: [i.lng, i.lat] } : null;
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: point ? [{ type: 'Feature', properties: { label: i.code, color: gradeHex[i.grade], radius: 10 }, geometry: point }] : [],
  };

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="incident-heading">
              {i.code} {i.title}
            </span>
            <GradeTag grade={i.grade} testId="incident-grade" />
            <IncidentStatusTag status={i.status} />
          </Space>
        }
        extra={
          <>
            {steps
              .filter((s) => i.allowedActions.includes(s))
              .map((s) => (
                <Button
                  key={s}
                  type={s === 'startResponse' ? 'primary' : 'default'}
                  onClick={() => setStep(s)}
                  data-testid={`incident-action-${s}`}
                >
                  {bi(emergency.incidentWorkflow.actions[s].label)}
                </Button>
              ))}
            {i.allowedActions.includes('changeFigures') && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="incident-change-figures">
                {m('changeFigures')}
              </Button>
            )}
            <Button onClick={() => navigate(`/emergency/command/${i.id}`)} data-testid="incident-command">
              {p('activate')} / {p('command')}
            </Button>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/emergency/incidents')}>
              {m('back')}
            </Button>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={m('figures')} data-testid="incident-figures">
            <Descriptions
              size="small"
              column={{ xs: 2, sm: 3 }}
              items={[
                ...figureNames.map((name) => ({
                  key: name,
                  label: m(name),
                  children: <span data-testid={`incident-${name}`}>{i[name]}</span>,
                })),
                {
                  key: 'loss',
                  label: m('directLossWan'),
                  children: <span data-testid="incident-directLossWan">{i.directLossWan}</span>,
                },
                {
                  key: 'grade',
                  label: m('grade'),
                  children: <GradeTag grade={i.grade} />,
                },
              ]}
            />
            <Typography.Paragraph className="incident-row" data-testid="incident-decided-by">
              {m('decidedBy')}：{i.gradeDecidedBy.map(criterion).join('、')}
            </Typography.Paragraph>
            <Typography.Text type="secondary">
              {m('gradeBasis')}：{bi(emergency.gradingSource)}
            </Typography.Text>
          </Card>
          <Card size="small" title={m('gradeHistory')} className="incident-row">
            <div className="incident-scroll" tabIndex={0} role="region" aria-label={m('gradeHistory')}>
              <Table
                rowKey="changedAt"
                size="small"
                pagination={false}
                style={{ minWidth: 560 }}
                dataSource={[...i.gradeHistory].reverse()}
                data-testid="incident-grade-history"
                columns={[
                  { title: m('changedAt'), dataIndex: 'changedAt', render: (at: string) => time(at) },
                  { title: m('grade'), dataIndex: 'grade', render: (g: emergency.AccidentGrade) => <GradeTag grade={g} /> },
                  { title: m('deaths'), dataIndex: 'deaths' },
                  { title: m('missing'), dataIndex: 'missing' },
                  { title: m('seriousInjuries'), dataIndex: 'seriousInjuries' },
                  { title: m('directLossWan'), dataIndex: 'directLossWan' },
                  { title: m('note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
                  { title: m('changedBy'), dataIndex: 'changedBy', render: (n: string | null) => n ?? '—' },
                ]}
              />
            </div>
          </Card>
          <Card size="small" title={m('basics')} className="incident-row">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'category', label: m('category'), children: bi(emergency.incidentCategoryLabels[i.category]) },
                {
                  key: 'origin',
                  label: m('origin'),
                  children: bi(emergency.incidentOriginLabels[i.origin]) + (i.originRef ? `（${i.originRef}）` : ''),
                },
                { key: 'occurredAt', label: m('occurredAt'), children: time(i.occurredAt) },
                { key: 'learnedAt', label: m('learnedAt'), children: time(i.learnedAt) },
                { key: 'unit', label: m('unit'), children: i.unitName ?? i.unitOrg?.name ?? '—' },
                { key: 'place', label: m('placeName'), children: i.placeName ?? '—' },
                { key: 'reportedBy', label: m('reportedBy'), children: `${i.reportedBy ?? '—'}（${i.reportedOrg.name}）` },
                { key: 'summary', label: m('summary'), children: i.summary ?? '—', span: { xs: 1, sm: 2 } },
                { key: 'measures', label: m('measuresTaken'), children: i.measuresTaken ?? '—', span: { xs: 1, sm: 2 } },
              ]}
            />
          </Card>
          <IncidentReportsPanel incidentId={i.id} />
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={m('placeName')}>
            <MapView features={features} initialView={point} height={260} ariaLabel={m('mapTitle')} />
            <Descriptions
              size="small"
              className="incident-row"
              column={{ xs: 1, sm: 3 }}
              items={[
                {
                  key: 'street',
                  label: m('street'),
                  children: <span data-testid="incident-street">{i.street?.name ?? m('areaUnknown')}</span>,
                },
                { key: 'community', label: m('community'), children: i.community?.name ?? m('areaUnknown') },
                { key: 'grid', label: m('grid'), children: i.grid?.name ?? m('areaUnknown') },
              ]}
            />
          </Card>
          <Card size="small" title={m('timeline')} className="incident-row">
            <WorkflowTimeline
              entries={i.timeline}
              workflow={timelineWorkflow}
              testId="incident-timeline"
              details={(entry) =>
                entry.action === 'changeFigures' ? (
                  <div>{m('figuresChanged', { from: String(entry.input.gradeBefore), to: String(entry.input.grade) })}</div>
                ) : typeof entry.input.note === 'string' ? (
                  <div className="workflow-reason">{entry.input.note}</div>
                ) : null
              }
            />
          </Card>
        </Col>
      </Row>
      {editing && <FiguresModal incident={i} onDone={onDone} onClose={() => setEditing(false)} />}
      {step && <StepModal incident={i} step={step} onDone={onDone} onClose={() => setStep(null)} />}
    </>
  );
}
