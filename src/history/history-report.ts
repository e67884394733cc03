import { median } from '../stats/descriptive.js';
import { medianConfidenceInterval } from '../stats/median-ci.js';
import type { TrendChartSpec } from '../html/chart-spec.js';
import { escapeHtml } from '../html/escape-html.js';
import { chartFigure, htmlPage, htmlTable } from '../html/html-page.js';
import { escapeMarkdown } from '../report/markdown-reporter.js';
import { formatDuration } from '../report/format-units.js';
import { durationUnit } from '../report/html-reporter.js';
import { runName, stepText, type CellHistory, type HistoryCheck } from './check.js';

const SPARKS = '▁▂▃▄▅▆▇█';

/** The medians as a line of block characters, lowest to highest: a trend a Markdown table can hold. */
export function sparkline(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return values.map((value) => SPARKS[high === low ? 3 : Math.round(((value - low) / (high - low)) * (SPARKS.length - 1))] ?? '').join('');
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

/** A cell's trend: each run's median with its 95% CI, the fitted levels and a rule where each step began. */
export function trendChart(cell: CellHistory, id: string): TrendChartSpec {
  const { unit, scale } = durationUnit(Math.max(...cell.series.points.flatMap((point) => point.samples)));
  return {
    kind: 'trend',
    id,
    label: `Median wall time of ${cell.series.name} over ${cell.series.points.length} runs, with 95% CIs, the fitted levels and ${cell.steps.length} step(s)`,
    unit,
    points: cell.series.points.map((point) => {
      const ci = medianConfidenceInterval(point.samples);
      return { run: point.run + 1, commit: point.entry.commit ?? '', median: round(median(point.samples) / scale), low: round(ci.ciLow / scale), high: round(ci.ciHigh / scale) };
    }),
    // Levels span from the first run at the level to the last, in run numbers as the points.
    levels: cell.fit.levels.map((level) => ({
      from: (cell.series.points[level.from]?.run ?? 0) + 1,
      to: (cell.series.points[level.to - 1]?.run ?? 0) + 1,
      value: round(level.value / scale),
    })),
    steps: cell.steps.map((found) => ({ run: found.first.run + 1, commit: found.first.entry.commit ?? `run ${found.first.run + 1}`, regression: found.step.ratio.value > 1 })),
  };
}

function latestMedian(cell: CellHistory): string {
  const last = cell.series.points.at(-1);
  return last === undefined ? '–' : formatDuration(median(last.samples));
}

function stepsText(cell: CellHistory): string {
  return cell.steps.length === 0 ? 'none' : cell.steps.map((found) => `${found.kind === 'small' ? '' : `${found.kind} `}${stepText(found)}`).join('; ');
}

/** Every cell's trend as Markdown: one row a cell, regressions first, with a sparkline of its medians. */
export function historyMarkdown(check: HistoryCheck): string {
  const cells = [...check.cells].sort((a, b) => Number(check.regressions.includes(b)) - Number(check.regressions.includes(a)));
  const out = [`### pyconc history: ${check.runs} runs, ${check.cells.length} cells`, '', '| cell | runs | trend | latest | steps |', '| --- | ---: | --- | ---: | --- |'];
  for (const cell of cells) {
    const mark = check.regressions.includes(cell) ? '**regression** ' : '';
    out.push(`| ${mark}${escapeMarkdown(cell.series.name)} | ${cell.series.points.length} | ${sparkline(cell.series.points.map((point) => median(point.samples)))} | ${latestMedian(cell)} | ${escapeMarkdown(stepsText(cell))} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Every cell's trend as a self-contained HTML page, the steps marked, regressions first. */
export function historyHtml(check: HistoryCheck, generator: string): string {
  const cells = [...check.cells].sort((a, b) => Number(check.regressions.includes(b)) - Number(check.regressions.includes(a)));
  const charts: TrendChartSpec[] = [];
  const sections = cells.map((cell) => {
    const chart = trendChart(cell, `h-${cell.series.id}`);
    charts.push(chart);
    const regressed = check.regressions.includes(cell);
    const rows = cell.series.points.map((point) => [String(point.run + 1), point.entry.commit ?? '–', point.entry.date.slice(0, 19), formatDuration(median(point.samples)), String(point.samples.length)]);
    return [
      `<section aria-labelledby="${chart.id}-title">`,
      `<h2 id="${chart.id}-title">${regressed ? '<span class="regression">regression</span> ' : ''}${escapeHtml(cell.series.name)}</h2>`,
      `<p>Steps: ${escapeHtml(stepsText(cell))}</p>`,
      chartFigure(chart, `Median wall time (${escapeHtml(chart.unit)}) per run: dots are medians, bars their 95% CIs, the blue lines the fitted levels, dashed rules where a step began (red slower, green faster).`),
      `<details><summary>Runs of ${escapeHtml(cell.series.name)}</summary>`,
      htmlTable(['run', 'commit', 'date', 'median', 'samples'], rows, { left: [1, 2] }),
      '</details>',
      '</section>',
    ].join('\n');
  });
  const first = cells[0]?.series.points[0];
  const body = [
    '<header>',
    '<h1>pyconc history</h1>',
    `<p class="muted">${check.runs} runs, ${check.cells.length} cells${first === undefined ? '' : `, from ${escapeHtml(runName(first))}`}; ${check.regressions.length} cell(s) regressed in the latest runs.</p>`,
    `<nav aria-label="Cells"><ul>${cells.map((cell) => `<li><a href="#h-${cell.series.id}-title">${escapeHtml(cell.series.name)}</a></li>`).join('')}</ul></nav>`,
    '</header>',
    '<main>',
    ...sections,
    '</main>',
  ].join('\n');
  return htmlPage({ title: 'pyconc history', body, charts, generator });
}
