import { Input, Table, type TableColumnsType, type TableProps } from 'antd';
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

/**
 * The table of a paged list: rows, pagination and sort come from the list (so from the address),
 * and a click on a page or a column heading changes the address. A column sorts only when the
 * endpoint's contract lists its field; while a contract lists none, a column marked
 * `sorter: true` sorts by its `dataIndex`.
 */
export function PagedTable<T extends object, E extends ListEndpoint = ListEndpoint>({
  list,
  columns,
  testId,
  ...rest
}: { list: PagedList<E>; columns: TableColumnsType<T>; testId?: string } & Omit<
  TableProps<T>,
  'columns' | 'dataSource' | 'loading' | 'onChange' | 'pagination'
>) {
  const { t } = useTranslation();
  const bound = columns.map((column) => {
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
