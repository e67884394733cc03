import { cellLabel } from '../core/cell-key.js';
import { formatRatioInterval } from '../report/format-units.js';
import type { Advice, AdviceAlternative } from './advice-schema.js';
import { modeSpec, type Mode } from '../core/modes.js';
import { shortBytes, shortDuration } from './probe-lines.js';

/** The words every advice format shares: the headline, the probe's figures, the rows of the models' table. */

/** What `workers` counts for a mode, in words: `8 threads`, `64 tasks in flight`. */
export function workersText(mode: Mode, workers: number): string {
  const unit = modeSpec(mode).workers;
  if (unit === 'ignored') return 'one loop';
  if (unit === 'in-flight tasks') return `${workers} task${workers === 1 ? '' : 's'} in flight`;
  const singular = unit.slice(0, -1);
  return `${workers} ${workers === 1 ? singular : unit}`;
}

/** One row of the table of models: the recommendation first, then every alternative. */
export interface ModelRow {
  readonly model: string;
  readonly speedup: string;
  readonly verdict: string;
  readonly why: string;
}

function modelName(entry: { mode: AdviceAlternative['mode']; workers: number; chunksize: number | null }, chunkSet: boolean): string {
  return `${cellLabel(entry)}${chunkSet && entry.chunksize !== null ? ` chunks of ${entry.chunksize}` : ''}`;
}

/** The rows of the models' table: the recommendation, then every other cell that ran (what did not run is listed apart). */
export function modelRows(advice: Advice): ModelRow[] {
  const rows: ModelRow[] = [];
  const interval = (speedup: { value: number; ciLow: number; ciHigh: number } | null): string => (speedup === null ? '–' : formatRatioInterval(speedup.value, speedup.ciLow, speedup.ciHigh));
  const pick = advice.recommendation;
  if (pick !== null) {
    const knee = advice.knee === null ? '' : advice.knee.stillRising ? 'the most workers tried: still rising' : 'the knee: the fewest workers within the noise of the best';
    rows.push({ model: modelName(pick, false), speedup: interval(pick.speedup), verdict: advice.verdict === 'do-not-parallelise' ? 'one loop' : 'recommended', why: knee });
  }
  for (const alternative of advice.alternatives.filter((one) => one.verdict !== 'unsupported')) {
    rows.push({ model: modelName(alternative, alternative.lossTo === 'hand-overs'), speedup: interval(alternative.speedup), verdict: alternative.verdict, why: alternative.why });
  }
  return rows;
}

/** The modes that did not run, each with its reason: `asyncio: it needs an async def function …`. */
export function notRun(advice: Advice): string[] {
  return advice.alternatives.filter((one) => one.verdict === 'unsupported').map((one) => `${one.mode}: ${one.why}`);
}

/** The probe's figures in one line. */
export function probeFacts(advice: Advice): string {
  const p = advice.probe;
  const facts = [`import ${shortDuration(p.importMs * 1e6)}`, `a call ${shortDuration(p.callWallMs * 1e6)} (${shortDuration(p.callCpuMs * 1e6)} on a CPU)`];
  if (p.twoThreadsCpus !== null) facts.push(`two threads ${p.twoThreadsCpus.toFixed(2)} CPUs`);
  if (p.argPickleBytes !== null && p.resultPickleBytes !== null) facts.push(`input ${shortBytes(p.argPickleBytes)}, result ${shortBytes(p.resultPickleBytes)} pickled`);
  if (p.processStartMs !== null) facts.push(`process pool start ${shortDuration(p.processStartMs * 1e6)} (${p.startMethod ?? '?'})`);
  if (p.interpreterStartMs !== null) facts.push(`subinterpreter start ${shortDuration(p.interpreterStartMs * 1e6)}`);
  if (p.pickleProblem !== null) facts.push('no process pool can be sent it');
  return facts.join(' · ');
}

/** The headline: the model and workers, or why there is none. */
export function headline(advice: Advice): string {
  const pick = advice.recommendation;
  switch (advice.verdict) {
    case 'parallelise':
    case 'no-baseline':
      return pick === null ? advice.text : `${pick.mode} with ${workersText(pick.mode, pick.workers)}${pick.speedup === null ? '' : `: ${formatRatioInterval(pick.speedup.value, pick.speedup.ciLow, pick.speedup.ciHigh)} faster than one loop`}`;
    case 'do-not-parallelise':
      return 'do not parallelise: one loop is as fast as anything measured';
    case 'under-load':
      return 'no recommendation: the machine was busy and this work needs free CPUs; rerun on a quiet machine';
    case 'nothing-measured':
      return advice.results.interrupted ? 'no recommendation: interrupted before any cell finished' : 'no recommendation: the function did not finish in any mode';
  }
}

export function header(advice: Advice): string {
  const source = advice.tasks.source === 'inputs' ? ` (${advice.tasks.inputs ?? 'inputs'})` : advice.tasks.source === 'probe' ? ' (chosen)' : '';
  return `pyconc advise · ${advice.target} · ${advice.python} · ${advice.tasks.count} tasks${source} · ${advice.results.machine.usableCpus} usable CPU(s) · ${advice.experiment.elapsedS} s`;
}
