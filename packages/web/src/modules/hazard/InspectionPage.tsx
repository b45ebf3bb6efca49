import { AimOutlined, ArrowLeftOutlined, CheckOutlined, CloseOutlined, MinusOutlined } from '@ant-design/icons';
import { api, hazard } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, Modal, Progress, Radio, Space, Spin, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Point } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { call, isApiError } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { usePhone } from '../../shared/list/PagedTable';
import { useBi } from '../../shared/locale';
import { GeometryInput } from '../../shared/map/GeometryInput';
import { OrgTreeSelect } from '../../shared/orgs';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { ActionModal } from '../../shared/workflow/ActionModal';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { InspectionStatusTag } from './InspectionsPage';
import { type CapturedPhoto, PhotoCapture, photoIds, photosUploading } from './PhotoCapture';
import { useInspectionText } from './inspectionText';
import './hazard.css';
import './inspection.css';

type Detail = api.hazardInspections.InspectionDetail;
type Item = api.hazardInspections.InspectionItem;
type AnswerBody = api.hazardInspections.AnswerBody;
type Answer = 'pass' | 'fail' | 'na';

type Located = { state: 'idle' | 'locating' } | { state: 'located'; accuracy: number } | { state: 'failed'; reason: string };

interface FailValues {
  note?: string;
  photos?: CapturedPhoto[];
  title: string;
  level: '一般' | '重大';
  deadline?: Dayjs;
  responsibleOrgId?: string;
  point?: Point | null;
}

/**
 * A failed item: what was seen, photos from the camera, where (the device's location, or a tap on the
 * map when the device cannot tell), and the hazard it becomes — registered by the server with the answer.
 */
function FailDrawer({
  inspection,
  item,
  onClose,
  onDone,
}: {
  inspection: Detail;
  item: Item;
  onClose: () => void;
  onDone: (d: Detail) => void;
}) {
  const m = useInspectionText();
  const { t } = useTranslation();
  const phone = usePhone();
  const showError = useShowError();
  const [form] = Form.useForm<FailValues>();
  const photos = Form.useWatch('photos', form);
  const [located, setLocated] = useState<Located>({ state: 'idle' });

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocated({ state: 'failed', reason: m('locateUnsupported') });
      return;
    }
    setLocated({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { longitude, latitude, accuracy } = position.coords;
        form.setFieldValue('point', { type: 'Point', coordinates: [longitude, latitude] });
        setLocated({ state: 'located', accuracy: Math.round(accuracy) });
      },
      (error) => setLocated({ state: 'failed', reason: error.message }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const save = useMutation({
    mutationFn: (v: FailValues) => {
      const [lng, lat] = v.point?.coordinates ?? [];
      const body: AnswerBody = {
        result: 'fail',
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        photoIds: photoIds(v.photos),
        ...(lng !== undefined && lat !== undefined ? { lng, lat } : {}),
        hazard: {
          title: v.title.trim(),
          level: v.level,
          ...(v.deadline ? { deadline: v.deadline.format('YYYY-MM-DD') } : {}),
          ...(v.responsibleOrgId ? { responsibleOrgId: v.responsibleOrgId } : {}),
        },
      };
      return call(api.hazardInspections.answerInspectionItem, { params: { id: inspection.id, itemId: item.id }, body });
    },
    onSuccess: onDone,
    onError: (e) => showError(e, form),
  });

  return (
    <Drawer
      open
      onClose={onClose}
      title={m('failTitle', { n: item.position })}
      placement={phone ? 'bottom' : 'right'}
      height="94%"
      size="large"
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{m('failHelp')}</Typography.Paragraph>
      <Form<FailValues>
        form={form}
        layout="vertical"
        initialValues={{ title: item.text.slice(0, 200), level: '一般', photos: [] }}
        onFinish={(v) => save.mutate(v)}
        className="inspection-form"
        data-testid="inspection-fail-form"
      >
        <Form.Item name="photos" label={m('photos')}>
          <PhotoCapture testId="inspection-photo" />
        </Form.Item>
        <Form.Item name="note" label={m('note')}>
          <Input.TextArea rows={3} placeholder={m('notePlaceholder')} maxLength={2000} data-testid="inspection-fail-note" />
        </Form.Item>
        <Form.Item name="title" label={m('hazardTitle')} rules={[{ required: true, whitespace: true }]}>
          <Input size="large" maxLength={200} data-testid="inspection-fail-title" />
        </Form.Item>
        <Form.Item name="level" label={m('hazardLevel')}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large" className="inspection-level">
            {hazard.hazardLevels.map((l) => (
              <Radio.Button key={l} value={l}>
                {l}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="deadline" label={m('deadline')}>
          <DatePicker size="large" style={{ width: '100%' }} />
        </Form.Item>
        {!inspection.targetOrgId && (
          <Form.Item name="responsibleOrgId" label={m('responsibleOrg')} extra={m('responsibleOrgHelp')} rules={[{ required: true }]}>
            <OrgTreeSelect data-testid="inspection-fail-unit" />
          </Form.Item>
        )}
        <Form.Item label={m('deviceLocation')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button
              icon={<AimOutlined />}
              size="large"
              block
              onClick={locate}
              loading={located.state === 'locating'}
              data-testid="inspection-locate"
            >
              {located.state === 'locating' ? m('locating') : m('useDevice')}
            </Button>
            {located.state === 'located' && (
              <Typography.Text type="success" role="status">
                {m('located', { accuracy: located.accuracy })}
              </Typography.Text>
            )}
            {located.state === 'failed' && <Alert type="warning" showIcon title={m('locateFailed', { reason: located.reason })} />}
            <Form.Item name="point" noStyle>
              <GeometryInput kinds={['Point']} height={200} />
            </Form.Item>
          </Space>
        </Form.Item>
        <Button
          type="primary"
          danger
          htmlType="submit"
          size="large"
          block
          loading={save.isPending}
          disabled={photosUploading(photos)}
          data-testid="inspection-fail-submit"
        >
          {photosUploading(photos) ? t('hazard.hazards.report.uploading') : m('confirmFail')}
        </Button>
      </Form>
    </Drawer>
  );
}

const answers: { value: Answer; icon: React.ReactNode }[] = [
  { value: 'pass', icon: <CheckOutlined /> },
  { value: 'fail', icon: <CloseOutlined /> },
  { value: 'na', icon: <MinusOutlined /> },
];

const resultColor: Record<Answer, string> = { pass: 'success', fail: 'error', na: 'default' };

/** One line of the checklist: its text and basis, and three answers large enough for a thumb. */
function ChecklistItem({
  item,
  canAnswer,
  busy,
  onAnswer,
}: {
  item: Item;
  canAnswer: boolean;
  busy: boolean;
  onAnswer: (answer: Answer) => void;
}) {
  const m = useInspectionText();
  const locked = item.hazardId !== null;
  return (
    <Card size="small" className={`inspection-item inspection-item-${item.result}`} data-testid="inspection-item" data-result={item.result}>
      <div className="inspection-item-head">
        <Typography.Text strong>{m('itemNo', { n: item.position })}</Typography.Text>
        <Space size={4}>
          <Tag>{m(`origin.${item.origin}`)}</Tag>
          {item.result !== 'pending' && (
            <Tag color={resultColor[item.result]} data-testid="inspection-item-result">
              {m(`result.${item.result}`)}
            </Tag>
          )}
        </Space>
      </div>
      <Typography.Paragraph className="inspection-item-text">{item.text}</Typography.Paragraph>
      {item.basis && (
        <Typography.Paragraph type="secondary" className="inspection-item-basis">
          {m('basis')}：{item.basis}
        </Typography.Paragraph>
      )}
      {canAnswer && (
        <div className="inspection-answers" role="group" aria-label={m('answer')}>
          {answers.map((a) => (
            <Button
              key={a.value}
              size="large"
              icon={a.icon}
              type={item.result === a.value ? 'primary' : 'default'}
              danger={a.value === 'fail'}
              aria-pressed={item.result === a.value}
              disabled={locked || busy}
              onClick={() => onAnswer(a.value)}
              data-testid={`inspection-answer-${a.value}`}
            >
              {m(`result.${a.value}`)}
            </Button>
          ))}
        </div>
      )}
      {item.note && <Typography.Paragraph className="inspection-item-note">{item.note}</Typography.Paragraph>}
      {item.photos.length > 0 && (
        <Typography.Text type="secondary">
          {m('photos')}：{item.photos.length}
        </Typography.Text>
      )}
      {item.hazardId && item.hazardCode && (
        <div>
          <Link to={`/hazards/${item.hazardId}`} data-testid="inspection-hazard-link">
            {m('openHazard', { code: item.hazardCode })}
          </Link>
        </div>
      )}
    </Card>
  );
}

/**
 * 排查: one inspection's checklist on a phone. Started on site; each item answered with one tap
 * (合格 / 不适用) or, when it fails, with a note, camera photos and the device's location, which
 * registers a hazard at once; completed when every item is answered.
 */
export default function InspectionPage() {
  const m = useInspectionText();
  const bi = useBi();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const { id = '' } = useParams();
  const input = { params: { id } };
  const { data: inspection, error } = useApiQuery(api.hazardInspections.getInspection, input);
  const [failing, setFailing] = useState<Item | null>(null);
  const [action, setAction] = useState<'complete' | 'cancel' | null>(null);
  const [summary, setSummary] = useState('');

  const onDone = async (updated: Detail) => {
    client.setQueryData(apiKey(api.hazardInspections.getInspection, input), updated);
    setFailing(null);
    setAction(null);
    await invalidatePaths(client, '/api/hazard-inspections', '/api/hazards');
  };
  const answer = useMutation({
    mutationFn: ({ item, result }: { item: Item; result: 'pass' | 'na' }) =>
      call(api.hazardInspections.answerInspectionItem, { params: { id, itemId: item.id }, body: { result, photoIds: [] } }),
    onSuccess: onDone,
    onError: (e) => showError(e),
  });
  const act = useMutation({
    mutationFn: (body: { action: 'start' | 'complete' | 'cancel'; summary?: string; reason?: string }) => {
      const { action: name, ...rest } = body;
      return call(api.hazardInspections.inspectionAction, { params: { id, action: name }, body: rest });
    },
    onSuccess: async (updated) => {
      message.success(m('saved'));
      await onDone(updated);
    },
    onError: (e) => showError(e),
  });

  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (!inspection) return <Spin size="large" className="page-spin" />;

  const can = (a: Detail['allowedActions'][number]) => inspection.allowedActions.includes(a);
  const remaining = inspection.itemCount - inspection.answeredCount;
  const where = [inspection.targetOrgName, inspection.placeName].filter(Boolean).join(' · ');

  return (
    <div className="inspection-page">
      <PageHeader
        title={
          <Space wrap>
            {inspection.title}
            <InspectionStatusTag status={inspection.status} />
          </Space>
        }
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/hazard-inspections')}>
            {m('back')}
          </Button>
        }
      />
      <Card size="small" className="inspection-summary">
        <Typography.Text type="secondary">
          {inspection.code} · {where} · {m('plannedOn')} {inspection.plannedOn}
        </Typography.Text>
        <Progress
          percent={inspection.itemCount ? Math.round((inspection.answeredCount / inspection.itemCount) * 100) : 0}
          aria-label={m('progress')}
        />
        <Typography.Text data-testid="inspection-progress">
          {m('progressText', { answered: inspection.answeredCount, total: inspection.itemCount, failed: inspection.failedCount })}
        </Typography.Text>
        <div className="inspection-actions">
          {can('start') && (
            <Button
              type="primary"
              size="large"
              block
              loading={act.isPending}
              onClick={() => act.mutate({ action: 'start' })}
              data-testid="inspection-start"
            >
              {m('start')}
            </Button>
          )}
          {can('complete') && (
            <Button
              type="primary"
              size="large"
              block
              disabled={remaining > 0}
              onClick={() => setAction('complete')}
              data-testid="inspection-complete"
            >
              {remaining > 0 ? m('remaining', { count: remaining }) : m('complete')}
            </Button>
          )}
          {can('cancel') && (
            <Button size="large" block danger onClick={() => setAction('cancel')} data-testid="inspection-cancel">
              {m('cancel')}
            </Button>
          )}
        </div>
        {inspection.status === 'planned' && can('start') && <Alert type="info" showIcon title={m('notStarted')} />}
        {inspection.summary && <Typography.Paragraph>{inspection.summary}</Typography.Paragraph>}
      </Card>
      <Typography.Title level={5} className="inspection-section">
        {m('checklist')}
      </Typography.Title>
      <div className="inspection-items">
        {inspection.items.map((item) => (
          <ChecklistItem
            key={item.id}
            item={item}
            canAnswer={can('answer')}
            busy={answer.isPending}
            onAnswer={(result) => (result === 'fail' ? setFailing(item) : answer.mutate({ item, result }))}
          />
        ))}
      </div>
      <Card size="small" title={m('timeline')} className="inspection-section">
        <WorkflowTimeline entries={inspection.timeline} workflow={hazard.inspectionWorkflow} testId="inspection-timeline" />
      </Card>
      {failing && <FailDrawer inspection={inspection} item={failing} onClose={() => setFailing(null)} onDone={onDone} />}
      <Modal
        open={action === 'complete'}
        title={bi(hazard.inspectionWorkflow.actions.complete.label)}
        onCancel={() => setAction(null)}
        onOk={() => act.mutate({ action: 'complete', ...(summary.trim() ? { summary: summary.trim() } : {}) })}
        okButtonProps={{ loading: act.isPending, size: 'large', id: 'inspection-complete-ok' }}
        cancelButtonProps={{ size: 'large' }}
      >
        <Typography.Paragraph>{m('allAnswered')}</Typography.Paragraph>
        <Input.TextArea
          rows={4}
          placeholder={m('summary')}
          aria-label={m('summary')}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
      </Modal>
      {action === 'cancel' && (
        <ActionModal
          action={hazard.inspectionWorkflow.actions.cancel}
          title={m('cancel')}
          danger
          onSubmit={(body) => call(api.hazardInspections.inspectionAction, { params: { id, action: 'cancel' }, body })}
          onDone={onDone}
          onClose={() => setAction(null)}
        />
      )}
    </div>
  );
}
