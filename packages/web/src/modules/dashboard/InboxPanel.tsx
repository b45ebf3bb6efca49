import { api, type Bilingual } from '@citysafe/domain';
import { Button, Card, Empty, Flex, List, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { useApiQuery } from '../../shared/query';

type InboxItem = api.inbox.InboxItem;
type DoneEntry = api.inbox.DoneEntry;

/** 逾期 red, 临期 orange (the colours the campaign's ledger uses), a plain date otherwise. */
function DueTag({ item }: { item: InboxItem }) {
  const { t } = useTranslation();
  if (!item.due) return null;
  if (item.dueState === 'overdue') return <Tag color="red">{t('dashboard.dueOverdue', { date: item.due })}</Tag>;
  if (item.dueState === 'due_soon') return <Tag color="orange">{t('dashboard.dueSoon', { date: item.due })}</Tag>;
  return <Tag>{t('dashboard.dueOn', { date: item.due })}</Tag>;
}

/** The counts per kind at the top: each one filters the list to its kind, a second click shows all. */
function KindFilters({
  kinds,
  selected,
  onSelect,
}: {
  kinds: { kind: string; label: Bilingual; count: number; overdue: boolean }[];
  selected: string | null;
  onSelect: (kind: string | null) => void;
}) {
  const bi = useBi();
  return (
    <Flex wrap gap={8} style={{ marginBottom: 8 }}>
      {kinds.map((k) => (
        <Button
          key={k.kind}
          size="small"
          type={selected === k.kind ? 'primary' : 'default'}
          danger={k.overdue}
          aria-pressed={selected === k.kind}
          onClick={() => onSelect(selected === k.kind ? null : k.kind)}
          data-testid={`inbox-count-${k.kind}`}
        >
          {bi(k.label)} <strong>{k.count}</strong>
        </Button>
      ))}
    </Flex>
  );
}

/** 待办: what the person has to do, most urgent first, each a click away from where it is done. */
function TodoList() {
  const { t } = useTranslation();
  const bi = useBi();
  const { data, isPending } = useApiQuery(api.inbox.getInbox);
  const [selected, setSelected] = useState<string | null>(null);
  const kinds = useMemo(() => {
    const items = data?.items ?? [];
    return Object.entries(data?.counts ?? {}).map(([kind, count]) => {
      const mine = items.filter((i) => i.kind === kind);
      return { kind, count, label: mine[0]?.kindLabel ?? { zh: kind, en: kind }, overdue: mine.some((i) => i.dueState === 'overdue') };
    });
  }, [data]);
  // A kind that has just emptied (its last item done) no longer filters anything.
  const filter = selected && data?.counts[selected] ? selected : null;
  const items = (data?.items ?? []).filter((i) => !filter || i.kind === filter);
  return (
    <>
      <KindFilters kinds={kinds} selected={filter} onSelect={setSelected} />
      <List<InboxItem>
        loading={isPending}
        dataSource={items}
        rowKey="key"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noTodo')} /> }}
        pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small', showSizeChanger: false }}
        renderItem={(item) => (
          <List.Item data-testid="inbox-item">
            <Flex vertical gap={4} style={{ minWidth: 0, width: '100%' }}>
              <Flex wrap gap={4} align="center">
                <Tag color="blue">{bi(item.kindLabel)}</Tag>
                <DueTag item={item} />
              </Flex>
              <Link to={item.link} data-testid="inbox-open">
                {bi(item.title)}
              </Link>
              {item.reason && <Typography.Text>{t('dashboard.reason', { reason: item.reason })}</Typography.Text>}
            </Flex>
          </List.Item>
        )}
      />
    </>
  );
}

/** 已办: what the person did, newest first, named as the audit log names it. */
function DoneList() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const [page, setPage] = useState(1);
  const { data, isPending } = useApiQuery(api.inbox.listDone, { query: { page, pageSize: 10 } }, { keepPrevious: true });
  return (
    <List<DoneEntry>
      loading={isPending}
      dataSource={data?.items ?? []}
      rowKey="id"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noDone')} /> }}
      pagination={{
        current: page,
        pageSize: 10,
        total: data?.total ?? 0,
        onChange: setPage,
        hideOnSinglePage: true,
        size: 'small',
        showSizeChanger: false,
      }}
      renderItem={(entry) => (
        <List.Item data-testid="done-item">
          <Flex wrap gap={8} align="baseline">
            <Typography.Text>{time(entry.at)}</Typography.Text>
            <Typography.Text strong>{bi(entry.actionLabel)}</Typography.Text>
            <Typography.Text>{bi(entry.entityLabel)}</Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** The work inbox at the top of the 工作台: 待办 with counts per kind, and 已办. */
export function InboxPanel() {
  const { t } = useTranslation();
  const { data } = useApiQuery(api.inbox.getInbox);
  return (
    <Card size="small" className="inbox-card" data-testid="inbox">
      <Tabs
        items={[
          { key: 'todo', label: t('dashboard.todo', { count: data?.items.length ?? 0 }), children: <TodoList /> },
          { key: 'done', label: t('dashboard.done'), children: <DoneList /> },
        ]}
      />
    </Card>
  );
}
