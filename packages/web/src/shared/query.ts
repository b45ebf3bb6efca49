import type { Endpoint, EndpointInput, EndpointOutput } from '@citysafe/domain';
import { type QueryClient, type UseQueryResult, keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from './api';

/** Cache key of a GET: the endpoint's path first, so a resource is invalidated by its path prefix. */
export const apiKey = (endpoint: Endpoint, input?: object) => [endpoint.path, input ?? {}] as const;

interface ApiQueryOptions {
  enabled?: boolean;
  /** Keep showing the previous page while the next one loads (tables). */
  keepPrevious?: boolean;
}

/** Key and fetch of one GET, as `useApiQuery` asks for it: a prefetch with these lands where the page reads. */
export function apiQuery<E extends Endpoint>(endpoint: E, input?: EndpointInput<E>) {
  return {
    queryKey: apiKey(endpoint, input),
    queryFn: () => (call as (e: E, i?: EndpointInput<E>) => Promise<EndpointOutput<E>>)(endpoint, input),
  };
}

/** `useQuery` over one GET endpoint. */
export function useApiQuery<E extends Endpoint>(
  endpoint: E,
  input?: EndpointInput<E>,
  options: ApiQueryOptions = {},
): UseQueryResult<EndpointOutput<E>> {
  return useQuery({
    ...apiQuery(endpoint, input),
    enabled: options.enabled,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

/** Refetches every cached GET whose path starts with one of the prefixes (e.g. '/api/users'). */
export function invalidatePaths(client: QueryClient, ...prefixes: string[]): Promise<void> {
  return client.invalidateQueries({
    predicate: (query) => {
      const path = query.queryKey[0];
      return typeof path === 'string' && prefixes.some((p) => path.startsWith(p));
    },
  });
}
