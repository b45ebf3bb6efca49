import type { Endpoint, EndpointInput, EndpointOutput } from '@citysafe/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { call } from '../api';
import { fetchAllPages } from '../exportXlsx';
import { apiKey } from '../query';
import { patchParams, readListQuery, readSort, sortFieldsOf } from './listState';

/** A GET endpoint answering with a page of items, whose query follows the list convention. */
export type ListEndpoint = Endpoint & {
  method: 'GET';
  query: z.ZodType<{ page: number; pageSize: number; sort?: string; q?: string }>;
  response: z.ZodType<{ items: unknown[]; total: number }>;
};

/** The parsed list query of an endpoint: page, pageSize, sort, q and its own filters. */
export type ListQuery<E extends ListEndpoint> = z.output<E['query']>;
/** The filters of a list: everything in its query but paging and sorting. */
export type ListFilters<E extends ListEndpoint> = Partial<Omit<ListQuery<E>, 'page' | 'pageSize' | 'sort'>>;
export type ListItem<E extends ListEndpoint> = EndpointOutput<E> extends { items: (infer I)[] } ? I : never;
type PathParams<E> = EndpointInput<E> extends { params: infer P } ? P : undefined;

/** A page size kept out of the address when it is the page's default. */
const defaultPageSize = 20;

/**
 * One paged list bound to its endpoint and to the address: page, size, `sort`, `q` and the
 * filters live in the URL's search parameters, so a reload, a bookmark or a shared link shows the
 * same view. Values the contract refuses are dropped. Changing a filter or the sort goes back to
 * page 1.
 */
export function usePagedList<E extends ListEndpoint>(
  endpoint: E,
  options: { params?: PathParams<E>; pageSize?: number; enabled?: boolean } = {},
) {
  const [searchParams, setSearchParams] = useSearchParams();
  const pageSize = options.pageSize ?? defaultPageSize;
  const { query, raw } = useMemo(() => readListQuery(endpoint.query, searchParams), [endpoint, searchParams]);
  // The page size in the address, else the page's own (the contract's default suits API clients).
  const paging = { page: raw.page ? query.page : 1, pageSize: raw.pageSize ? query.pageSize : pageSize };
  const input = { params: options.params, query: { ...raw, ...paging } };
  const send = (page: number, size: number) =>
    (call as (e: E, i: unknown) => Promise<EndpointOutput<E>>)(endpoint, { ...input, query: { ...raw, page, pageSize: size } });
  const result = useQuery({
    queryKey: apiKey(endpoint, input),
    queryFn: () => send(paging.page, paging.pageSize),
    placeholderData: keepPreviousData,
    enabled: options.enabled,
  });

  const update = (patch: Record<string, unknown>) => setSearchParams((current) => patchParams(current, patch), { replace: true });
  const data = result.data as { items: ListItem<E>[]; total: number } | undefined;

  return {
    /** The list query as the address holds it, parsed by the contract. */
    query: { ...query, ...paging } as ListQuery<E>,
    sort: readSort(query.sort),
    /** The fields the contract lets this list sort by; undefined when it does not list them. */
    sortFields: sortFieldsOf(endpoint),
    /** The whole answer, for what a list sends beside its rows (e.g. the unread count). */
    data: result.data,
    items: data?.items,
    total: data?.total ?? 0,
    isFetching: result.isFetching,
    error: result.error,
    /** Changes filters (or `q`) and goes back to page 1. */
    setFilters: (patch: ListFilters<E>) => update({ ...patch, page: undefined }),
    setPage: (page: number, size: number) =>
      update({ page: page === 1 ? undefined : page, pageSize: size === pageSize ? undefined : size }),
    setSort: (sort: string | undefined) => update({ sort, page: undefined }),
    /** Every row under the current filters and sort, page by page (for 导出Excel). */
    fetchAll: () => fetchAllPages((page, size) => send(page, size) as Promise<{ items: ListItem<E>[]; total: number }>),
  };
}

export type PagedList<E extends ListEndpoint = ListEndpoint> = ReturnType<typeof usePagedList<E>>;
