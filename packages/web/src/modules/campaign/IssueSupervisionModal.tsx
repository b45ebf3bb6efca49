import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { invalidatePaths } from '../../shared/query';
import { type TaskDetail, campaignPathPrefix, shanghaiToday } from './data';
import { useUnitName } from './labels';

interface Values {
  orgId: string;
  content: string;
  responseDue: Dayjs;
}

const fields = api.campaign.issueSupervision.body.shape;

/** 下发督办: a numbered notice to one responsible unit of the task, with the date to answer by. */
export function IssueSupervisionModal({ task, onClose }: { task: TaskDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const zodRule = useZodRule();
  const unitName = useUnitName();
  const [form] = Form.useForm<Values>();
  const today = shanghaiToday();
  const issue = useMutation({
    mutationFn: (v: Values) =>
      call(api.campaign.issueSupervision, {
        params: { id: task.id },
        body: { orgId: v.orgId, content: v.content, responseDue: v.responseDue.format('YYYY-MM-DD') },
      }),
    onSuccess: async (s) => {
      message.success(t('campaign.supervision.issued', { docNo: s.docNo }));
      await invalidatePaths(client, campaignPathPrefix);
      onClose();
      navigate(`/campaign/supervisions/${s.id}`);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('campaign.supervision.issueTitle', { seq: task.seq })}
      okText={t('campaign.supervision.issue')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={issue.isPending}
      destroyOnHidden
      width={600}
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
        {task.content}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgId: task.assignments.length === 1 ? task.assignments[0]!.orgId : undefined }}
        onFinish={(v) => issue.mutate(v)}
      >
        <Form.Item name="orgId" label={t('campaign.unit')} rules={[{ required: true, message: t('campaign.supervision.unitRequired') }]}>
          <Select options={task.assignments.map((a) => ({ value: a.orgId, label: unitName(a) }))} data-testid="supervision-unit" />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('campaign.supervision.content')}
          rules={[{ required: true, message: t('campaign.supervision.contentRequired') }, zodRule(fields.content)]}
        >
          <Input.TextArea
            rows={4}
            maxLength={5000}
            showCount
            placeholder={t('campaign.supervision.contentPlaceholder')}
            data-testid="supervision-content"
          />
        </Form.Item>
        <Form.Item
          name="responseDue"
          label={t('campaign.supervision.responseDue')}
          rules={[{ required: true, message: t('campaign.supervision.responseDueRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < today} data-testid="supervision-due" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
