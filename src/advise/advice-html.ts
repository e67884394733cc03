import { MODES } from '../core/modes.js';
import { VERSION } from '../core/version.js';
import { seriesColors, type SpeedupChartSpec, type SpeedupPoint } from '../html/chart-spec.js';
import { escapeHtml } from '../html/escape-html.js';
import { chartFigure, htmlPage, htmlTable } from '../html/html-page.js';
import type { Advice } from './advice-schema.js';
import { headline, modelRows, notRun, probeFacts } from './advice-text.js';

/** The id of the page's scaling chart. */
export const ADVICE_CHART_ID = 'advice-scaling';

function round(value: number): number {
  return Number(value.toPrecision(4));
}

/**
 * Speedup over one loop against workers, one line per model (the cells of the run behind the
 * advice, chunk-size cells apart), the recommended cell and the knee ringed and named.
 */
export function scalingChart(advice: Advice): SpeedupChartSpec | null {
  const points: SpeedupPoint[] = [];
  for (const cell of advice.results.cells) {
    const speedup = cell.summary?.speedup;
    if (cell.status !== 'ok' || cell.key.mode === 'sequential' || speedup === null || speedup === undefined) continue;
    const series = cell.chunksizeSet === true ? `${cell.key.mode}, chunks of ${cell.chunksize ?? '?'}` : cell.key.mode;
    points.push({ series, x: cell.key.workers, value: round(speedup.value), low: round(speedup.ciLow), high: round(speedup.ciHigh) });
  }
  if (points.length === 0) return null;
  const at = (mode: string, workers: number): SpeedupPoint | undefined => points.find((point) => point.series === mode && point.x === workers);
  const highlights: { series: string; x: number; value: number; label: string }[] = [];
  const pick = advice.recommendation;
  const picked = pick === null ? undefined : at(pick.mode, pick.workers);
  if (picked !== undefined && advice.verdict === 'parallelise') highlights.push({ series: picked.series, x: picked.x, value: picked.value, label: 'recommended' });
  const knee = advice.knee === null ? undefined : at(advice.knee.mode, advice.knee.workers);
  if (knee !== undefined && knee !== picked) highlights.push({ series: knee.series, x: knee.x, value: knee.value, label: 'knee' });
  else if (knee !== undefined && highlights[0] !== undefined) highlights[0] = { ...highlights[0], label: 'recommended (the knee)' };
  const names = [...new Set(points.map((point) => point.series))];
  return {
    kind: 'speedup',
    id: ADVICE_CHART_ID,
    label: `Speedup of ${advice.target} over one loop against workers, per model, with 95% CIs`,
    xLabel: 'workers',
    colors: seriesColors(names, [...MODES, ...names.filter((name) => !(MODES as readonly string[]).includes(name))]),
    points,
    ideal: [],
    highlights,
  };
}

/** The advice as one self-contained page: the answer, the code, the scaling chart, every model, the probe. */
export function adviceHtml(advice: Advice): string {
  const chart = scalingChart(advice);
  const rows = modelRows(advice);
  const body = [
    '<header>',
    `<h1>pyconc advise: ${escapeHtml(advice.target)}</h1>`,
    `<p class="muted">${escapeHtml(`${advice.python} · ${advice.tasks.count} tasks · ${advice.results.machine.usableCpus} usable CPU(s) · ${advice.experiment.elapsedS} s · budget ${advice.experiment.budgetS} s`)}</p>`,
    '</header>',
    '<main>',
    '<section aria-labelledby="answer">',
    `<h2 id="answer">${escapeHtml(headline(advice))}</h2>`,
    advice.recommendation === null ? '' : `<p>${escapeHtml(advice.recommendation.why)}</p><pre><code>${escapeHtml(advice.recommendation.snippet)}</code></pre>`,
    '</section>',
    chart === null ? '' : chartFigure(chart, 'Speedup over one loop against workers: one line per model, the bars 95% CIs; the ring marks the recommendation (and the knee, the fewest workers within the noise of the best).'),
    '<section aria-labelledby="models"><h2 id="models">Every model tried</h2>',
    htmlTable(['model', 'speedup (95% CI)', 'verdict', 'why'], rows.map((row) => [row.model, row.speedup, row.verdict, row.why]), { left: [0, 2, 3] }),
    notRun(advice).length === 0 ? '' : `<p class="muted">Not run:</p><ul class="muted">${notRun(advice).map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
    '</section>',
    '<section aria-labelledby="probe"><h2 id="probe">The probe</h2>',
    `<p><strong>${escapeHtml(advice.probe.classification)}</strong>: ${escapeHtml(advice.probe.why)}</p>`,
    `<p class="muted">${escapeHtml(probeFacts(advice))}</p>`,
    '</section>',
    advice.notes.length === 0 ? '' : `<section aria-labelledby="notes"><h2 id="notes">Notes</h2><ul>${advice.notes.map((note) => `<li class="warning">${escapeHtml(note)}</li>`).join('')}</ul></section>`,
    '</main>',
  ].join('\n');
  return htmlPage({ title: `pyconc advise ${advice.target}`, body, charts: chart === null ? [] : [chart], generator: `written by pyconc ${VERSION}` });
}
