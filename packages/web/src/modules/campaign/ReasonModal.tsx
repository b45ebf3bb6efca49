import { campaign as plan } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../../shared/forms';
import { pickText } from '../../shared/locale';

/** The reason schema the workflows share (退回, 重新打开, 不同意延期): at least two characters. */
const reasonSchema = plan.assignmentWorkflow.actions.return.input;

/** Asks for the reason of a decision that needs one, then takes it; `T` is what the action returns. */
export function ReasonModal<T>({
  title,
  okText,
  intro,
  danger = false,
  onSubmit,
  onDone,
  onClose,
}: {
  title: string;
  okText: string;
  intro?: ReactNode;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<T>;
  onDone: (result: T) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ reason: string }>();
  const take = useMutation({
    mutationFn: ({ reason }: { reason: string }) => onSubmit(reason),
    onSuccess: (result) => {
      message.success(t('campaign.actionDone', { action: okText }));
      onDone(result);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={title}
      okText={okText}
      okButtonProps={{ danger }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={take.isPending}
      destroyOnHidden
    >
      {intro && <Typography.Paragraph>{intro}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(v) => take.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('campaign.reason')}
          rules={[
            { required: true, message: t('campaign.reasonRequired') },
            {
              validator: async (_, reason: string | undefined) => {
                const issue = reasonSchema?.safeParse({ reason }).error?.issues[0];
                if (issue) throw new Error(pickText(issue.message, i18n.language));
              },
            },
          ]}
        >
          <Input.TextArea rows={3} showCount maxLength={2000} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
