import { api, grid } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Image, Input, Modal, Row, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { buildPath, call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { MapView } from '../../shared/MapView';
import { OrgTreeSelect } from '../../shared/orgs';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { useWorkflowLabels } from '../../shared/workflow/labels';
import { type CapturedPhoto, PhotoCapture, photoIds, photosUploading } from '../hazard/PhotoCapture';
import { useGridText } from './text';

type Detail = api.grid.GridCaseDetail;
type CaseAction = Detail['allowedActions'][number];
interface Values {
  orgId?: string;
  note?: string;
  reason?: string;
  /** 处置: photos of the work done. */
  photos?: CapturedPhoto[];
}

/** Takes one step of the 数字城管 cycle: 派遣 names the unit, 作废 a reason, the others a note. */
function CaseActionModal({ item, action, onClose }: { item: Detail; action: CaseAction; onClose: () => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const uploading = photosUploading(Form.useWatch('photos', form));
  const def = grid.gridCaseWorkflow.actions[action];
  const noteRequired = action === 'handle' || action === 'return' || action === 'close';
  const submit = async (values: Values) => {
    setBusy(true);
    try {
      const body =
        action === 'dispatch'
          ? { orgId: values.orgId, ...(values.note ? { note: values.note } : {}) }
          : action === 'cancel'
            ? { reason: values.reason }
            : {
                ...(values.note ? { note: values.note } : {}),
                ...(action === 'handle' && photoIds(values.photos).length > 0 ? { photoFileIds: photoIds(values.photos) } : {}),
              };
      const updated = await call(api.grid.gridCaseAction, { params: { id: item.id, action }, body: body as never });
      client.setQueryData(apiKey(api.grid.getGridCase, { params: { id: item.id } }), updated);
      await invalidatePaths(client, api.grid.listGridCases.path);
      message.success(t('grid.cases.done'));
      onClose();
    } catch (error) {
      showError(error, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={bi(def.label)}
      okText={bi(def.label)}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: uploading }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {action === 'dispatch' && (
          <Form.Item name="orgId" label={t('grid.cases.orgId')} rules={[{ required: true, message: t('grid.cases.orgId') }]}>
            <OrgTreeSelect data-testid="grid-case-org" />
          </Form.Item>
        )}
        {action === 'cancel' ? (
          <Form.Item name="reason" label={t('grid.cases.reason')} rules={[{ required: true, min: 2, message: t('grid.cases.reason') }]}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="grid-case-reason" />
          </Form.Item>
        ) : (
          <Form.Item
            name="note"
            label={t('grid.cases.note')}
            rules={noteRequired ? [{ required: true, min: 2, message: t('grid.cases.note') }] : []}
          >
            <Input.TextArea rows={3} maxLength={4000} data-testid="grid-case-note" />
          </Form.Item>
        )}
        {action === 'handle' && (
          <Form.Item name="photos" label={t('grid.cases.photos')}>
            <PhotoCapture testId="grid-case-photo-capture" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Photos of a case (found on patrol, or of its handling) as thumbnails that open full size. */
function CasePhotos({ caseId, fileIds, testId }: { caseId: string; fileIds: readonly string[]; testId: string }) {
  const c = useGridText('cases');
  if (fileIds.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space size={8} wrap data-testid={testId}>
        {fileIds.map((fileId, index) => (
          <Image
            key={fileId}
            src={buildPath(api.grid.getGridCasePhoto.path, { id: caseId, fileId })}
            alt={c('photoAlt', { index: index + 1 })}
            width={96}
            height={96}
            style={{ objectFit: 'cover', borderRadius: 8 }}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** The file ids an action carried (处置 takes photos of the work done). */
const photoIdsOf = (input: Record<string, unknown>): string[] =>
  Array.isArray(input.photoFileIds) ? input.photoFileIds.filter((x): x is string => typeof x === 'string') : [];

/** A grid case or lead: what, where, which unit and by when, the timeline of the cycle and the steps the caller may take. */
export default function CaseDetailPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const labels = useWorkflowLabels(grid.gridCaseWorkflow);
  const { id = '' } = useParams();
  const [action, setAction] = useState<CaseAction | null>(null);
  const { data: item, error } = useApiQuery(api.grid.getGridCase, { params: { id } });
  const c = useGridText('cases');
  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (isApiError(error, 'FORBIDDEN')) return <ErrorPage status={403} />;
  if (!item) return <Spin size="large" className="page-spin" />;
  // The case cites every photo of it (found, and of each 处置) so they are served through it; those of a step show there.
  const stepPhotos = new Set(item.timeline.flatMap((e) => photoIdsOf(e.input)));
  const foundPhotos = item.photoFileIds.filter((id) => !stepPhotos.has(id));

  return (
    <>
      <PageHeader
        title={`${item.code} ${item.title}`}
        extra={item.allowedActions.map((a) => (
          <Button
            key={a}
            type={a === 'cancel' ? 'default' : 'primary'}
            danger={a === 'cancel'}
            onClick={() => setAction(a)}
            data-testid={`grid-case-${a}`}
          >
            {bi(grid.gridCaseWorkflow.actions[a].label)}
          </Button>
        ))}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small" data-testid="grid-case-facts">
              <Descriptions.Item label={c('status')}>
                <Space size={4}>
                  <Tag>{labels.state(item.status)}</Tag>
                  {item.overdue && <Tag color="error">{c('overdue')}</Tag>}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={c('kind')}>{t(`grid.cases.kinds.${item.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={c('category')}>{item.categoryName}</Descriptions.Item>
              <Descriptions.Item label={c('grid')}>{item.gridName}</Descriptions.Item>
              {item.enterprise && <Descriptions.Item label={c('enterprise')}>{item.enterprise.name}</Descriptions.Item>}
              <Descriptions.Item label={c('assignedOrg')}>{item.assignedOrg?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={c('deadline')}>{item.deadline ? time(item.deadline) : '—'}</Descriptions.Item>
              <Descriptions.Item label={c('createdAt')}>
                {time(item.createdAt)} · {item.createdBy}
              </Descriptions.Item>
              <Descriptions.Item label={c('location')}>
                {item.location ? `${item.location.lng.toFixed(5)}, ${item.location.lat.toFixed(5)}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={c('description')} span={2}>
                {item.description ?? '—'}
              </Descriptions.Item>
            </Descriptions>
            {foundPhotos.length > 0 && (
              <>
                <Typography.Text strong style={{ display: 'block', margin: '8px 0' }}>
                  {c('photos')}
                </Typography.Text>
                <CasePhotos caseId={item.id} fileIds={foundPhotos} testId="grid-case-photos" />
              </>
            )}
            {item.location && (
              // Where it was found, on the district map: the coordinates alone tell a dispatcher little.
              <div style={{ marginTop: 12 }}>
                <MapView
                  height={260}
                  ariaLabel={c('location')}
                  initialView={{ type: 'Point', coordinates: [item.location.lng, item.location.lat] }}
                  features={{
                    type: 'FeatureCollection',
                    features: [
                      {
                        type: 'Feature',
                        geometry: { type: 'Point', coordinates: [item.location.lng, item.location.lat] },
                        properties: { label: item.title, color: '#d46b08' },
                      },
                    ],
                  }}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={c('timeline')}>
            <WorkflowTimeline
              entries={item.timeline}
              workflow={grid.gridCaseWorkflow}
              color={(e) => (e.toState === 'closed' ? 'green' : e.toState === 'cancelled' ? 'gray' : 'blue')}
              details={(e) => (
                <>
                  {typeof e.input.note === 'string' && <Typography.Paragraph style={{ margin: 0 }}>{e.input.note}</Typography.Paragraph>}
                  <CasePhotos caseId={item.id} fileIds={photoIdsOf(e.input)} testId="grid-case-handled-photos" />
                </>
              )}
              testId="grid-case-timeline"
            />
          </Card>
        </Col>
      </Row>
      {action && <CaseActionModal item={item} action={action} onClose={() => setAction(null)} />}
    </>
  );
}
