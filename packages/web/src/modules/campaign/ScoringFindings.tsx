import { api, campaign as plan } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx } from '../../shared/exportXlsx';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { type ListColumn, PagedTable } from '../../shared/list/PagedTable';
import type { PagedList } from '../../shared/list/usePagedList';
import { FilterBar } from '../../shared/PageHeader';
import { ActionModal } from '../../shared/workflow/ActionModal';
import { type Finding, type ScoringItem, points, useFindingLabels } from './scoring';

type FindingList = PagedList<typeof api.campaignScoring.listFindings>;

/** What a finding takes off (or adds, for 鼓励项); a veto finding vetoes. */
function Effect({ finding: f }: { finding: Finding }) {
  const { t } = useTranslation();
  if (f.itemKind === 'veto') return <Tag color="magenta">{t('campaign.scoring.veto')}</Tag>;
  const p = points(f.effectivePointsCenti);
  return <>{f.itemKind === 'bonus' ? `+${p}` : `−${p}`}</>;
}

/**
 * 扣分记录: the findings of the campaign (filtered by item, status and source in the address),
 * closed once rectified or reopened with a reason; exportable.
 */
export function ScoringFindings({ list, items, onChanged }: { list: FindingList; items: ScoringItem[]; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const labels = useFindingLabels();
  const showError = useShowError();
  const { message } = App.useApp();
  const [reopening, setReopening] = useState<Finding | null>(null);
  const close = useMutation({
    mutationFn: (f: Finding) => call(api.campaignScoring.findingAction, { params: { id: f.id, action: 'close' }, body: {} }),
    onSuccess: async () => {
      message.success(t('common.actionDone', { action: labels.action('close') }));
      await onChanged();
    },
    onError: (e) => showError(e),
  });

  const columns: ListColumn<Finding>[] = [
    { title: t('campaign.scoring.item'), key: 'item', width: 220, render: (_, f) => `${f.itemCode} ${f.itemName}` },
    { title: t('campaign.scoring.source'), dataIndex: 'source', width: 90, render: (s: plan.ScoringFindingSource) => labels.source(s) },
    { title: t('campaign.scoring.description'), dataIndex: 'description' },
    { title: t('campaign.scoring.count'), dataIndex: 'count', width: 72 },
    { title: t('campaign.scoring.effect'), key: 'effect', width: 80, render: (_, f) => <Effect finding={f} /> },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      priority: true,
      render: (s: string) => <Tag color={s === 'open' ? 'red' : 'green'}>{labels.state(s)}</Tag>,
    },
    {
      title: t('campaign.scoring.recordedBy'),
      dataIndex: 'createdAt',
      width: 170,
      responsive: ['lg'],
      render: (at: string, f) => (
        <>
          <div>{f.createdBy}</div>
          <Typography.Text type="secondary">{time(at)}</Typography.Text>
        </>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, f) => (
        <Space size={0} wrap>
          {f.allowedActions.includes('close') && (
            <Popconfirm
              title={t('campaign.scoring.closeConfirm')}
              onConfirm={() => close.mutateAsync(f).catch(() => undefined)}
              okText={labels.action('close')}
              cancelText={t('common.cancel')}
            >
              <Button type="link" size="small" data-testid="finding-close">
                {labels.action('close')}
              </Button>
            </Popconfirm>
          )}
          {f.allowedActions.includes('reopen') && (
            <Button type="link" size="small" danger onClick={() => setReopening(f)}>
              {labels.action('reopen')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  const onExport = async () =>
    exportXlsx(
      `${t('campaign.scoring.findingsExportName')}_${dateStamp()}`,
      t('campaign.scoring.findings'),
      [
        { header: t('campaign.scoring.columns.code'), value: (f: Finding) => f.itemCode, width: 10 },
        { header: t('campaign.scoring.item'), value: (f) => f.itemName, width: 30 },
        { header: t('campaign.scoring.source'), value: (f) => labels.source(f.source), width: 10 },
        { header: t('campaign.scoring.description'), value: (f) => f.description, width: 50 },
        { header: t('campaign.scoring.count'), value: (f) => f.count, width: 8 },
        {
          header: t('campaign.scoring.effect'),
          value: (f) => (f.itemKind === 'veto' ? t('campaign.scoring.veto') : points(f.effectivePointsCenti)),
          width: 10,
        },
        { header: t('common.status'), value: (f) => labels.state(f.status), width: 12 },
        { header: t('campaign.scoring.recordedBy'), value: (f) => f.createdBy, width: 14 },
        { header: t('common.createdAt'), value: (f) => time(f.createdAt), width: 22 },
        { header: t('campaign.scoring.closedAt'), value: (f) => time(f.closedAt), width: 22 },
      ],
      await list.fetchAll(),
    );
  const { itemId, status, source } = list.query;
  const itemOf = items.find((i) => i.id === itemId);

  return (
    <Card
      size="small"
      title={t('campaign.scoring.findings')}
      className="campaign-row"
      extra={<ExportButton onExport={onExport} />}
      data-testid="scoring-findings"
    >
      <FilterBar>
        {itemOf && (
          <Tag closable onClose={() => list.setFilters({ itemId: undefined })} className="scoring-item-filter">
            {itemOf.code} {itemOf.name}
          </Tag>
        )}
        <Select
          aria-label={t('common.status')}
          placeholder={t('common.status')}
          allowClear
          value={status}
          onChange={(s?: plan.ScoringFindingStatus) => list.setFilters({ status: s })}
          options={plan.scoringFindingStatuses.map((s) => ({ value: s, label: labels.state(s) }))}
          style={{ width: 140 }}
        />
        <Select
          aria-label={t('campaign.scoring.source')}
          placeholder={t('campaign.scoring.source')}
          allowClear
          value={source}
          onChange={(s?: plan.ScoringFindingSource) => list.setFilters({ source: s })}
          options={plan.scoringFindingSources.map((s) => ({ value: s, label: labels.source(s) }))}
          style={{ width: 140 }}
        />
      </FilterBar>
      <PagedTable<Finding>
        list={list}
        columns={columns}
        size="small"
        scroll={{ x: 900 }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('campaign.scoring.noFindings')}</Typography.Text> }}
        testId="finding-table"
      />
      {reopening && (
        <ActionModal
          action={plan.scoringFindingWorkflow.actions.reopen}
          title={t('campaign.scoring.reopenTitle', { item: `${reopening.itemCode} ${reopening.itemName}` })}
          danger
          onSubmit={(body) => call(api.campaignScoring.findingAction, { params: { id: reopening.id, action: 'reopen' }, body })}
          onDone={async () => {
            setReopening(null);
            await onChanged();
          }}
          onClose={() => setReopening(null)}
        />
      )}
    </Card>
  );
}
