// A uPlot chart in a Preact component. The canvas is hidden from assistive
// technology; the figure carries a text summary and every chart on a page
// comes with the same numbers as a table.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  // 'points' draws each value alone; 'line-and-points' also joins them, so a
  // value with no neighbour is still drawn.
  style: 'points' | 'line' | 'line-and-points' | 'dashed';
}

export function Chart({ x, series, yLabel, summary, height = 260, yRange }: { x: number[]; series: ChartSeries[]; yLabel: string; summary: string; height?: number; yRange?: [number, number] }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(260, element.clientWidth),
      height,
      scales: { x: { time: true }, y: yRange ? { range: yRange } : { auto: true } },
      axes: [{ stroke: '#1b1f24', grid: { stroke: '#e3e7ec' } }, { label: yLabel, stroke: '#1b1f24', grid: { stroke: '#e3e7ec' } }],
      legend: { show: true, live: false },
      series: [
        {},
        ...series.map(
          (item): uPlot.Series => ({
            label: item.label,
            stroke: item.color,
            width: item.style === 'points' ? 0 : 2,
            dash: item.style === 'dashed' ? [8, 6] : undefined,
            spanGaps: item.style !== 'points',
            points:
              item.style === 'points'
                ? { show: true, size: 9, fill: item.color, stroke: item.color }
                : item.style === 'line-and-points'
                  ? { show: true, size: 7, fill: item.color, stroke: item.color }
                  : { show: false },
            paths: item.style === 'points' ? () => null : undefined,
          }),
        ),
      ],
    };
    const plot = new uPlot(options, [x, ...series.map((item) => item.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(260, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, yLabel, height, yRange]);
  return (
    <figure class="chart">
      <div ref={container} aria-hidden="true" />
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
