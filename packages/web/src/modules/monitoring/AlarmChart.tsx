import { api } from '@citysafe/domain';
import { Empty, Spin } from 'antd';
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../shared/Chart';
import { useFormatTime } from '../../shared/format';
import { useApiQuery } from '../../shared/query';
import { useAlarmText } from './alarmLabels';

/** How far the chart reaches before the alarm and after it (or after the last crossing, for a long one). */
const BEFORE_MS = 60 * 60_000;
const AFTER_MS = 30 * 60_000;

/**
 * The device's metric around an alarm (an hour before it to half an hour after its last crossing), from DEVICES'
 * series endpoint: the average line with the min–max band as two thin lines, the threshold and the alarm's time marked.
 */
export function AlarmChart({ alarm, height = 260 }: { alarm: api.monitoringAlarms.Alarm; height?: number }) {
  const m = useAlarmText();
  const time = useFormatTime();
  const from = new Date(new Date(alarm.raisedAt).getTime() - BEFORE_MS).toISOString();
  const to = new Date(new Date(alarm.lastRaisedAt).getTime() + AFTER_MS).toISOString();
  const { data, isPending } = useApiQuery(api.monitoringDevices.seriesOf, {
    params: { id: alarm.deviceId },
    query: { metric: alarm.metric, from, to },
  });
  const option = useMemo<ChartOption | null>(() => {
    if (!data || data.points.length === 0) return null;
    const xs = data.points.map((p) => time(p.ts));
    const raisedLabel = time(alarm.raisedAt);
    const nearest = xs.reduce(
      (best, _x, i) =>
        Math.abs(new Date(data.points[i]!.ts).getTime() - new Date(alarm.raisedAt).getTime()) <
        Math.abs(new Date(data.points[best]!.ts).getTime() - new Date(alarm.raisedAt).getTime())
          ? i
          : best,
      0,
    );
    const unit = alarm.unit ? ` ${alarm.unit}` : '';
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 32, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: xs, boundaryGap: false },
      yAxis: { type: 'value', scale: true, name: alarm.unit ?? '' },
      series: [
        {
          type: 'line',
          name: `${alarm.metric}${unit}`,
          data: data.points.map((p) => Number(p.avg.toFixed(3))),
          showSymbol: data.points.length < 60,
          lineStyle: { width: 2, color: '#1677ff' },
          itemStyle: { color: '#1677ff' },
          markLine: {
            symbol: 'none',
            silent: true,
            data: [
              ...(alarm.threshold !== null
                ? [
                    {
                      yAxis: alarm.threshold,
                      name: m('chartThreshold'),
                      lineStyle: { color: '#cf1322', type: 'dashed' as const },
                      label: { formatter: `${m('chartThreshold')} ${alarm.threshold}${unit}`, position: 'insideStartTop' as const },
                    },
                  ]
                : []),
              {
                xAxis: xs[nearest]!,
                name: m('chartRaised'),
                lineStyle: { color: '#fa8c16' },
                label: { formatter: `${m('chartRaised')} ${raisedLabel}`, position: 'insideEndTop' as const },
              },
            ],
          },
        },
        ...(data.bucket === 'raw'
          ? []
          : [
              {
                type: 'line' as const,
                name: 'max',
                data: data.points.map((p) => p.max),
                showSymbol: false,
                lineStyle: { width: 1, opacity: 0.4 },
              },
              {
                type: 'line' as const,
                name: 'min',
                data: data.points.map((p) => p.min),
                showSymbol: false,
                lineStyle: { width: 1, opacity: 0.4 },
              },
            ]),
      ],
    };
  }, [data, alarm, m, time]);
  if (isPending) return <Spin className="page-spin" />;
  if (!option) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m('chartEmpty')} />;
  return <Chart option={option} height={height} testId="alarm-chart" />;
}
