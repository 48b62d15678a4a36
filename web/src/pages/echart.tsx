/** An echarts chart that follows its option and its container's size. */
import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

export default function EChart({ option, label }: { option: echarts.EChartsOption; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(host.current, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const resize = (): void => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={host} className="chart" role="img" aria-label={label} />;
}
