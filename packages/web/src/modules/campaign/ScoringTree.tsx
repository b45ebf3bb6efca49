import { Badge, Button, Card, Flex, Popconfirm, Popover, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { keyColumnsFirst, usePhone } from '../../shared/list/PagedTable';
import { useBi } from '../../shared/locale';
import { ConfidenceTag, KindTag, type ScoringItem, points } from './scoring';

type Node = ScoringItem & { children?: Node[] };

/** The flat list (parents before their lower items) as antd's tree rows; leaves carry no `children`. */
function buildTree(items: ScoringItem[]): Node[] {
  const nodes = new Map<string, Node>(items.map((i) => [i.id, { ...i }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** Whether an item or one of its lower items has evidence: its archive (lower items included) is then worth a link. */
const hasEvidence = (node: Node): boolean => node.evidenceFiles > 0 || (node.children ?? []).some(hasEvidence);

/** What a row's buttons ask the page to open or do. */
export interface ScoringTreeActions {
  addFinding: (item: ScoringItem) => void;
  addChild: (parent: ScoringItem) => void;
  edit: (item: ScoringItem) => void;
  linkTasks: (item: ScoringItem) => void;
  remove: (item: ScoringItem) => Promise<unknown>;
  showFindings: (item: ScoringItem) => void;
  /** The item's evidence archive (its linked tasks' files, lower items included). */
  evidenceHref: (item: ScoringItem) => string;
}

/** The score cell: points kept (red when a finding deducts), or whether a 否决项 is triggered. */
function Score({ item }: { item: ScoringItem }) {
  const { t } = useTranslation();
  if (item.kind === 'veto')
    return item.result.triggered ? (
      <Tag color="red">{t('campaign.scoring.triggered')}</Tag>
    ) : (
      <Tag color="green">{t('campaign.scoring.notTriggered')}</Tag>
    );
  const lost = item.kind === 'item' && item.result.deductedCenti > 0;
  return (
    <Typography.Text strong type={lost ? 'danger' : undefined} data-testid="scoring-score">
      {points(item.result.scoreCenti)}
    </Typography.Text>
  );
}

const supportColor = { supported: 'green', pending: 'blue', at_risk: 'orange', unsupported: 'red' } as const;

/**
 * 已佐证得分 of a 评分项 with its tag (已佐证, 待验收, 有风险, 未佐证) and, on hover or tap, why: its
 * linked parts by where they stand and the findings. A 鼓励项 shows its awarded points.
 */
function Supported({ item }: { item: ScoringItem }) {
  const { t } = useTranslation();
  const bi = useBi();
  if (item.kind === 'veto') return '—';
  if (item.kind === 'bonus') return points(item.support.supportedCenti);
  return (
    <Popover title={t('campaign.scoring.reason')} content={<div className="scoring-reason">{bi(item.support.reason)}</div>}>
      <Space size={4} wrap data-testid={`scoring-support-${item.code}`}>
        <Typography.Text strong>{points(item.support.supportedCenti)}</Typography.Text>
        <Tag color={supportColor[item.support.status]}>{bi(item.support.statusLabel)}</Tag>
      </Space>
    </Popover>
  );
}

/** A row's buttons in two tidy lines: what a check does (扣分, lower item), then managing the item. */
function RowActions({ item, canCreate, on }: { item: ScoringItem; canCreate: boolean; on: ScoringTreeActions }) {
  const { t } = useTranslation();
  const may = (action: ScoringItem['allowedActions'][number]) => item.allowedActions.includes(action);
  return (
    <Flex vertical align="flex-start">
      <Space size={0} wrap>
        {may('addFinding') && (
          <Button type="link" size="small" onClick={() => on.addFinding(item)} data-testid={`finding-add-${item.code}`}>
            {t('campaign.scoring.addFindingShort')}
          </Button>
        )}
        {canCreate && (
          <Button type="link" size="small" onClick={() => on.addChild(item)} data-testid={`item-add-child-${item.code}`}>
            {t('campaign.scoring.addChild')}
          </Button>
        )}
      </Space>
      <Space size={0} wrap>
        {may('update') && (
          <Button type="link" size="small" onClick={() => on.edit(item)} data-testid={`item-edit-${item.code}`}>
            {t('common.edit')}
          </Button>
        )}
        {may('linkTasks') && (
          <Button type="link" size="small" onClick={() => on.linkTasks(item)} data-testid={`item-link-${item.code}`}>
            {t('campaign.scoring.linkTasks')}
          </Button>
        )}
        {may('delete') && (
          <Popconfirm
            title={t('campaign.scoring.deleteConfirm', { item: `${item.code} ${item.name}` })}
            onConfirm={() => on.remove(item).catch(() => undefined)}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
          >
            <Button type="link" size="small" danger data-testid={`item-delete-${item.code}`}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Flex>
  );
}

/**
 * 评分细则 as a tree: each item's points, its supported, estimated and at-risk points with why, its
 * score after findings, how far its values are verified, the tasks
 * that serve it, its evidence and open findings. Every parent starts open; the reader folds.
 */
export function ScoringTree({ items, canCreate, on }: { items: ScoringItem[]; canCreate: boolean; on: ScoringTreeActions }) {
  const { t } = useTranslation();
  const phone = usePhone();
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const tree = useMemo(() => buildTree(items), [items]);
  const parents = useMemo(() => [...new Set(items.map((i) => i.parentId).filter((p): p is string => !!p))], [items]);

  const columns = keyColumnsFirst<Node>(
    [
      { title: t('campaign.scoring.columns.code'), dataIndex: 'code', width: 116, fixed: 'left' },
      {
        title: t('campaign.scoring.columns.name'),
        dataIndex: 'name',
        width: 260,
        render: (name: string, item) => (
          <span className="scoring-name">
            {name} <KindTag kind={item.kind} />
          </span>
        ),
      },
      {
        title: t('campaign.scoring.columns.fullScore'),
        key: 'full',
        width: 70,
        render: (_, item) => (item.kind === 'veto' ? '—' : points(item.fullScoreCenti)),
      },
      {
        title: t('campaign.scoring.supportedShort'),
        key: 'supported',
        width: 128,
        priority: true,
        render: (_, item) => <Supported item={item} />,
      },
      {
        title: t('campaign.scoring.estimatedShort'),
        key: 'estimated',
        width: 64,
        render: (_, item) => (item.kind === 'veto' ? '—' : points(item.support.estimatedCenti)),
      },
      {
        title: t('campaign.scoring.atRiskShort'),
        key: 'atRisk',
        width: 64,
        render: (_, item) =>
          item.kind !== 'item' ? (
            '—'
          ) : (
            <Typography.Text type={item.support.atRiskCenti > 0 ? 'danger' : undefined}>{points(item.support.atRiskCenti)}</Typography.Text>
          ),
      },
      { title: t('campaign.scoring.total'), key: 'score', width: 90, render: (_, item) => <Score item={item} /> },
      { title: t('campaign.scoring.columns.confidence'), key: 'confidence', width: 80, render: (_, item) => <ConfidenceTag item={item} /> },
      {
        title: t('campaign.scoring.columns.tasks'),
        key: 'tasks',
        width: 180,
        responsive: ['md'],
        // A 一级项 serves a whole section (up to thirty tasks): the first ones link, the count says the rest.
        render: (_, item) => (
          <span className="scoring-tasks">
            {item.taskSeqs.slice(0, 8).map((seq, i) => (
              <Link key={seq} to={`/campaign/tasks/${item.taskIds[i]}`}>
                {seq}
              </Link>
            ))}
            {item.taskSeqs.length > 8 && (
              <Typography.Text type="secondary">{t('campaign.scoring.moreTasks', { count: item.taskSeqs.length })}</Typography.Text>
            )}
          </span>
        ),
      },
      {
        title: t('campaign.scoring.evidence'),
        dataIndex: 'evidenceFiles',
        width: 64,
        responsive: ['lg'],
        // A plain link: the browser saves the streamed zip itself, however large.
        render: (n: number, item: Node) =>
          hasEvidence(item) ? (
            <a
              href={on.evidenceHref(item)}
              download
              aria-label={t('campaign.scoring.evidenceOfItem', { item: `${item.code} ${item.name}` })}
              data-testid={`item-evidence-${item.code}`}
            >
              {n}
            </a>
          ) : (
            n
          ),
      },
      {
        title: t('campaign.scoring.openFindings'),
        dataIndex: 'openFindings',
        width: 84,
        render: (n: number, item) =>
          n > 0 ? (
            <Button type="link" size="small" onClick={() => on.showFindings(item)}>
              <Badge count={n} />
            </Button>
          ) : (
            0
          ),
      },
      {
        title: t('common.actions'),
        key: 'actions',
        width: 190,
        fixed: 'right',
        render: (_, item) => <RowActions item={item} canCreate={canCreate} on={on} />,
      },
    ],
    phone,
  );

  return (
    <Card size="small" title={t('campaign.scoring.tree')} className="campaign-row">
      <Table<Node>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={tree}
        pagination={false}
        scroll={{ x: 1380 }}
        expandable={{
          expandedRowKeys: parents.filter((p) => !collapsed.has(p)),
          onExpand: (open, item) =>
            setCollapsed((c) => {
              const next = new Set(c);
              if (open) next.delete(item.id);
              else next.add(item.id);
              return next;
            }),
        }}
        data-testid="scoring-tree"
      />
    </Card>
  );
}
