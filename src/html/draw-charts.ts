// The browser side of the page, typed only as far as it uses Plot and the DOM (`any` where Plot hands back its data).
import type { ChartSpec, MARK_LABELS, RatioChartSpec, SpeedupChartSpec, TrendChartSpec, WallChartSpec } from './chart-spec.js';

/** The parts of Observable Plot the page uses (the global `Plot` of its UMD build). */
export interface PlotApi {
  plot(options: Record<string, unknown>): unknown;
  dot(data: unknown, options: Record<string, unknown>): unknown;
  line(data: unknown, options: Record<string, unknown>): unknown;
  ruleX(data: unknown, options?: Record<string, unknown>): unknown;
  ruleY(data: unknown, options?: Record<string, unknown>): unknown;
  tickX(data: unknown, options: Record<string, unknown>): unknown;
  rectX(data: unknown, options: Record<string, unknown>): unknown;
  text(data: unknown, options: Record<string, unknown>): unknown;
}

/** The parts of the DOM the page uses. */
export interface PageRoot {
  getElementById(id: string): { clientWidth: number; append(node: any): void } | null;
  createElement(tag: string): { textContent: string | null; className: string };
}

/** Median wall time per mode, the 95% CI as a bar and the ideal as a dashed tick. */
function wallChart(Plot: PlotApi, spec: WallChartSpec, width: number, labels: typeof MARK_LABELS): unknown {
  const rows = spec.points.map((point) => point.label);
  const ideal = spec.points.filter((point) => point.ideal !== null);
  return Plot.plot({
    width,
    height: 40 + 28 * rows.length,
    marginLeft: 150,
    ariaLabel: spec.label,
    style: { fontSize: '12px' },
    x: { label: `median wall time (${spec.unit}) →`, grid: true, zero: true },
    y: { label: null, domain: rows },
    color: { domain: spec.colors.domain, range: spec.colors.range },
    marks: [
      Plot.ruleY(spec.points, { y: 'label', x1: 'low', x2: 'high', stroke: 'currentColor', strokeWidth: 2, ariaDescription: labels.ci }),
      Plot.tickX(ideal, { y: 'label', x: 'ideal', stroke: 'currentColor', strokeWidth: 2, strokeDasharray: '3,2', ariaDescription: labels.ideal }),
      Plot.dot(spec.points, { y: 'label', x: 'median', fill: 'mode', r: 5, ariaDescription: labels.median, title: (point: any) => `${point.label}: ${point.median} ${spec.unit} (95% CI ${point.low}–${point.high})` }),
    ],
  });
}

/** Speedup against workers (or a parameter) per mode, with the ideal dashed. */
function speedupChart(Plot: PlotApi, spec: SpeedupChartSpec, width: number, labels: typeof MARK_LABELS): unknown {
  const xs = [...new Set(spec.points.map((point) => point.x))].sort((a, b) => a - b);
  return Plot.plot({
    width,
    height: 320,
    ariaLabel: spec.label,
    style: { fontSize: '12px' },
    x: { label: `${spec.xLabel} →`, ticks: xs, tickFormat: 'd', grid: true },
    y: { label: '↑ speedup over sequential', grid: true, zero: true },
    color: { domain: spec.colors.domain, range: spec.colors.range, legend: true },
    marks: [
      Plot.ruleY([1], { stroke: 'currentColor', strokeOpacity: 0.4 }),
      Plot.line(spec.ideal, { x: 'x', y: 'value', z: 'series', stroke: 'series', strokeDasharray: '5,4', strokeOpacity: 0.8, ariaDescription: labels.ideal }),
      Plot.ruleX(spec.points, { x: 'x', y1: 'low', y2: 'high', stroke: 'series', strokeWidth: 2, ariaDescription: labels.ci }),
      Plot.line(spec.points, { x: 'x', y: 'value', z: 'series', stroke: 'series', strokeWidth: 1.5 }),
      Plot.dot(spec.points, { x: 'x', y: 'value', fill: 'series', r: 4, ariaDescription: labels.speedup, title: (point: any) => `${point.series} at ${point.x}: ${point.value}× (95% CI ${point.low}–${point.high})` }),
      Plot.dot(spec.highlights ?? [], { x: 'x', y: 'value', r: 9, stroke: 'currentColor', strokeWidth: 2, fill: 'none', ariaDescription: labels.highlight }),
      Plot.text(spec.highlights ?? [], { x: 'x', y: 'value', text: 'label', dy: -16, fill: 'currentColor' }),
    ],
  });
}

/**
 * The comparison chart: every cell's ratio with its interval against the ±threshold band. Sent to
 * the page as its source text (`DRAW_SCRIPT`), so it refers to nothing else.
 */
function ratioChart(Plot: PlotApi, spec: RatioChartSpec, width: number, root: PageRoot, labels: typeof MARK_LABELS): unknown {
  const verdictColours: Record<string, string> = {
    regression: '#d62728',
    improvement: '#2ca02c',
    unchanged: '#7f7f7f',
    inconclusive: '#e8a317',
  };
  const rows = spec.points.map((point) => point.name);
  // The labels' real width in the chart's font, so that none is clipped on the left (a guess of
  // 6.5 px a character was too small); past half the width a label loses its start to an ellipsis.
  const context = (root.createElement('canvas') as unknown as { getContext?(kind: string): any }).getContext?.('2d');
  if (context) context.font = '12px system-ui, sans-serif';
  const textWidth = (text: string): number => (context ? context.measureText(text).width : 7.5 * text.length);
  const room = Math.floor(width / 2) - 14;
  const fit = (text: string): string => {
    let fitted = text;
    while (fitted.length > 1 && textWidth(fitted) > room) fitted = `…${fitted.slice(2)}`;
    return fitted;
  };
  return Plot.plot({
    width,
    height: 50 + 26 * rows.length,
    marginLeft: Math.ceil(Math.min(room, Math.max(40, ...rows.map(textWidth)))) + 14,
    ariaLabel: spec.label,
    style: { fontSize: '12px' },
    x: { label: 'new / base wall time →', grid: true },
    y: { label: null, domain: rows, tickFormat: fit },
    color: { domain: Object.keys(verdictColours), range: Object.values(verdictColours), legend: true },
    marks: [
      // The band compare judges by: symmetric on the log scale, 1/(1 + t) to 1 + t.
      Plot.rectX([{ low: 1 / (1 + spec.threshold), high: 1 + spec.threshold }], { x1: 'low', x2: 'high', fill: 'currentColor', fillOpacity: 0.12, ariaDescription: labels.band }),
      Plot.ruleX([1], { stroke: 'currentColor', strokeOpacity: 0.6 }),
      Plot.ruleY(spec.points, { y: 'name', x1: 'low', x2: 'high', stroke: 'verdict', strokeWidth: 2, ariaDescription: labels.ci }),
      Plot.dot(spec.points, {
        y: 'name',
        x: 'value',
        fill: 'verdict',
        r: 5,
        ariaDescription: labels.ratio,
        title: (point: any) => `${point.cell ?? point.name}: ${point.value} (95% CI ${point.low}–${point.high}), ${point.verdict}`,
      }),
    ],
  });
}

/** A cell's medians over the runs of a history, its steps and levels marked. */
function trendChart(Plot: PlotApi, spec: TrendChartSpec, width: number, labels: typeof MARK_LABELS): unknown {
  return Plot.plot({
    width,
    height: 260,
    ariaLabel: spec.label,
    style: { fontSize: '12px' },
    x: { label: 'run →', ticks: spec.points.map((point) => point.run), tickFormat: 'd' },
    y: { label: `↑ median wall time (${spec.unit})`, grid: true, zero: true },
    marks: [
      Plot.ruleX(spec.steps, { x: 'run', stroke: (step: any) => (step.regression ? '#d62728' : '#2ca02c'), strokeWidth: 2, strokeDasharray: '4,3', ariaDescription: labels.step }),
      Plot.text(spec.steps, { x: 'run', frameAnchor: 'top', dy: -2, text: (step: any) => step.commit, fill: 'currentColor', textAnchor: 'start', dx: 3 }),
      Plot.ruleX(spec.points, { x: 'run', y1: 'low', y2: 'high', stroke: 'currentColor', strokeOpacity: 0.7, ariaDescription: labels.ci }),
      Plot.ruleY(spec.levels, { y: 'value', x1: 'from', x2: 'to', stroke: '#4269d0', strokeWidth: 2.5, ariaDescription: labels.level }),
      Plot.dot(spec.points, { x: 'run', y: 'median', fill: 'currentColor', r: 3, ariaDescription: labels.median, title: (point: any) => `run ${point.run} (${point.commit}): ${point.median} ${spec.unit}` }),
    ],
  });
}

/**
 * Draws every chart into the element of its id, in the browser. It is sent to the page as its
 * source text, with the chart builders above (`DRAW_SCRIPT`), so it refers to nothing outside
 * them, its own body and its arguments (and a coverage tool that instruments source, rather than
 * V8's, would break the page). A chart that cannot be drawn says so in its place and on the
 * console; the tables stay.
 */
export function drawCharts(Plot: PlotApi, charts: readonly ChartSpec[], root: PageRoot, labels: typeof MARK_LABELS): void {
  for (const spec of charts) {
    const target = root.getElementById(`${spec.id}-plot`);
    if (target === null) continue;
    const width = Math.max(320, Math.min(target.clientWidth > 0 ? target.clientWidth : 640, 960));
    try {
      const chart = spec.kind === 'wall'
        ? wallChart(Plot, spec, width, labels)
        : spec.kind === 'speedup'
          ? speedupChart(Plot, spec, width, labels)
          : spec.kind === 'ratio'
            ? ratioChart(Plot, spec, width, root, labels)
            : trendChart(Plot, spec, width, labels);
      target.append(chart);
    } catch (error) {
      const note = root.createElement('p');
      note.className = 'chart-error';
      note.textContent = `This chart could not be drawn (${String(error)}); the table has its figures.`;
      target.append(note);
      console.error(error);
    }
  }
}

/** The page's drawing code: each function as its source text; the page then calls `drawCharts`. */
export const DRAW_SCRIPT = [wallChart, speedupChart, ratioChart, trendChart, drawCharts].map(String).join('\n');
