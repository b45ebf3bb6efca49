import { api, grid } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { OrgTreeSelect } from '../../shared/orgs';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { useWorkflowLabels } from '../../shared/workflow/labels';
import { useGridText } from './text';

type Detail = api.grid.GridCaseDetail;
type CaseAction = Detail['allowedActions'][number];
interface Values {
  orgId?: string;
  note?: string;
  reason?: string;
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
            : values.note
              ? { note: values.note }
              : {};
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
      </Form>
    </Modal>
  );
}

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
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={c('timeline')}>
            <WorkflowTimeline
              entries={item.timeline}
              workflow={grid.gridCaseWorkflow}
              color={(e) => (e.toState === 'closed' ? 'green' : e.toState === 'cancelled' ? 'gray' : 'blue')}
              details={(e) =>
                typeof e.input.note === 'string' ? <Typography.Paragraph style={{ margin: 0 }}>{e.input.note}</Typography.Paragraph> : null
              }
              testId="grid-case-timeline"
            />
          </Card>
        </Col>
      </Row>
      {action && <CaseActionModal item={item} action={action} onClose={() => setAction(null)} />}
    </>
  );
}
