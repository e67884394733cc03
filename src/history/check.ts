import { fitSteps, MIN_RUNS_FOR_STEPS, type Step, type StepFit } from './change-point.js';
import { cellSeries, type CellSeries, type SeriesPoint } from './series.js';
import type { StoredRun } from './store.js';

/** A step of a cell's history, with the run where it began. */
export interface FoundStep {
  readonly step: Step;
  readonly first: SeriesPoint;
  /** Beyond the threshold, slower (a regression) or faster (an improvement); else within it. */
  readonly kind: 'regression' | 'improvement' | 'small';
}

/** A cell's history with its fit. */
export interface CellHistory {
  readonly series: CellSeries;
  readonly fit: StepFit;
  readonly steps: readonly FoundStep[];
  /** The step the latest runs stand on, when they hold one: the last step of the fit. */
  readonly latest: FoundStep | null;
}

/** What `history check` found. */
export interface HistoryCheck {
  readonly runs: number;
  readonly cells: readonly CellHistory[];
  /** Cells whose latest runs stand on a regression step beyond the threshold. */
  readonly regressions: readonly CellHistory[];
}

/** A step's kind: its whole 95% CI beyond 1 ± threshold is a regression or an improvement. */
export function stepKind(step: Step, threshold: number): FoundStep['kind'] {
  const { value, ciLow, ciHigh } = step.ratio;
  if (value >= 1 + threshold && ciLow > 1) return 'regression';
  if (value <= 1 / (1 + threshold) && ciHigh < 1) return 'improvement';
  return 'small';
}

/** Fits every cell's series and names the cells whose latest runs hold a regression step. */
export function checkHistory(runs: readonly StoredRun[], threshold: number): HistoryCheck {
  const cells = cellSeries(runs).map((series): CellHistory => {
    const fit = fitSteps(series.points);
    const steps = fit.steps.map((step) => ({ step, first: series.points[step.at] as SeriesPoint, kind: stepKind(step, threshold) }));
    return { series, fit, steps, latest: steps.at(-1) ?? null };
  });
  return { runs: runs.length, cells, regressions: cells.filter((cell) => cell.latest?.kind === 'regression') };
}

function percent(ratio: number): string {
  const change = (ratio - 1) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(1)}%`;
}

/** `commit abc1234 (run 7, 2026-11-07)`, or the run and date where no commit was recorded. */
export function runName(point: SeriesPoint): string {
  const date = point.entry.date.slice(0, 10);
  return point.entry.commit === null ? `run ${point.run + 1} (${date})` : `commit ${point.entry.commit} (run ${point.run + 1}, ${date})`;
}

/** One line of a step: size with its CI and where it began. */
export function stepText(found: FoundStep): string {
  const { step } = found;
  return `${percent(step.ratio.value)} (95% CI ${percent(step.ratio.ciLow)} to ${percent(step.ratio.ciHigh)}) from ${runName(found.first)}`;
}

/** The check as text: a line per regression, per earlier step beyond the threshold, and a summary. */
export function checkText(check: HistoryCheck, threshold: number): string {
  const out: string[] = [];
  const thresholdText = `${(threshold * 100).toFixed(threshold * 100 < 1 ? 1 : 0)}%`;
  const searched = check.cells.filter((cell) => cell.series.points.length >= MIN_RUNS_FOR_STEPS).length;
  out.push(`history: ${check.runs} runs, ${check.cells.length} cells (${searched} with at least ${MIN_RUNS_FOR_STEPS} runs searched for steps), threshold ${thresholdText}`);
  for (const cell of check.regressions) {
    const latest = cell.latest as FoundStep;
    const since = cell.series.points.length - latest.step.at;
    out.push(`REGRESSION ${cell.series.name}: ${stepText(latest)}; the latest ${since} run(s) stand on it`);
  }
  for (const cell of check.cells) {
    for (const found of cell.steps) {
      if (found.kind === 'small' || (found === cell.latest && found.kind === 'regression')) continue;
      out.push(`  ${found.kind} ${cell.series.name}: ${stepText(found)}`);
    }
  }
  out.push(check.regressions.length === 0 ? `no regression step beyond ${thresholdText} in the latest runs` : `${check.regressions.length} cell(s) regressed beyond ${thresholdText}`);
  return `${out.join('\n')}\n`;
}
