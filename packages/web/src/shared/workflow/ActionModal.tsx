import type { WorkflowAction } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useActionInputRule, useShowError } from '../forms';
import { useBi } from '../locale';

/** What an action sends: its reason when the workflow asks for one. */
export type ActionBody = { reason?: string };

/**
 * Confirms one workflow action (退回, 不同意延期, 锁定, 驳回…). When the action's definition asks
 * for input, the reason field is shown and checked with the workflow's own schema, so the form
 * refuses what the server would; `T` is what the action returns.
 */
export function ActionModal<T>({
  action,
  title,
  intro,
  danger = false,
  onSubmit,
  onDone,
  onClose,
}: {
  /** The action as its workflow declares it: its label is the button, its input the form. */
  action: WorkflowAction<string>;
  title: string;
  intro?: ReactNode;
  danger?: boolean;
  onSubmit: (body: ActionBody) => Promise<T>;
  onDone: (result: T) => void | Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const inputRule = useActionInputRule();
  const [form] = Form.useForm<ActionBody>();
  const label = bi(action.label);
  const take = useMutation({
    mutationFn: (body: ActionBody) => onSubmit(body),
    onSuccess: async (result) => {
      message.success(t('common.actionDone', { action: label }));
      await onDone(result);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={title}
      okText={label}
      okButtonProps={{ danger }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={take.isPending}
      destroyOnHidden
    >
      {intro && <Typography.Paragraph>{intro}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(body) => take.mutate(action.input ? body : {})}>
        {action.input && (
          <Form.Item name="reason" label={t('common.reason')} rules={[inputRule(action.input, 'reason', t('common.reasonRequired'))]}>
            <Input.TextArea rows={3} showCount maxLength={2000} data-testid="reason-input" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
