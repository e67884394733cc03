import { cellLabel, formatParams } from '../core/cell-key.js';
import { modeSpec } from '../core/modes.js';
import type { CellWarningCode } from '../core/warning-codes.js';
import { busyDuringRun, checkEnvironment } from '../env/noise.js';
import type { Cell, ResultsDocument, RunWarning, ScenarioRecord } from '../results/results-schema.js';
import { nameCells } from './name-cells.js';
import { pitfallWarnings } from './pitfall-warnings.js';
import { wallPrecision } from './precision.js';

/** Above this coefficient of variation a cell's figures are too noisy to compare closely. */
export const HIGH_CV = 0.1;

/**
 * Spread that no comparison notices: samples within 1% of the median of each other, or within
 * 0.1 ms (a timer tick and a context switch), are not worth an outlier or variation warning
 * (2000.37–2000.64 ms has a CV of 0.006%, yet one sample scored as an "outlier").
 */
export const NEGLIGIBLE_SPREAD = 0.01;
export const NEGLIGIBLE_SPREAD_NS = 0.1e6;

/** No warning line is longer than this: a terminal shows it in two lines at most. */
export const MAX_WARNING_CHARS = 200;

/** Cells a warning line names before it says "and N more". */
const NAMED_CELLS = 3;

/** Whether a cell's samples spread so little that outliers and variation do not matter. */
export function negligibleSpread(cell: Pick<Cell, 'summary'>): boolean {
  const wall = cell.summary?.wallNs;
  if (wall === undefined) return true;
  const range = wall.max - wall.min;
  return range <= NEGLIGIBLE_SPREAD * Math.abs(wall.median) || range <= NEGLIGIBLE_SPREAD_NS;
}

/** A cell as a warning names it: its mode and workers, its variant, and its interpreter where the run had several. */
function who(cell: Cell, severalPythons = false): string {
  return `${cellLabel(cell.key)}${severalPythons ? ` @${cell.key.python}` : ''}${cell.key.variant === undefined ? '' : ` [${cell.key.variant}]`}`;
}


function percentText(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

/** A message cut so that its printed line (`  ! scenario: message`) fits MAX_WARNING_CHARS, ending in an ellipsis when cut. */
function capped(text: string, scenario?: string): string {
  const room = MAX_WARNING_CHARS - (scenario === undefined ? 4 : scenario.length + 6);
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}

interface Item {
  readonly label: string;
  /** What sorts the worst first (CV, width). */
  readonly weight: number;
}

/** What the machine and the interpreters did to the run: noise the environment adds, Pythons in debug mode. */
function environmentWarnings(document: ResultsDocument): RunWarning[] {
  const warnings: RunWarning[] = checkEnvironment(document.machine).map((warning) => ({
    code: warning.code,
    message: capped(warning.message),
  }));
  for (const interpreter of document.interpreters) {
    if (interpreter.asyncioDebug === true || interpreter.devMode === true) {
      warnings.push({ code: 'python-debug-mode', message: `${interpreter.id} runs with asyncio debug or -X dev enabled: its timings are not representative` });
    }
  }
  return warnings;
}

/** How a warning tells a scenario's cells apart: by the parameters their scenario scans, not by the ones every cell shares. */
function scannedParams(cells: readonly Cell[]): (cell: Cell) => string | null {
  const values = new Map<string, Map<string, Set<string | number>>>();
  for (const cell of cells) {
    const own = values.get(cell.key.scenario) ?? new Map<string, Set<string | number>>();
    for (const [name, value] of Object.entries(cell.key.params)) own.set(name, (own.get(name) ?? new Set()).add(value));
    values.set(cell.key.scenario, own);
  }
  const scanned = (scenario: string): string[] => [...(values.get(scenario) ?? new Map()).entries()].filter(([, seen]) => seen.size > 1).map(([name]) => name);
  const scannedOf = new Map([...values.keys()].map((scenario) => [scenario, scanned(scenario)]));
  return (cell) => {
    const names = scannedOf.get(cell.key.scenario) ?? [];
    return names.length === 0 ? null : formatParams(Object.fromEntries(names.map((name) => [name, cell.key.params[name] ?? ''])));
  };
}

/** What a cell warning's line says of the cells it names, the worst first. */
function cellWarningText(precision: number | null): Record<CellWarningCode, (items: string, cells: readonly Cell[]) => string> {
  const stopWhy = (cells: readonly Cell[]): string => {
    const reasons = new Set(cells.map((cell) => cell.stopReason));
    if (reasons.size !== 1) return 'raise --max-time or --max-runs';
    const [reason] = [...reasons];
    return reason === 'max-time' ? 'each spent its time budget: raise --max-time' : reason === 'max-runs' ? 'each took --max-runs: raise it' : 'raise --max-time or --max-runs';
  };
  return {
    'high-variation': (items) => `high variation (CV above ${HIGH_CV * 100}%): ${items}`,
    outliers: (items) => `outlier samples (modified z-score above 3.5): ${items}`,
    suspect: (items) => `faster than the ideal allows, so a disturbed baseline or sample rather than a fast mode: ${items}`,
    'precision-not-reached': (items, cells) => `wider than the ±${((precision ?? 0) * 100).toFixed(0)}% precision target: ${items}; ${stopWhy(cells)}`,
  };
}

/** One line per scenario and kind of trouble with its cells (noisy, outliers, suspect, short of the precision target). */
function cellWarnings(document: ResultsDocument): RunWarning[] {
  const settings = document.settings;
  const precision = settings.precision ?? null;
  const paramsOf = scannedParams(document.cells);
  const grouped = new Map<string, { code: CellWarningCode; scenario: string; items: Item[]; cells: Cell[] }>();
  const add = (code: CellWarningCode, cell: Cell, label: string, weight = 0): void => {
    const id = `${cell.key.scenario}\u0000${code}`;
    const entry = grouped.get(id) ?? { code, scenario: cell.key.scenario, items: [], cells: [] };
    const params = paramsOf(cell);
    entry.items.push({ label: params === null ? label : `${label} [${params}]`, weight });
    entry.cells.push(cell);
    grouped.set(id, entry);
  };
  const severalPythons = new Set(document.cells.map((cell) => cell.key.python)).size > 1;
  const name = (cell: Cell): string => who(cell, severalPythons);
  for (const cell of document.cells) {
    const summary = cell.summary;
    if (cell.status !== 'ok' || summary === null || cell.baselineCopy === true) continue;
    const cv = summary.wallNs.cv;
    const negligible = negligibleSpread(cell);
    if (!negligible && cv !== null && cv > HIGH_CV) add('high-variation', cell, `${name(cell)} (${(cv * 100).toFixed(0)}%)`, cv);
    if (!negligible && summary.wallNs.outliers > 0) add('outliers', cell, `${name(cell)} (${summary.wallNs.outliers})`, summary.wallNs.outliers);
    if (summary.suspect === true) add('suspect', cell, name(cell));
    // Only what the table prints counts: a min–max of 5 tight samples meets ±3% (and carries its mark).
    const printed = wallPrecision(cell);
    if (precision !== null && settings.minRuns < settings.maxRuns && printed !== null && printed.halfWidth > precision) {
      add('precision-not-reached', cell, `${name(cell)} (±${percentText(printed.halfWidth)})`, printed.halfWidth);
    }
  }
  const describe = cellWarningText(precision);
  return [...grouped.values()].map((entry) => {
    // The worst first, so the named few are the ones that matter.
    const labels = [...entry.items].sort((a, b) => b.weight - a.weight).map((item) => item.label);
    const text = describe[entry.code];
    const room = MAX_WARNING_CHARS - entry.scenario.length - 6;
    let message = text(nameCells(labels, NAMED_CELLS), entry.cells);
    for (let limit = NAMED_CELLS - 1; message.length > room && limit >= 1; limit--) message = text(nameCells(labels, limit), entry.cells);
    return { code: entry.code, scenario: entry.scenario, message: capped(message, entry.scenario) };
  });
}

/** The run's average can hide a build that ran during one scenario: the scenarios whose cells met a busy machine. */
function busyScenarioWarnings(document: ResultsDocument): RunWarning[] {
  if (busyDuringRun(document.machine) !== null) return [];
  const usable = document.machine.usableCpus;
  const busiest = new Map<string, number>();
  for (const cell of document.cells) {
    const others = cell.loadDuringGroup?.otherCpus;
    if (others === null || others === undefined || cell.baselineCopy === true) continue;
    if (busyDuringRun({ usableCpus: usable, loadDuringRun: cell.loadDuringGroup }) === null) continue;
    busiest.set(cell.key.scenario, Math.max(busiest.get(cell.key.scenario) ?? 0, others));
  }
  return [...busiest].map(([scenario, others]) => {
    const busy = busyDuringRun({ usableCpus: usable, loadDuringRun: { otherCpus: others, loadAvgMax: null, seconds: 0 } }, 'while some of its cells ran');
    return { code: 'machine-loaded', scenario, message: capped(`machine was busy: ${busy}; rerun this scenario on a quiet machine before trusting its parallel speedups`, scenario) };
  });
}

/**
 * Scaling with the CPUs is what a scenario with a CPU ideal claims: more workers than CPUs there
 * only add switching. (spawn-overhead is kind cpu but starts no-op units; lock-contention's
 * eight workers fighting over one lock are its lesson, not a set-up mistake.)
 */
function oversubscribedWarnings(document: ResultsDocument, scenarios: readonly Pick<ScenarioRecord, 'name' | 'ideal'>[]): RunWarning[] {
  const usable = document.machine.usableCpus;
  const cpuScaling = new Set(scenarios.filter((scenario) => scenario.ideal?.model === 'cpu').map((scenario) => scenario.name));
  const oversubscribed = new Set(document.cells
    .filter((cell) => cpuScaling.has(cell.key.scenario) && modeSpec(cell.key.mode).cpuUnits === 'workers' && cell.key.workers > usable && cell.status !== 'unsupported')
    .map((cell) => cell.key.scenario));
  return [...oversubscribed].map((scenario) => ({
    code: 'oversubscribed',
    scenario,
    message: `more workers than the ${usable} usable CPU(s) for CPU-bound work: the extra workers only add switching`,
  }));
}

/**
 * Warnings as values: collected after the run, one line per scenario and kind naming the worst
 * few cells and how many more, so a noisy machine gives a dozen readable lines, not one per cell.
 */
export function collectRunWarnings(document: ResultsDocument, scenarios: readonly Pick<ScenarioRecord, 'name' | 'ideal'>[]): RunWarning[] {
  return [
    ...environmentWarnings(document),
    ...cellWarnings(document),
    ...busyScenarioWarnings(document),
    ...pitfalls(document),
    ...oversubscribedWarnings(document, scenarios),
  ];
}

/** The pitfalls a benchmark of one's own falls into, where the samples show them (analysis/pitfall-warnings.ts). */
function pitfalls(document: ResultsDocument): RunWarning[] {
  return pitfallWarnings(document).map((warning) => ({ ...warning, message: capped(warning.message, warning.scenario) }));
}
