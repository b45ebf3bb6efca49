import { FileExcelOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { type FieldError, api, campaign as plan } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  type TableColumnsType,
  type TableProps,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { ApiError, buildPath, call, isApiError } from '../../shared/api';
import { ExportButton } from '../../shared/ExportButton';
import { dateStamp, exportXlsx, fetchAllPages } from '../../shared/exportXlsx';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { pickText } from '../../shared/locale';
import { FilterBar } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { CampaignNav } from './CampaignNav';
import { campaignPathPrefix } from './data';
import { DownloadButton } from './DownloadButton';
import { postFile } from './files';
import { FindingModal } from './FindingModal';
import { LinkTasksModal, ScoringItemModal } from './ScoringItemModal';
import { ReasonModal } from './ReasonModal';
import { ConfidenceTag, type Finding, KindTag, type ScoringItem, points, useFindingLabels } from './scoring';

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

/** Import errors name Excel rows: `rows.5.fullScore`. */
const rowError = /^rows\.(\d+)\.(\w+)$/;

function ImportErrors({ fields, onClose }: { fields: FieldError[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const column = (field: string) => t(`campaign.scoring.columns.${field as 'code'}`, { defaultValue: field });
  return (
    <Alert
      type="error"
      showIcon
      className="campaign-note"
      closable={{ onClose }}
      title={t('campaign.scoring.importFailed', { count: fields.length })}
      data-testid="scoring-import-errors"
      description={
        <ul className="campaign-flags">
          {fields.map((f, i) => {
            const m = rowError.exec(f.field);
            return (
              <li key={`${f.field}-${i}`}>
                {m ? t('campaign.scoring.rowField', { row: m[1], field: column(m[2]!) }) : f.field}：{pickText(f.message, i18n.language)}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}

function Findings({
  campaignId,
  items,
  itemFilter,
  onItemFilter,
}: {
  campaignId: string;
  items: ScoringItem[];
  itemFilter?: string;
  onItemFilter: (id?: string) => void;
}) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const labels = useFindingLabels();
  const client = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ status?: plan.ScoringFindingStatus; source?: plan.ScoringFindingSource }>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const [reopening, setReopening] = useState<Finding | null>(null);
  const query = { ...filters, itemId: itemFilter, ...paging };
  const { data, isFetching } = useApiQuery(api.campaignScoring.listFindings, { params: { id: campaignId }, query }, { keepPrevious: true });
  const refresh = () => invalidatePaths(client, '/api/campaigns/:id/scoring');
  const close = useMutation({
    mutationFn: (f: Finding) => call(api.campaignScoring.findingAction, { params: { id: f.id, action: 'close' }, body: {} }),
    onSuccess: async () => {
      message.success(t('campaign.actionDone', { action: labels.action('close') }));
      await refresh();
    },
    onError: (e) => showError(e),
  });

  const effect = (f: Finding) => {
    if (f.itemKind === 'veto') return <Tag color="magenta">{t('campaign.scoring.veto')}</Tag>;
    const p = points(f.effectivePointsCenti);
    return f.itemKind === 'bonus' ? `+${p}` : `−${p}`;
  };
  const columns: TableColumnsType<Finding> = [
    { title: t('campaign.scoring.item'), key: 'item', width: 220, render: (_, f) => `${f.itemCode} ${f.itemName}` },
    { title: t('campaign.scoring.source'), dataIndex: 'source', width: 90, render: (s: plan.ScoringFindingSource) => labels.source(s) },
    { title: t('campaign.scoring.description'), dataIndex: 'description' },
    { title: t('campaign.scoring.count'), dataIndex: 'count', width: 64 },
    { title: t('campaign.scoring.effect'), key: 'effect', width: 80, render: (_, f) => effect(f) },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: string) => <Tag color={s === 'open' ? 'red' : 'green'}>{labels.state(s)}</Tag>,
    },
    {
      title: t('campaign.scoring.recordedBy'),
      key: 'by',
      width: 170,
      responsive: ['lg'],
      render: (_, f) => (
        <>
          <div>{f.createdBy}</div>
          <Typography.Text type="secondary">{time(f.createdAt)}</Typography.Text>
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
              onConfirm={() => close.mutateAsync(f)}
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
  const onChange: TableProps<Finding>['onChange'] = (p) => setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 10 });
  const onExport = async () => {
    const rows = await fetchAllPages((page, pageSize) =>
      call(api.campaignScoring.listFindings, { params: { id: campaignId }, query: { ...filters, itemId: itemFilter, page, pageSize } }),
    );
    await exportXlsx(
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
      rows,
    );
  };
  const itemOf = items.find((i) => i.id === itemFilter);

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
          <Tag closable onClose={() => onItemFilter(undefined)} className="scoring-item-filter">
            {itemOf.code} {itemOf.name}
          </Tag>
        )}
        <Select
          placeholder={t('common.status')}
          allowClear
          value={filters.status}
          onChange={(status?: plan.ScoringFindingStatus) => setFilters((f) => ({ ...f, status }))}
          options={plan.scoringFindingStatuses.map((s) => ({ value: s, label: labels.state(s) }))}
          style={{ width: 140 }}
        />
        <Select
          placeholder={t('campaign.scoring.source')}
          allowClear
          value={filters.source}
          onChange={(source?: plan.ScoringFindingSource) => setFilters((f) => ({ ...f, source }))}
          options={plan.scoringFindingSources.map((s) => ({ value: s, label: labels.source(s) }))}
          style={{ width: 140 }}
        />
      </FilterBar>
      <Table<Finding>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        onChange={onChange}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('campaign.scoring.noFindings') }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
        }}
      />
      {reopening && (
        <ReasonModal
          title={t('campaign.scoring.reopenTitle', { item: `${reopening.itemCode} ${reopening.itemName}` })}
          okText={labels.action('reopen')}
          danger
          onSubmit={(reason) =>
            call(api.campaignScoring.findingAction, { params: { id: reopening.id, action: 'reopen' }, body: { reason } })
          }
          onDone={() => {
            setReopening(null);
            void refresh();
          }}
          onClose={() => setReopening(null)}
        />
      )}
    </Card>
  );
}

/**
 * 自评打分: the scoring tree of the national evaluation with each item's points and score, how far
 * its values are verified (V/P/U, with the 依据 on hover), the tasks and evidence that serve it, and
 * the findings that deduct; the tree travels as xlsx both ways.
 */
export default function ScoringPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const campaign = useApiQuery(api.campaign.getCampaign, { params: { id } });
  const { data, error, isPending } = useApiQuery(api.campaignScoring.getScoring, { params: { id } });
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [finding, setFinding] = useState<{ itemId?: string } | null>(null);
  const [itemFilter, setItemFilter] = useState<string | undefined>();
  const [importErrors, setImportErrors] = useState<FieldError[]>([]);
  const [importing, setImporting] = useState(false);
  /** The item being added under `parent`, or edited. */
  const [editing, setEditing] = useState<{ parent?: ScoringItem; item?: ScoringItem } | null>(null);
  const [linking, setLinking] = useState<ScoringItem | null>(null);
  const items = useMemo(() => data?.items ?? [], [data]);
  const tree = useMemo(() => buildTree(items), [items]);
  const parents = useMemo(() => [...new Set(items.map((i) => i.parentId).filter((p): p is string => !!p))], [items]);
  const refresh = () => invalidatePaths(client, '/api/campaigns/:id/scoring');

  const seed = useMutation({
    mutationFn: () => call(api.campaignScoring.seedScoring, { params: { id } }),
    onSuccess: async () => {
      message.success(t('campaign.scoring.seeded'));
      await refresh();
    },
    onError: (e) => showError(e),
  });

  const remove = useMutation({
    mutationFn: (item: ScoringItem) => call(api.campaignScoring.deleteScoringItem, { params: { id: item.id } }),
    onSuccess: async () => {
      message.success(t('common.deleted'));
      await refresh();
    },
    // A refusal (409: it has lower items or findings) says why.
    onError: (e) => showError(e),
  });

  if (isApiError(error, 'NOT_FOUND') || isApiError(campaign.error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  const can = (action: string) => data?.allowedActions.includes(action) ?? false;

  const importFile = async (file: File) => {
    setImporting(true);
    setImportErrors([]);
    try {
      api.campaignScoring.scoring.parse(await postFile(buildPath(api.campaignScoring.importScoring.path, { id }), file));
      message.success(t('campaign.scoring.imported'));
      await refresh();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length > 0) setImportErrors(e.fields);
      else showError(e);
    } finally {
      setImporting(false);
    }
  };

  const columns: TableColumnsType<Node> = [
    { title: t('campaign.scoring.columns.code'), dataIndex: 'code', width: 116 },
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
      title: t('campaign.scoring.score'),
      key: 'score',
      width: 90,
      render: (_, item) => {
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
      },
    },
    {
      title: t('campaign.scoring.columns.confidence'),
      key: 'confidence',
      width: 80,
      render: (_, item) => <ConfidenceTag item={item} />,
    },
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
    { title: t('campaign.scoring.evidence'), dataIndex: 'evidenceFiles', width: 64, responsive: ['lg'] },
    {
      title: t('campaign.scoring.openFindings'),
      dataIndex: 'openFindings',
      width: 84,
      render: (n: number, item) =>
        n > 0 ? (
          <Button type="link" size="small" onClick={() => setItemFilter(item.id)}>
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
      render: (_, item) => {
        const may = (action: string) => item.allowedActions.includes(action);
        return (
          // Two tidy lines: what a check does (扣分, lower item), then managing the item itself.
          <Flex vertical align="flex-start">
            <Space size={0} wrap>
              {may('addFinding') && (
                <Button type="link" size="small" onClick={() => setFinding({ itemId: item.id })} data-testid={`finding-add-${item.code}`}>
                  {t('campaign.scoring.addFindingShort')}
                </Button>
              )}
              {can('createItem') && (
                <Button type="link" size="small" onClick={() => setEditing({ parent: item })} data-testid={`item-add-child-${item.code}`}>
                  {t('campaign.scoring.addChild')}
                </Button>
              )}
            </Space>
            <Space size={0} wrap>
              {may('update') && (
                <Button type="link" size="small" onClick={() => setEditing({ item })} data-testid={`item-edit-${item.code}`}>
                  {t('common.edit')}
                </Button>
              )}
              {may('linkTasks') && (
                <Button type="link" size="small" onClick={() => setLinking(item)} data-testid={`item-link-${item.code}`}>
                  {t('campaign.scoring.linkTasks')}
                </Button>
              )}
              {may('delete') && (
                <Popconfirm
                  title={t('campaign.scoring.deleteConfirm', { item: `${item.code} ${item.name}` })}
                  onConfirm={() => remove.mutateAsync(item).catch(() => undefined)}
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
      },
    },
  ];

  const totals = data?.totals;
  return (
    <>
      <CampaignNav
        campaign={campaign.data}
        active="scoring"
        extra={
          <>
            {can('seed') && (
              <Button type="primary" loading={seed.isPending} onClick={() => seed.mutate()} data-testid="scoring-seed">
                {t('campaign.scoring.seed')}
              </Button>
            )}
            {can('import') && (
              <Upload accept=".xlsx" showUploadList={false} customRequest={({ file }) => void importFile(file as File)}>
                <Button icon={<ImportOutlined />} loading={importing} data-testid="scoring-import">
                  {t('campaign.scoring.import')}
                </Button>
              </Upload>
            )}
            {items.length > 0 && (
              <DownloadButton
                icon={<FileExcelOutlined />}
                path={buildPath(api.campaignScoring.scoringXlsx.path, { id })}
                fileName={`${t('campaign.scoring.exportName')}.xlsx`}
                testId="scoring-export"
              >
                {t('campaign.scoring.export')}
              </DownloadButton>
            )}
            {can('createFinding') && items.length > 0 && (
              <Button icon={<PlusOutlined />} onClick={() => setFinding({})} data-testid="finding-add">
                {t('campaign.scoring.addFinding')}
              </Button>
            )}
          </>
        }
      />
      {importErrors.length > 0 && <ImportErrors fields={importErrors} onClose={() => setImportErrors([])} />}
      {isPending || !data ? (
        <Spin size="large" className="page-spin" />
      ) : items.length === 0 ? (
        <Card>
          <Empty description={can('seed') ? t('campaign.scoring.emptyManage') : t('campaign.scoring.empty')} />
        </Card>
      ) : (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={12} lg={6}>
              <Card size="small" className="campaign-stat" data-testid="scoring-total">
                <Statistic
                  title={t('campaign.scoring.total')}
                  value={points(totals!.scoreCenti)}
                  suffix={`/ ${points(totals!.fullCenti)}`}
                />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card size="small" className="campaign-stat">
                <Statistic
                  title={t('campaign.scoring.bonus')}
                  value={points(totals!.bonusCenti)}
                  suffix={`/ ${points(totals!.bonusFullCenti)}`}
                />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card size="small" className="campaign-stat">
                <Statistic
                  title={t('campaign.scoring.vetoTitle')}
                  value={totals!.vetoed ? t('campaign.scoring.vetoed') : t('campaign.scoring.notTriggered')}
                  styles={{ content: { color: totals!.vetoed ? '#cf1322' : '#389e0d' } }}
                />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card size="small" className="campaign-stat">
                <Statistic
                  title={t('campaign.scoring.unverified')}
                  value={data.unverifiedItems}
                  suffix={`/ ${items.length}`}
                  styles={{ content: { color: data.unverifiedItems ? '#d46b08' : undefined } }}
                />
              </Card>
            </Col>
          </Row>
          {totals!.vetoed && (
            <Alert
              type="error"
              showIcon
              className="campaign-note"
              title={t('campaign.scoring.vetoReasons', { items: totals!.vetoReasons.map((v) => `${v.code} ${v.name}`).join('、') })}
            />
          )}
          {data.unverifiedItems > 0 && (
            <Alert
              type="warning"
              showIcon
              className="campaign-note"
              title={t('campaign.scoring.unverifiedNote', { count: data.unverifiedItems })}
            />
          )}
          <Card size="small" title={t('campaign.scoring.tree')} className="campaign-row">
            <Table<Node>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={tree}
              pagination={false}
              scroll={{ x: 1120 }}
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
          <Findings campaignId={id} items={items} itemFilter={itemFilter} onItemFilter={setItemFilter} />
        </>
      )}
      {editing && (
        <ScoringItemModal
          campaignId={id}
          parent={editing.parent}
          item={editing.item}
          siblings={editing.parent ? items.filter((i) => i.parentId === editing.parent!.id) : []}
          onDone={() => {
            setEditing(null);
            void refresh();
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {linking && (
        <LinkTasksModal
          campaignId={id}
          item={linking}
          onDone={() => {
            setLinking(null);
            void invalidatePaths(client, campaignPathPrefix);
          }}
          onClose={() => setLinking(null)}
        />
      )}
      {finding && (
        <FindingModal
          campaignId={id}
          items={items}
          itemId={finding.itemId}
          onDone={() => {
            setFinding(null);
            void refresh();
          }}
          onClose={() => setFinding(null)}
        />
      )}
    </>
  );
}
