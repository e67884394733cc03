import type { Scenario } from '../catalogue/scenario-schema.js';
import { checkEnvironment } from '../env/noise.js';
import type { MachineInfo } from '../env/machine.js';
import type { ResultsDocument, RunWarning } from '../results/results-schema.js';

/** Above this coefficient of variation a cell's figures are too noisy to compare closely. */
export const HIGH_CV = 0.1;

const PARALLEL_MODES = ['threading', 'multiprocessing', 'async-threads', 'async-processes', 'process-loops'];

/** Warnings as values: collected after the run, printed together, stored in the results. */
export function collectRunWarnings(document: ResultsDocument, scenarios: readonly Scenario[]): RunWarning[] {
  const warnings: RunWarning[] = checkEnvironment(document.machine as unknown as MachineInfo).map((warning) => ({
    code: warning.code,
    message: warning.message,
  }));
  for (const interpreter of document.interpreters) {
    if (interpreter['asyncioDebug'] === true || interpreter['devMode'] === true) {
      warnings.push({ code: 'python-debug-mode', message: `${interpreter.id} runs with asyncio debug or -X dev enabled: its timings are not representative` });
    }
  }
  const usable = document.machine.usableCpus;
  const settings = document.settings;
  const kinds = new Map(scenarios.map((scenario) => [scenario.name, scenario.kind]));
  const oversubscribed = new Set<string>();
  for (const cell of document.cells) {
    const who = `${cell.key.mode}${cell.key.mode === 'sequential' ? '' : ` w=${cell.key.workers}`} (${Object.entries(cell.key.params).map(([k, v]) => `${k}=${v}`).join(' ')})`;
    const summary = cell.summary;
    if (cell.status === 'ok' && summary !== null) {
      if (summary.wallNs.cv > HIGH_CV) {
        warnings.push({ code: 'high-variation', scenario: cell.key.scenario, message: `${who}: high variation (CV ${(summary.wallNs.cv * 100).toFixed(0)}%)` });
      }
      if (summary.wallNs.outliers > 0) {
        warnings.push({ code: 'outliers', scenario: cell.key.scenario, message: `${who}: ${summary.wallNs.outliers} outlier sample(s) (modified z-score > 3.5)` });
      }
      if (summary.suspect === true) {
        warnings.push({ code: 'suspect', scenario: cell.key.scenario, message: `${who}: faster than the ideal allows; treat this result as suspect` });
      }
      if (settings.minRuns < settings.maxRuns && cell['stopReason'] !== 'precision' && cell.samples.length > 0) {
        warnings.push({ code: 'precision-not-reached', scenario: cell.key.scenario, message: `${who}: stopped at ${cell.samples.length} samples (${String(cell['stopReason'])}) before the ±${((settings['precision'] as number) * 100).toFixed(0)}% precision target` });
      }
    }
    if (kinds.get(cell.key.scenario) === 'cpu' && PARALLEL_MODES.includes(cell.key.mode) && cell.key.workers > usable && cell.status !== 'unsupported') {
      oversubscribed.add(cell.key.scenario);
    }
  }
  for (const scenario of oversubscribed) {
    warnings.push({ code: 'oversubscribed', scenario, message: `more workers than the ${usable} usable CPU(s) for CPU-bound work: extra workers only add switching` });
  }
  return warnings;
}
