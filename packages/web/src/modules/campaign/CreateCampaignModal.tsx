import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type BodyOf, call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { invalidatePaths } from '../../shared/query';
import { campaignPathPrefix } from './data';

type Values = { title: string; planningYear?: number | null; shiftYears?: number | null };
const fields = api.campaign.createCampaign.body.shape;

/**
 * 新建创建工作: a campaign from the plan of 西港安城创〔2020〕1号. A campaign started later moves every
 * date of the plan by whole years (三年后复评: 3).
 */
export function CreateCampaignModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();

  const create = useMutation({
    mutationFn: (v: Values) => {
      const body: BodyOf<typeof api.campaign.createCampaign> = {
        title: v.title,
        planningYear: v.planningYear ?? null,
        shiftYears: v.shiftYears ?? 0,
      };
      return call(api.campaign.createCampaign, { body });
    },
    onSuccess: async (created) => {
      message.success(t('campaign.created'));
      await invalidatePaths(client, campaignPathPrefix);
      onClose();
      navigate(`/campaign/${created.id}`);
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('campaign.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ shiftYears: 0 }} onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="title"
          label={t('campaign.title')}
          rules={[{ required: true, message: t('campaign.titleRequired') }, zodRule(fields.title)]}
        >
          <Input maxLength={200} placeholder={t('campaign.titlePlaceholder')} data-testid="campaign-title" />
        </Form.Item>
        <Form.Item name="planningYear" label={t('campaign.planningYear')} extra={t('campaign.planningYearHelp')}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="campaign-planning-year" />
        </Form.Item>
        <Form.Item name="shiftYears" label={t('campaign.shiftYears')} extra={t('campaign.shiftYearsHelp')}>
          <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} data-testid="campaign-shift-years" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
