import { api, hazard } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError, useZodRule } from '../../shared/forms';
import { apiKey, useApiQuery } from '../../shared/query';
import { ActionModal } from '../../shared/workflow/ActionModal';
import { useWorkflowLabels } from '../../shared/workflow/labels';
import { HazardDeadline } from './HazardDeadline';

type Extensions = api.hazardExtensions.Extensions;
type Extension = api.hazardExtensions.Extension;

const fields = api.hazardExtensions.requestExtension.body.shape;
const statusColors = { requested: 'processing', approved: 'success', rejected: 'error' } as const;

interface Values {
  requestedDeadline: Dayjs;
  reason: string;
}

/** 申请延期: the responsible unit gives the new deadline (after the current one) and why. */
function RequestModal({
  hazardId,
  current,
  onDone,
  onClose,
}: {
  hazardId: string;
  current: string | null;
  onDone: (e: Extensions) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();
  const ask = useMutation({
    mutationFn: (v: Values) =>
      call(api.hazardExtensions.requestExtension, {
        params: { id: hazardId },
        body: { requestedDeadline: v.requestedDeadline.format('YYYY-MM-DD'), reason: v.reason },
      }),
    onSuccess: (result) => {
      message.success(t('hazard.extensions.requested'));
      onDone(result);
    },
    onError: (error) => showError(error, form),
  });
  return (
    <Modal
      open
      title={t('hazard.extensions.requestTitle')}
      okText={t('hazard.extensions.request')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={ask.isPending}
      destroyOnHidden
    >
      {current && <Typography.Paragraph type="secondary">{t('hazard.extensions.currentDeadline', { date: current })}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(v) => ask.mutate(v)}>
        <Form.Item
          name="requestedDeadline"
          label={t('hazard.extensions.requestedDeadline')}
          rules={[{ required: true, message: t('hazard.extensions.requestedDeadlineRequired') }]}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => (current ? d.format('YYYY-MM-DD') <= current : false)}
            data-testid="hazard-extension-date"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('hazard.extensions.reason')}
          rules={[{ required: true, message: t('hazard.extensions.reasonRequired') }, zodRule(fields.reason)]}
        >
          <Input.TextArea rows={3} showCount maxLength={2000} data-testid="hazard-extension-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Dialog = { kind: 'request' } | { kind: 'approve' | 'reject'; extension: Extension };

/**
 * A hazard's deadline with its countdown, the extension requests with their decisions, and the buttons the
 * server allows the caller: 申请延期 for the responsible unit, 同意 / 不同意 for the verifying (一般) or
 * supervising (重大) side. HAZWEB places it on the hazard's page; `onChanged` lets that page reload the hazard
 * once an approval moved its deadline.
 */
export function HazardExtensions({ hazardId, onChanged }: { hazardId: string; onChanged?: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const formatTime = useFormatTime();
  const labels = useWorkflowLabels(hazard.hazardExtensionWorkflow);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const input = { params: { id: hazardId } };
  const { data } = useApiQuery(api.hazardExtensions.listExtensions, input);

  const done = (result: Extensions) => {
    client.setQueryData(apiKey(api.hazardExtensions.listExtensions, input), result);
    setDialog(null);
    onChanged?.();
  };

  // Narrow beside the hazard's details: the dates in one column, who asked and who decided in another.
  const columns: TableColumnsType<Extension> = [
    {
      key: 'deadline',
      title: t('hazard.extensions.requestedDeadline'),
      render: (_, e) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {e.requestedDeadline}
          <Typography.Text type="secondary" style={{ display: 'block' }}>
            {t('hazard.extensions.previous')} {e.previousDeadline ?? t('hazard.extensions.noDeadline')}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'reason',
      title: t('hazard.extensions.reason'),
      render: (_, e) => (
        <>
          {e.reason}
          {e.decisionNote && (
            <Typography.Text type="danger" style={{ display: 'block' }}>
              {t('hazard.extensions.decisionNote')}：{e.decisionNote}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      key: 'status',
      title: t('hazard.extensions.status'),
      render: (_, e) => <Tag color={statusColors[e.status]}>{labels.state(e.status)}</Tag>,
    },
    {
      key: 'people',
      title: `${t('hazard.extensions.requester')} / ${t('hazard.extensions.decider')}`,
      render: (_, e) => (
        <>
          <span style={{ display: 'block' }}>
            {e.requestedBy} {formatTime(e.requestedAt)}
          </span>
          {e.decidedBy && (
            <Typography.Text type="secondary">
              {e.decidedBy} {formatTime(e.decidedAt)}
            </Typography.Text>
          )}
        </>
      ),
    },
  ];
  // The decisions, only when the caller may take one.
  if (data?.items.some((e) => e.allowedActions.length > 0))
    columns.push({
      key: 'actions',
      title: t('hazard.extensions.actions'),
      render: (_, e) => (
        <Space wrap>
          {e.allowedActions.map((action) => (
            <Button
              key={action}
              size="small"
              type={action === 'approve' ? 'primary' : 'default'}
              danger={action === 'reject'}
              onClick={() => setDialog({ kind: action, extension: e })}
              data-testid={`hazard-extension-${action}`}
            >
              {labels.action(action)}
            </Button>
          ))}
        </Space>
      ),
    });

  return (
    <Card
      title={t('hazard.extensions.title')}
      size="small"
      data-testid="hazard-extensions"
      extra={
        data?.allowedActions.includes('request') && (
          <Button onClick={() => setDialog({ kind: 'request' })} data-testid="hazard-extension-request">
            {t('hazard.extensions.request')}
          </Button>
        )
      }
    >
      {data && (
        <>
          <HazardDeadline standing={data.standing} />
          {/* The history scrolls sideways on a phone: a named region that takes the keyboard focus to scroll it. */}
          <div tabIndex={0} role="region" aria-label={t('hazard.extensions.history')} style={{ overflowX: 'auto', marginTop: 12 }}>
            <Table<Extension>
              size="small"
              rowKey="id"
              columns={columns}
              dataSource={data.items}
              pagination={false}
              locale={{ emptyText: t('hazard.extensions.empty') }}
            />
          </div>
        </>
      )}
      {dialog?.kind === 'request' && data && (
        <RequestModal hazardId={hazardId} current={data.standing.deadline} onDone={done} onClose={() => setDialog(null)} />
      )}
      {(dialog?.kind === 'approve' || dialog?.kind === 'reject') && (
        <ActionModal
          action={hazard.hazardExtensionWorkflow.actions[dialog.kind]}
          title={t(dialog.kind === 'approve' ? 'hazard.extensions.approveTitle' : 'hazard.extensions.rejectTitle', {
            date: dialog.extension.requestedDeadline,
          })}
          intro={dialog.kind === 'approve' ? t('hazard.extensions.approveHelp') : undefined}
          danger={dialog.kind === 'reject'}
          onSubmit={(body) =>
            call(api.hazardExtensions.extensionAction, {
              params: { id: hazardId, extensionId: dialog.extension.id, action: dialog.kind },
              body,
            })
          }
          onDone={done}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
