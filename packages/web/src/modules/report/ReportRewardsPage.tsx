import { api, report } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { type ListColumn, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { invalidatePaths } from '../../shared/query';

type Reward = api.reportHandling.Reward;
const statusColor: Record<report.RewardStatus, string> = { proposed: 'blue', approved: 'gold', paid: 'green', rejected: 'default' };
const yuan = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

function useBasisText() {
  const { t } = useTranslation();
  return (b: Reward['basis']) =>
    b.kind === 'fine'
      ? t('report.handling.rewards.fine', { fine: yuan(b.fine) })
      : t('report.handling.rewards.concealed', { grade: b.grade, deaths: b.concealedDeaths });
}

/** Approve, reject or record the payment of one reward (report.reward). */
function RewardActions({ reward, onChanged }: { reward: Reward; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [paying, setPaying] = useState(false);
  const [form] = Form.useForm<{ paymentRef: string }>();
  const take = useMutation({
    mutationFn: ({ action, paymentRef }: { action: 'approve' | 'reject' | 'pay'; paymentRef?: string }) =>
      call(api.reportHandling.rewardAction, { params: { id: reward.id, action }, body: paymentRef ? { paymentRef } : {} }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      setPaying(false);
      await onChanged();
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Space size={4}>
      {reward.allowedActions.includes('approve') && (
        <Button size="small" type="primary" onClick={() => take.mutate({ action: 'approve' })} data-testid="reward-approve">
          {t('report.handling.rewards.approve')}
        </Button>
      )}
      {reward.allowedActions.includes('reject') && (
        <Button size="small" danger onClick={() => take.mutate({ action: 'reject' })}>
          {t('report.handling.rewards.reject')}
        </Button>
      )}
      {reward.allowedActions.includes('pay') && (
        <Button size="small" type="primary" onClick={() => setPaying(true)} data-testid="reward-pay">
          {t('report.handling.rewards.pay')}
        </Button>
      )}
      {paying && (
        <Modal
          open
          title={t('report.handling.rewards.pay')}
          onOk={() => form.submit()}
          onCancel={() => setPaying(false)}
          confirmLoading={take.isPending}
        >
          <Form form={form} layout="vertical" onFinish={(v) => take.mutate({ action: 'pay', paymentRef: v.paymentRef })}>
            <Form.Item name="paymentRef" label={t('report.handling.rewards.paymentRef')} rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Space>
  );
}

/** Rewards as a table: on a report's page (compact) or the rewards page. */
export function RewardTable({ items, onChanged, compact = false }: { items: Reward[]; onChanged: () => Promise<void>; compact?: boolean }) {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const basis = useBasisText();
  if (items.length === 0 && compact) return null;
  return (
    <Table<Reward>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      data-testid="reward-table"
      columns={[
        ...(compact
          ? []
          : [
              {
                title: t('report.handling.rewards.report'),
                key: 'report',
                render: (_: unknown, w: Reward) => <Link to={`/reports/${w.report.id}`}>{w.report.code}</Link>,
              },
            ]),
        { title: t('report.handling.rewards.basis'), key: 'basis', render: (_: unknown, w: Reward) => basis(w.basis) },
        { title: t('report.handling.rewards.amount'), dataIndex: 'amount', align: 'right' as const, render: (n: number) => yuan(n) },
        {
          title: t('report.handling.rewards.status'),
          dataIndex: 'status',
          render: (s: report.RewardStatus, w: Reward) => (
            <Space direction="vertical" size={0}>
              <Tag color={statusColor[s]}>{bi(report.rewardStatusLabels[s])}</Tag>
              {w.paidAt && <Typography.Text type="secondary">{`${time(w.paidAt)} ${w.paymentRef ?? ''}`}</Typography.Text>}
            </Space>
          ),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_: unknown, w: Reward) => <RewardActions reward={w} onChanged={onChanged} />,
        },
      ]}
    />
  );
}

/** Proposes the reward of a closed report; the amount shown is the 办法's arithmetic, as the server computes it. */
export function ReportRewardForm({ item, onDone }: { item: api.reportHandling.ReportDetail; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const showError = useShowError();
  const [form] = Form.useForm();
  const kind = item.category === 'concealed_accident' ? 'concealed_accident' : 'fine';
  const values = Form.useWatch([], form) as { fine?: number; grade?: report.AccidentGrade; concealedDeaths?: number } | undefined;
  const basis: report.RewardBasis | null =
    kind === 'fine'
      ? values?.fine !== undefined && values.fine !== null
        ? { kind, fine: values.fine }
        : null
      : values?.grade && values.concealedDeaths
        ? { kind, grade: values.grade, concealedDeaths: values.concealedDeaths }
        : null;
  const propose = useMutation({
    mutationFn: (v: { note?: string }) =>
      call(api.reportHandling.proposeReward, { params: { id: item.id }, body: { basis: basis!, note: v.note ?? null } }),
    onSuccess: async () => {
      form.resetFields();
      await onDone();
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Form form={form} layout="vertical" onFinish={(v) => propose.mutate(v)} data-testid="reward-form" style={{ marginTop: 8 }}>
      {kind === 'fine' ? (
        <Form.Item name="fine" label={t('report.handling.rewards.fineAmount')} rules={[{ required: true }]}>
          <InputNumber min={0} style={{ width: 200 }} data-testid="reward-fine" />
        </Form.Item>
      ) : (
        <Space>
          <Form.Item name="grade" label={t('report.handling.rewards.grade')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={report.accidentGrades.map((g) => ({ value: g, label: g }))} />
          </Form.Item>
          <Form.Item name="concealedDeaths" label={t('report.handling.rewards.deaths')} rules={[{ required: true }]}>
            <InputNumber min={1} />
          </Form.Item>
        </Space>
      )}
      {basis && (
        <Alert
          type="info"
          message={t('report.handling.rewards.estimate', { amount: yuan(report.rewardAmount(basis)) })}
          style={{ marginBottom: 8 }}
        />
      )}
      <Form.Item name="note" label={t('report.handling.rewards.note')}>
        <Input maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={propose.isPending} data-testid="reward-propose">
        {t('report.handling.detail.proposeReward')}
      </Button>
    </Form>
  );
}

/** 举报奖励: the rewards of the caller's reports, proposed → approved → paid, with the 办法's rule above them. */
export default function ReportRewardsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const client = useQueryClient();
  const list = usePagedList(api.reportHandling.listRewards);
  const time = useFormatTime();
  const basis = useBasisText();
  const columns: ListColumn<Reward>[] = [
    {
      title: t('report.handling.rewards.report'),
      key: 'report',
      width: 150,
      render: (_, w) => <Link to={`/reports/${w.report.id}`}>{w.report.code}</Link>,
    },
    { title: t('report.handling.rewards.basis'), key: 'basis', width: 220, render: (_, w) => basis(w.basis) },
    {
      title: t('report.handling.rewards.amount'),
      dataIndex: 'amount',
      key: 'amount',
      width: 130,
      align: 'right',
      render: (n: number) => yuan(n),
    },
    {
      title: t('report.handling.rewards.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: report.RewardStatus) => <Tag color={statusColor[s]}>{bi(report.rewardStatusLabels[s])}</Tag>,
    },
    {
      title: t('report.handling.rewards.proposedAt'),
      dataIndex: 'proposedAt',
      key: 'proposedAt',
      width: 160,
      render: (at: string) => time(at),
    },
    {
      title: t('report.handling.rewards.paidAt'),
      key: 'paid',
      width: 200,
      render: (_, w) => (w.paidAt ? `${time(w.paidAt)} ${w.paymentRef ?? ''}` : ''),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 180,
      render: (_, w) => <RewardActions reward={w} onChanged={() => invalidatePaths(client, '/api/report-rewards', '/api/reports')} />,
    },
  ];
  return (
    <>
      <PageHeader title={t('report.handling.rewards.title')} />
      <Alert type="info" showIcon message={t('report.handling.rewards.rule')} style={{ marginBottom: 16 }} />
      <Card size="small">
        <FilterBar>
          <Radio.Group
            value={list.query.status ?? ''}
            onChange={(e) => list.setFilters({ status: (e.target.value || undefined) as report.RewardStatus | undefined })}
            optionType="button"
            options={[
              { value: '', label: t('common.none') },
              ...report.rewardStatuses.map((s) => ({ value: s, label: bi(report.rewardStatusLabels[s]) })),
            ]}
          />
        </FilterBar>
        <PagedTable<Reward> list={list} columns={columns} scroll={{ x: 1100 }} testId="reward-list" />
      </Card>
    </>
  );
}
