import { api } from '@citysafe/domain';
import { useQuery } from '@tanstack/react-query';
import { call } from './api';
import { apiKey } from './query';

/** Settings the server hands the browser (district name, map tiles); they change only on restart. */
export function useClientConfig() {
  return useQuery({ queryKey: apiKey(api.clientConfig), queryFn: () => call(api.clientConfig), staleTime: Infinity });
}
