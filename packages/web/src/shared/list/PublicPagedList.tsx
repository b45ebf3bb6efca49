import { Alert, Empty, Input, Pagination, Spin } from 'antd';
import type { ReactNode } from 'react';
import './publicPagedList.css';

/** What this part reads of a `usePagedList` whose endpoint is searched by `q`. */
interface SearchedList<T> {
  query: { q?: string; page: number; pageSize: number };
  items: T[] | undefined;
  total: number;
  error: unknown;
  setFilters: (patch: { q?: string }) => void;
  setPage: (page: number, size: number) => void;
}

/** What a public list says, in its module's words. */
export interface PublicListText {
  /** What may be searched for: the search box's placeholder and its accessible name. */
  search: string;
  searchButton: string;
  loadFailed: string;
  empty: string;
  total: (count: number) => string;
  /** The pager's accessible name. */
  pager: string;
}

/**
 * A list for anyone without a login, read mostly on phones (公示): a large search box, the count and the cards of one
 * page, a pager with touch-sized targets. Searched and paged through the address like every list (`usePagedList`).
 */
export function PublicPagedList<T>({
  list,
  text,
  children,
}: {
  list: SearchedList<T>;
  text: PublicListText;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      <Input.Search
        className="public-list-search"
        size="large"
        allowClear
        placeholder={text.search}
        aria-label={text.search}
        enterButton={text.searchButton}
        defaultValue={list.query.q}
        onSearch={(q) => list.setFilters({ q: q || undefined })}
      />
      {list.error ? (
        <Alert type="error" showIcon title={text.loadFailed} />
      ) : !list.items ? (
        <Spin size="large" className="page-spin" />
      ) : list.items.length === 0 ? (
        <Empty description={text.empty} />
      ) : (
        <>
          <div className="public-list-total" aria-live="polite" data-testid="public-list-total">
            {text.total(list.total)}
          </div>
          {children(list.items)}
          <nav aria-label={text.pager}>
            <Pagination
              className="public-list-pager"
              current={list.query.page}
              pageSize={list.query.pageSize}
              total={list.total}
              showSizeChanger={false}
              onChange={(page, size) => list.setPage(page, size)}
            />
          </nav>
        </>
      )}
    </>
  );
}

/** A public card's facts, label beside value; a fact without a value is left out. */
export function PublicFacts({ facts, labelWidth }: { facts: [label: string, value: string | null][]; labelWidth: string }) {
  return (
    <dl className="public-facts">
      {facts
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label}>
            <dt style={{ width: labelWidth }}>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
