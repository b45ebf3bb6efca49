import { api } from '@citysafe/domain';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { call } from '../../shared/api';
import { Chart, type ChartOption } from '../../shared/Chart';
import { apiKey } from '../../shared/query';
import { useRoles } from '../../shared/roles';

/** Users per role: one count query per role (page size 1, only `total` is read). */
export function UsersByRoleChart() {
  const { roles, roleName } = useRoles();
  const counts = useQueries({
    queries: roles.map((r) => {
      const input = { query: { role: r.code, pageSize: 1 } };
      return { queryKey: apiKey(api.listUsers, input), queryFn: () => call(api.listUsers, input) };
    }),
  });
  // The query results are new objects each render; their joined totals say when the data changed.
  const totalsKey = counts.map((c) => c.data?.total ?? 0).join(',');

  const option = useMemo<ChartOption>(() => {
    const totals = totalsKey.split(',').map(Number);
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '45%'],
          // Counts sit on the ring and names in the legend, so nothing is cut off on a phone.
          label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
          data: roles.map((r, i) => ({ name: roleName(r.code), value: totals[i] ?? 0 })).filter((d) => d.value > 0),
        },
      ],
    };
  }, [roles, roleName, totalsKey]);
  return <Chart option={option} height={300} testId="chart-users-by-role" />;
}
