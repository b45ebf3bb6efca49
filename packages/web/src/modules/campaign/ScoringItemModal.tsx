import { api, campaign as plan } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type BodyOf, call } from '../../shared/api';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { useApiQuery } from '../../shared/query';
import { type ScoringItem, points } from './scoring';

interface Values {
  code: string;
  name: string;
  kind: plan.ScoringKind;
  /** Points as people type them (0.5); the API takes hundredths. */
  fullScore?: number | null;
  deductionPerFinding?: number | null;
  cap?: number | null;
  confidence: plan.ScoringConfidence;
  source?: string | null;
}

const fields = api.campaignScoring.updateScoringItem.body.shape;

/** The API names points in hundredths (`fullScoreCenti`); the form asks for points. */
const formField: Record<string, keyof Values> = {
  fullScoreCenti: 'fullScore',
  deductionPerFindingCenti: 'deductionPerFinding',
  capCenti: 'cap',
};
const onForm = (error: unknown): unknown =>
  error instanceof ApiError
    ? new ApiError(error.status, {
        code: error.code,
        message: error.bilingual,
        fields: error.fields.map((f) => (formField[f.field] ? { ...f, field: formField[f.field]! } : f)),
        details: error.details,
      })
    : error;

/** Points → hundredths; InputNumber keeps two decimals, so this only fails on what it refuses anyway. */
const centi = (value?: number | null): number | null =>
  typeof value === 'number' ? (plan.parsePoints(value) ?? Math.round(value * 100)) : null;

/**
 * 新增下级项 / 编辑评分项: code, name, kind, points, the deduction per finding and its cap, and how far
 * the values are verified (V/P/U) with their 依据. Without `item`, a lower item of `parent`.
 */
export function ScoringItemModal({
  campaignId,
  parent,
  item,
  siblings,
  onDone,
  onClose,
}: {
  campaignId: string;
  parent?: ScoringItem;
  item?: ScoringItem;
  /** Items already under the parent, so a new one goes last. */
  siblings: ScoringItem[];
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const values = {
        code: v.code,
        name: v.name,
        kind: v.kind,
        fullScoreCenti: v.kind === 'veto' ? 0 : (centi(v.fullScore) ?? 0),
        deductionPerFindingCenti: v.kind === 'veto' ? null : centi(v.deductionPerFinding),
        capCenti: v.kind === 'veto' ? null : centi(v.cap),
        confidence: v.confidence,
        source: v.source?.trim() ? v.source.trim() : null,
      };
      try {
        if (item) return await call(api.campaignScoring.updateScoringItem, { params: { id: item.id }, body: values });
        const body: BodyOf<typeof api.campaignScoring.createScoringItem> = {
          ...values,
          parentId: parent?.id ?? null,
          sortOrder: siblings.reduce((max, s) => Math.max(max, s.sortOrder + 1), 0),
        };
        return await call(api.campaignScoring.createScoringItem, { params: { id: campaignId }, body });
      } catch (error) {
        throw onForm(error);
      }
    },
    onSuccess: () => {
      message.success(item ? t('common.saved') : t('campaign.scoring.itemAdded'));
      onDone();
    },
    onError: (error) => showError(error, form),
  });

  const initialValues: Partial<Values> = item
    ? {
        code: item.code,
        name: item.name,
        kind: item.kind,
        fullScore: points(item.fullScoreCenti),
        deductionPerFinding: item.deductionPerFindingCenti === null ? null : points(item.deductionPerFindingCenti),
        cap: item.capCenti === null ? null : points(item.capCenti),
        confidence: item.confidence,
        source: item.source,
      }
    : { kind: 'item', confidence: 'U', fullScore: 0 };
  const pointsInput = (testId: string) => (
    <InputNumber min={0} max={1000} step={0.5} precision={2} style={{ width: '100%' }} data-testid={testId} />
  );

  return (
    <Modal
      open
      title={item ? t('campaign.scoring.editItemTitle', { item: `${item.code} ${item.name}` }) : t('campaign.scoring.addChild')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      {parent && !item && (
        <Typography.Paragraph type="secondary">
          {t('campaign.scoring.parentIs', { item: `${parent.code} ${parent.name}` })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)}>
        <Flex gap={12}>
          <Form.Item
            name="code"
            label={t('campaign.scoring.columns.code')}
            style={{ flex: 1, minWidth: 0 }}
            rules={[{ required: true, message: t('campaign.scoring.codeRequired') }, zodRule(fields.code)]}
          >
            <Input maxLength={32} data-testid="item-code" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('campaign.scoring.columns.name')}
            style={{ flex: 2, minWidth: 0 }}
            rules={[{ required: true, message: t('campaign.scoring.nameRequired') }, zodRule(fields.name)]}
          >
            <Input maxLength={200} data-testid="item-name" />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="kind" label={t('campaign.scoring.columns.kind')} style={{ flex: 1, minWidth: 0 }} rules={[{ required: true }]}>
            <Select options={plan.scoringKinds.map((k) => ({ value: k, label: bi(plan.scoringKindLabels[k]) }))} data-testid="item-kind" />
          </Form.Item>
          <Form.Item
            name="confidence"
            label={t('campaign.scoring.columns.confidence')}
            style={{ flex: 1, minWidth: 0 }}
            rules={[{ required: true }]}
          >
            <Select
              options={plan.scoringConfidences.map((c) => ({ value: c, label: `${c} ${bi(plan.scoringConfidenceLabels[c])}` }))}
              data-testid="item-confidence"
            />
          </Form.Item>
        </Flex>
        {kind !== 'veto' && (
          <Flex gap={12}>
            <Form.Item name="fullScore" label={t('campaign.scoring.fullScorePoints')} style={{ flex: 1, minWidth: 0 }}>
              {pointsInput('item-full-score')}
            </Form.Item>
            <Form.Item name="deductionPerFinding" label={t('campaign.scoring.perFindingPoints')} style={{ flex: 1, minWidth: 0 }}>
              {pointsInput('item-per-finding')}
            </Form.Item>
            <Form.Item
              name="cap"
              label={t('campaign.scoring.capPoints')}
              style={{ flex: 1, minWidth: 0 }}
              dependencies={['fullScore']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_rule, value?: number | null) => {
                    const full = getFieldValue('fullScore') as number | null | undefined;
                    if (typeof value === 'number' && value > (full ?? 0)) throw new Error(t('campaign.scoring.capTooHigh'));
                  },
                }),
              ]}
            >
              {pointsInput('item-cap')}
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="source" label={t('campaign.scoring.columns.source')} rules={[zodRule(fields.source)]}>
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="item-source" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 关联任务: the tasks of the plan (and through their reports, the evidence) that serve an item. */
export function LinkTasksModal({
  campaignId,
  item,
  onDone,
  onClose,
}: {
  campaignId: string;
  item: ScoringItem;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ taskIds: string[] }>();
  const tasks = useApiQuery(api.campaign.listTasks, { params: { id: campaignId }, query: { page: 1, pageSize: 200 } });
  const options = useMemo(
    () =>
      [...(tasks.data?.items ?? [])]
        .sort((a, b) => a.seq - b.seq)
        .map((task) => ({ value: task.id, label: t('campaign.scoring.taskOption', { seq: task.seq, content: task.content }) })),
    [tasks.data, t],
  );
  const link = useMutation({
    mutationFn: (v: { taskIds: string[] }) =>
      call(api.campaignScoring.linkScoringTasks, { params: { id: item.id }, body: { taskIds: v.taskIds } }),
    onSuccess: () => {
      message.success(t('campaign.scoring.tasksLinked'));
      onDone();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={t('campaign.scoring.linkTasksTitle', { item: `${item.code} ${item.name}` })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={link.isPending}
      destroyOnHidden
      width={720}
    >
      <Form form={form} layout="vertical" initialValues={{ taskIds: item.taskIds }} onFinish={(v) => link.mutate(v)}>
        <Form.Item name="taskIds" label={t('campaign.scoring.columns.tasks')} extra={t('campaign.scoring.linkTasksHelp')}>
          <Select
            mode="multiple"
            allowClear
            loading={tasks.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            placeholder={t('campaign.scoring.linkTasksPlaceholder')}
            maxTagTextLength={24}
            data-testid="item-tasks"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
