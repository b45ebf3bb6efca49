import { api } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import type { Assignment, TaskDetail } from './data';

interface Values {
  requestedEnd: Dayjs;
  reason: string;
}

const fields = api.campaign.requestExtension.body.shape;

/** 申请延期: a unit asks 安委办 to move its part's deadline, giving the new date and why. */
export function ExtensionModal({
  assignment,
  onDone,
  onClose,
}: {
  assignment: Assignment;
  onDone: (detail: TaskDetail) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();
  const current = assignment.extendedTo ?? assignment.deadlineEnd;

  const ask = useMutation({
    mutationFn: (v: Values) =>
      call(api.campaign.requestExtension, {
        params: { id: assignment.id },
        body: { requestedEnd: v.requestedEnd.format('YYYY-MM-DD'), reason: v.reason },
      }),
    onSuccess: (detail) => {
      message.success(t('campaign.extensionRequested'));
      onDone(detail);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('campaign.extensionTitle', { unit: assignment.orgName })}
      okText={t('campaign.requestExtension')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={ask.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {current ? t('campaign.currentDeadline', { date: current }) : t('campaign.noRange')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => ask.mutate(v)}>
        <Form.Item
          name="requestedEnd"
          label={t('campaign.requestedEnd')}
          rules={[{ required: true, message: t('campaign.requestedEndRequired') }]}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => (current ? d.format('YYYY-MM-DD') <= current : false)}
            data-testid="extension-date"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('campaign.reason')}
          rules={[{ required: true, message: t('campaign.reasonRequired') }, zodRule(fields.reason)]}
        >
          <Input.TextArea rows={3} showCount maxLength={2000} data-testid="extension-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
