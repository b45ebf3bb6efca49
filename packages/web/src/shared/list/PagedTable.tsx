import { Grid, Input, Table, type TableColumnsType, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { sortParam } from './listState';
import type { ListEndpoint, PagedList } from './usePagedList';

/**
 * The field a column sorts by: the field it shows (`dataIndex`), or, for a column that renders
 * from several fields, its `key` naming the list's sort field.
 */
const fieldOf = (column: TableColumnsType<never>[number]): string | undefined => {
  if ('dataIndex' in column && column.dataIndex !== undefined)
    return Array.isArray(column.dataIndex) ? column.dataIndex.join('.') : String(column.dataIndex);
  return column.key === undefined ? undefined : String(column.key);
};

/** A column of a list table; `priority` marks a key column (状态, 时限, 得分, 答复期限) that phones show first. */
export type ListColumn<T> = TableColumnsType<T>[number] & { priority?: boolean };

const rank = (column: ListColumn<never>): number => {
  if ('fixed' in column && (column.fixed === 'left' || column.fixed === true)) return 0;
  return column.priority ? 1 : 2;
};

/** A phone-sized screen: narrower than antd's `md` breakpoint (768 px). */
export const usePhone = (): boolean => !Grid.useBreakpoint().md;

/**
 * On a phone (`phone`, from `usePhone()`) a wide table scrolls sideways and its last columns are
 * out of sight: the key columns (`priority`) move to just after the columns fixed on the left, so
 * that 状态 or 时限 show without scrolling. Wider screens keep the declared order.
 */
export function keyColumnsFirst<T>(columns: ListColumn<T>[], phone: boolean): TableColumnsType<T> {
  const ordered = phone ? [...columns].sort((a, b) => rank(a as ListColumn<never>) - rank(b as ListColumn<never>)) : columns;
  return ordered.map(({ priority: _priority, ...column }) => column as TableColumnsType<T>[number]);
}

/**
 * The table of a paged list: rows, pagination and sort come from the list (so from the address),
 * and a click on a page or a column heading changes the address. A column sorts only when the
 * endpoint's contract lists its field; while a contract lists none, a column marked
 * `sorter: true` sorts by its `dataIndex`. Key columns (`priority`) come first on a phone.
 */
export function PagedTable<T extends object, E extends ListEndpoint = ListEndpoint>({
  list,
  columns,
  testId,
  ...rest
}: { list: PagedList<E>; columns: ListColumn<T>[]; testId?: string } & Omit<
  TableProps<T>,
  'columns' | 'dataSource' | 'loading' | 'onChange' | 'pagination'
>) {
  const { t } = useTranslation();
  const bound = keyColumnsFirst(columns, usePhone()).map((column) => {
    const field = fieldOf(column as TableColumnsType<never>[number]);
    const sortable = field !== undefined && (list.sortFields ? list.sortFields.includes(field) : column.sorter === true);
    return {
      ...column,
      sorter: sortable,
      sortOrder: sortable && list.sort?.field === field ? list.sort.order : null,
    };
  });
  const onChange: TableProps<T>['onChange'] = (pagination, _filters, sorter, { action }) => {
    if (action === 'sort') {
      const one = Array.isArray(sorter) ? sorter[0] : sorter;
      list.setSort(sortParam(one && { field: one.field ?? one.columnKey, order: one.order }));
    } else if (action === 'paginate') {
      list.setPage(pagination.current ?? 1, pagination.pageSize ?? list.query.pageSize);
    }
  };
  return (
    <Table<T>
      rowKey="id"
      size="middle"
      {...rest}
      columns={bound}
      dataSource={list.items as T[] | undefined}
      loading={list.isFetching}
      onChange={onChange}
      pagination={{
        current: list.query.page,
        pageSize: list.query.pageSize,
        total: list.total,
        showSizeChanger: true,
        showTotal: (total) => t('common.total', { total }),
      }}
      data-testid={testId}
    />
  );
}

/** The free-text search (`q`) of a paged list; what is in the address shows in the box. */
export function ListSearch<E extends ListEndpoint>({
  list,
  placeholder,
  width = 240,
  testId,
}: {
  list: PagedList<E>;
  placeholder: string;
  width?: number;
  testId?: string;
}) {
  const q = (list.query as { q?: string }).q;
  return (
    <Input.Search
      // A new address (back, a link) puts its own text in the box.
      key={q ?? ''}
      placeholder={placeholder}
      allowClear
      defaultValue={q}
      onSearch={(text) => list.setFilters({ q: text.trim() || undefined } as never)}
      style={{ width }}
      data-testid={testId}
    />
  );
}
