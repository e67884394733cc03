import { cellLabel, formatParams } from '../core/cell-key.js';
import { modeSpec } from '../core/modes.js';
import { checkEnvironment } from '../env/noise.js';
import type { Cell, ResultsDocument, RunWarning, ScenarioRecord } from '../results/results-schema.js';

/** Above this coefficient of variation a cell's figures are too noisy to compare closely. */
export const HIGH_CV = 0.1;

function who(cell: Cell): string {
  return `${cellLabel(cell.key)}${cell.key.variant === undefined ? '' : ` [${cell.key.variant}]`}`;
}

function paramsOf(cell: Cell): string {
  return formatParams(cell.key.params);
}

/**
 * Warnings as values: collected after the run, one per scenario and kind (listing the cells), so
 * a noisy machine gives a few readable lines instead of one per cell.
 */
export function collectRunWarnings(document: ResultsDocument, scenarios: readonly Pick<ScenarioRecord, 'name' | 'ideal'>[]): RunWarning[] {
  const warnings: RunWarning[] = checkEnvironment(document.machine).map((warning) => ({
    code: warning.code,
    message: warning.message,
  }));
  for (const interpreter of document.interpreters) {
    if (interpreter.asyncioDebug === true || interpreter.devMode === true) {
      warnings.push({ code: 'python-debug-mode', message: `${interpreter.id} runs with asyncio debug or -X dev enabled: its timings are not representative` });
    }
  }
  const usable = document.machine.usableCpus;
  const settings = document.settings;
  const precision = settings.precision ?? null;
  // Scaling with the CPUs is what a scenario with a CPU ideal claims: more workers than CPUs there
  // only add switching. (spawn-overhead is kind cpu but starts no-op units; lock-contention's
  // eight workers fighting over one lock are its lesson, not a set-up mistake.)
  const cpuScaling = new Set(scenarios.filter((scenario) => scenario.ideal?.model === 'cpu').map((scenario) => scenario.name));
  const multipleParams = new Set<string>();
  const seenParams = new Map<string, string>();
  for (const cell of document.cells) {
    const previous = seenParams.get(cell.key.scenario);
    if (previous !== undefined && previous !== paramsOf(cell)) multipleParams.add(cell.key.scenario);
    seenParams.set(cell.key.scenario, paramsOf(cell));
  }
  const grouped = new Map<string, { code: string; scenario: string; items: string[] }>();
  const add = (code: string, cell: Cell, item: string): void => {
    const id = `${cell.key.scenario}\u0000${code}`;
    const entry = grouped.get(id) ?? { code, scenario: cell.key.scenario, items: [] };
    entry.items.push(multipleParams.has(cell.key.scenario) ? `${item} [${paramsOf(cell)}]` : item);
    grouped.set(id, entry);
  };
  const oversubscribed = new Set<string>();
  for (const cell of document.cells) {
    const summary = cell.summary;
    if (cell.status === 'ok' && summary !== null) {
      const cv = summary.wallNs.cv;
      if (cv !== null && cv > HIGH_CV) add('high-variation', cell, `${who(cell)} (${(cv * 100).toFixed(0)}%)`);
      if (summary.wallNs.outliers > 0) add('outliers', cell, `${who(cell)} (${summary.wallNs.outliers})`);
      if (summary.suspect === true) add('suspect', cell, who(cell));
      if (precision !== null && settings.minRuns < settings.maxRuns && cell.stopReason !== 'precision') {
        add('precision-not-reached', cell, `${who(cell)} (${cell.samples.length})`);
      }
    }
    if (cpuScaling.has(cell.key.scenario) && modeSpec(cell.key.mode).cpuUnits === 'workers' && cell.key.workers > usable && cell.status !== 'unsupported') {
      oversubscribed.add(cell.key.scenario);
    }
  }
  const describe: Record<string, (items: string) => string> = {
    'high-variation': (items) => `high variation (CV above ${HIGH_CV * 100}%): ${items}`,
    outliers: (items) => `outlier samples (modified z-score above 3.5): ${items}`,
    suspect: (items) => `faster than the ideal allows, treat as suspect: ${items}`,
    'precision-not-reached': (items) =>
      `stopped before the ±${((precision ?? 0) * 100).toFixed(0)}% precision target (samples taken): ${items}; raise --max-runs/--max-time for tighter figures`,
  };
  for (const entry of grouped.values()) {
    warnings.push({ code: entry.code, scenario: entry.scenario, message: describe[entry.code]?.(entry.items.join(', ')) ?? entry.items.join(', ') });
  }
  for (const scenario of oversubscribed) {
    warnings.push({ code: 'oversubscribed', scenario, message: `more workers than the ${usable} usable CPU(s) for CPU-bound work: the extra workers only add switching` });
  }
  return warnings;
}
