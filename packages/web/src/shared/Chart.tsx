import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption, ECharts } from 'echarts/core';
import { useEffect, useRef } from 'react';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

/** An ECharts chart that follows its container's size (cards reflow on phones and menu toggles). */
export function Chart({ option, height = 280, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  // The option to draw once ECharts has arrived, when it changed while loading.
  const latest = useRef(option);

  useEffect(() => {
    let instance: ECharts | undefined;
    let observer: ResizeObserver | undefined;
    let unmounted = false;
    // ECharts (./echarts) is loaded on the first chart shown: pages without one never download it.
    void import('./echarts').then(({ init }) => {
      if (unmounted || !element.current) return;
      const created = init(element.current);
      instance = created;
      chart.current = created;
      created.setOption(latest.current, { notMerge: true });
      observer = new ResizeObserver(() => created.resize());
      observer.observe(element.current);
    });
    return () => {
      unmounted = true;
      observer?.disconnect();
      instance?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    latest.current = option;
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} style={{ width: '100%', height }} data-testid={testId} />;
}
