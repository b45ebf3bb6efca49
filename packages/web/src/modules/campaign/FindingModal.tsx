import { api, campaign as plan } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { type ScoringItem, points, useFindingLabels } from './scoring';

interface Values {
  itemId: string;
  source: plan.ScoringFindingSource;
  description: string;
  count: number;
  /** Points as people type them (0.5); the API takes hundredths. */
  points?: number | null;
}

const fields = api.campaignScoring.createFinding.body.shape;

/** The API names the points `pointsCenti`; the form asks for points. */
const onForm = (error: unknown): unknown =>
  error instanceof ApiError
    ? new ApiError(error.status, {
        code: error.code,
        message: error.bilingual,
        fields: error.fields.map((f) => (f.field === 'pointsCenti' ? { ...f, field: 'points' } : f)),
        details: error.details,
      })
    : error;

/**
 * 记录扣分: a problem found against an item (by the district's own check, an expert or the
 * reviewers); it deducts at the item's rate per instance, or the points given, until closed.
 */
export function FindingModal({
  campaignId,
  items,
  itemId,
  onDone,
  onClose,
}: {
  campaignId: string;
  items: ScoringItem[];
  itemId?: string;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const labels = useFindingLabels();
  const [form] = Form.useForm<Values>();
  const watchedItem = Form.useWatch('itemId', form);
  const chosen = items.find((i) => i.id === watchedItem);
  const create = useMutation({
    mutationFn: async (v: Values) => {
      try {
        return await call(api.campaignScoring.createFinding, {
          params: { id: campaignId },
          body: {
            itemId: v.itemId,
            source: v.source,
            description: v.description,
            count: v.count,
            pointsCenti: typeof v.points === 'number' ? Math.round(v.points * 100) : null,
          },
        });
      } catch (error) {
        throw onForm(error);
      }
    },
    onSuccess: () => {
      message.success(t('campaign.scoring.findingRecorded'));
      onDone();
    },
    onError: (error) => showError(error, form),
  });
  const rate = chosen?.deductionPerFindingCenti;

  return (
    <Modal
      open
      title={t('campaign.scoring.addFinding')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={600}
    >
      <Form form={form} layout="vertical" initialValues={{ itemId, source: 'self', count: 1 }} onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="itemId"
          label={t('campaign.scoring.item')}
          rules={[{ required: true, message: t('campaign.scoring.itemRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={items
              .filter((i) => i.allowedActions.includes('addFinding'))
              .map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))}
            data-testid="finding-item"
          />
        </Form.Item>
        <Form.Item name="source" label={t('campaign.scoring.source')} rules={[{ required: true }]}>
          <Select options={plan.scoringFindingSources.map((s) => ({ value: s, label: labels.source(s) }))} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('campaign.scoring.description')}
          rules={[{ required: true, message: t('campaign.scoring.descriptionRequired') }, zodRule(fields.description)]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="finding-description" />
        </Form.Item>
        {chosen?.kind !== 'veto' && (
          <>
            <Form.Item
              name="count"
              label={t('campaign.scoring.count')}
              extra={rate ? t('campaign.scoring.rateIs', { points: points(rate) }) : t('campaign.scoring.noRate')}
            >
              <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="points" label={t('campaign.scoring.points')} extra={t('campaign.scoring.pointsHelp')}>
              <InputNumber min={0} max={1000} step={0.1} precision={2} style={{ width: '100%' }} data-testid="finding-points" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
