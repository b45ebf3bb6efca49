import { api } from '@citysafe/domain';
import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { useMemo } from 'react';
import { call } from '../api';
import { apiKey } from '../query';
import { type AreaLevel, areaLevels } from './districtLayers';

export type Boundaries = Partial<Record<AreaLevel, FeatureCollection>>;

/**
 * The district's boundaries by level (api.map.listBoundaries: properties orgId, name, level). A
 * user who may not read them, or a server without them, simply gets no base layers.
 */
export function useBoundaries(enabled: boolean): Boundaries {
  const { data } = useQuery({
    queryKey: apiKey(api.map.listBoundaries),
    queryFn: () => call(api.map.listBoundaries),
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });
  return useMemo(() => {
    const byLevel: Boundaries = {};
    if (!data) return byLevel;
    for (const level of areaLevels) {
      byLevel[level] = { type: 'FeatureCollection', features: data.features.filter((f) => f.properties.level === level) };
    }
    return byLevel;
  }, [data]);
}
