import type { ResultsDocument } from '../results/results-schema.js';

function cpus(count: number): string {
  return `${count} CPU${count === 1 ? '' : 's'}`;
}

/** `5–30 runs, ±3% target, 5 s per cell, 1 warmup`: how the run sampled. */
function samplingText(settings: ResultsDocument['settings']): string {
  const runs = settings.minRuns === settings.maxRuns ? `${settings.minRuns} runs` : `${settings.minRuns}–${settings.maxRuns} runs`;
  const parts = [runs];
  // Runs count processes; with K > 1 each held K values (the first cold).
  if ((settings.valuesPerProcess ?? 1) > 1) parts.push(`${settings.valuesPerProcess} values per process`);
  if (settings.precision !== undefined && settings.minRuns < settings.maxRuns) parts.push(`±${Math.round(settings.precision * 1000) / 10}% target`);
  if (settings.maxTimeS !== undefined) parts.push(`${settings.maxTimeS} s per cell`);
  parts.push(`${settings.warmup} warmup${settings.warmup === 1 ? '' : 's'}`);
  if (settings.startMethod !== null && settings.startMethod !== undefined) parts.push(`start method ${settings.startMethod}`);
  return parts.join(', ');
}

/**
 * One line saying where and how the figures were measured, for the top of a report: machine,
 * interpreters and sampling settings (`Test CPU, 2 of 2 CPUs usable, linux 6.1 · cpython-3.11.7 · 5–30 runs, …`).
 */
export function runHeader(document: Pick<ResultsDocument, 'machine' | 'interpreters' | 'settings'>): string {
  const machine = document.machine;
  const model = machine.cpuModel ?? 'unknown CPU';
  const usable = machine.usableCpus === machine.logicalCpus ? `${cpus(machine.usableCpus)}` : `${machine.usableCpus} of ${cpus(machine.logicalCpus)} usable`;
  const interpreters = document.interpreters.map((interpreter) => interpreter.id).join(', ');
  return [`${model}, ${usable}, ${machine.os} ${machine.osRelease}`, interpreters, samplingText(document.settings)]
    .filter((part) => part !== '')
    .join(' · ');
}
