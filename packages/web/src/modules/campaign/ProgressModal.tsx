import { api, campaign as plan } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Modal, Row, Slider, Typography, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../shared/api';
import { AttachmentUpload } from '../../shared/files/AttachmentUpload';
import { type FileMeta, doneFileIds, stillUploading } from '../../shared/files/files';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import type { Assignment, TaskChange, TaskDetail } from './data';
import { targetText } from './labels';

interface Values {
  text: string;
  percent: number;
  /**
   * One entry per target of the task, by the target's index, as typed; empty when not reported. Kept as text so
   * that "abc" is refused with a message rather than silently dropped (a number field forgets what it cannot read).
   */
  indicatorValues?: (string | null | undefined)[];
  fileIds?: UploadFile<FileMeta>[];
}

type Sent = { target: number; value: number }[];

/** An indicator's value as people type it: 95, 99.5, -3 (spaces around it are allowed). */
const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

/**
 * Server field errors name positions in what was sent (`indicatorValues.0.value` is the first
 * value given, `fileIds.2` the third file); the form keeps one field per target and one list of
 * files, so the names are moved onto those.
 */
function onFormFields(error: unknown, sent: Sent): unknown {
  if (!(error instanceof ApiError) || error.fields.length === 0) return error;
  const fields = error.fields.map((f) => {
    const value = /^indicatorValues\.(\d+)(\..*)?$/.exec(f.field);
    if (value) return { ...f, field: `indicatorValues.${sent[Number(value[1])]?.target ?? 0}` };
    if (/^fileIds\.\d+$/.test(f.field)) return { ...f, field: 'fileIds' };
    return f;
  });
  return new ApiError(error.status, { code: error.code, message: error.bilingual, fields, details: error.details });
}

/**
 * 报送进展 / 提交验收: what was done, how far (percent), the actual values against the task's
 * targets, and 佐证资料 uploaded as attachments. Works on a phone: one column, native file picker.
 */
export function ProgressModal({
  task,
  assignment,
  action,
  onDone,
  onClose,
}: {
  task: TaskDetail;
  assignment: Assignment;
  action: 'report' | 'submit';
  onDone: (change: TaskChange) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();
  const label = bi(plan.assignmentWorkflow.actions[action].label);

  const send = useMutation({
    mutationFn: async (v: Values) => {
      // A task without targets has no indicator fields, so the form leaves the list out.
      const indicatorValues: Sent = (v.indicatorValues ?? []).flatMap((value, target) =>
        value?.trim() ? [{ target, value: Number(value) }] : [],
      );
      const fileIds = doneFileIds(v.fileIds);
      try {
        return await call(api.campaign.assignmentAction, {
          params: { id: assignment.id, action },
          body: { text: v.text, percent: v.percent, indicatorValues, fileIds },
        });
      } catch (error) {
        throw onFormFields(error, indicatorValues);
      }
    },
    onSuccess: (detail) => {
      message.success(t('campaign.actionDone', { action: label }));
      onDone(detail);
    },
    onError: (error) => showError(error, form),
  });

  const onFinish = (v: Values) => {
    if (stillUploading(v.fileIds)) {
      message.warning(t('campaign.uploadPending'));
      return;
    }
    send.mutate(v);
  };

  return (
    <Modal
      open
      title={t('campaign.progressTitle', { action: label, unit: assignment.orgName })}
      okText={label}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={send.isPending}
      destroyOnHidden
      width={640}
    >
      {action === 'submit' && <Typography.Paragraph type="secondary">{t('campaign.submitHelp')}</Typography.Paragraph>}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          text: '',
          percent: action === 'submit' ? 100 : assignment.percent,
          indicatorValues: task.targets.map(() => undefined),
          fileIds: [],
        }}
        onFinish={onFinish}
        data-testid="progress-form"
      >
        <Form.Item
          name="text"
          label={t('campaign.progressText')}
          rules={[{ required: true, message: t('campaign.progressTextRequired') }, zodRule(plan.progressInput.shape.text)]}
        >
          <Input.TextArea
            rows={4}
            maxLength={5000}
            showCount
            placeholder={t('campaign.progressTextPlaceholder')}
            data-testid="progress-text"
          />
        </Form.Item>
        <Form.Item label={t('campaign.percent')} required>
          <Row gutter={12} align="middle">
            <Col flex="auto">
              <Form.Item name="percent" noStyle>
                <Slider min={0} max={100} step={5} ariaLabelForHandle={t('campaign.percent')} />
              </Form.Item>
            </Col>
            <Col flex="96px">
              <Form.Item name="percent" noStyle>
                <InputNumber
                  min={0}
                  max={100}
                  precision={0}
                  suffix="%"
                  style={{ width: '100%' }}
                  aria-label={t('campaign.percent')}
                  data-testid="progress-percent"
                />
              </Form.Item>
            </Col>
          </Row>
        </Form.Item>
        {task.targets.map((target, i) => (
          <Form.Item
            key={`${i}-${target.name}`}
            name={['indicatorValues', i]}
            label={t('campaign.indicatorLabel', { name: target.name, target: targetText(target) })}
            extra={target.text}
            rules={[{ pattern: NUMBER, message: t('campaign.indicatorNotNumber') }]}
          >
            <Input
              inputMode="decimal"
              suffix={target.unit}
              placeholder={t('campaign.indicatorPlaceholder')}
              data-testid={`progress-indicator-${i}`}
            />
          </Form.Item>
        ))}
        <Form.Item
          name="fileIds"
          label={t('campaign.evidence')}
          extra={t('campaign.evidenceHelp')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile<FileMeta>[] }) => e.fileList}
        >
          <AttachmentUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}
