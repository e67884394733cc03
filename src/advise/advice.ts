import { goalFigure } from '../analysis/goal-figure.js';
import { recommend } from '../analysis/recommend.js';
import { ratioIntervalText } from '../analysis/recommend-words.js';
import { DEFAULT_GOAL } from '../catalogue/scenario-schema.js';
import { modeSpec, type Mode } from '../core/modes.js';
import { VERSION } from '../core/version.js';
import type { Alternative, Recommendation } from '../results/recommendation-schema.js';
import type { Cell, ResultsDocument } from '../results/results-schema.js';
import { ADVICE_SCHEMA, type Advice, type AdviceAlternative, type AdviceProbe, type AdviceRecommendation, type AdviceVerdict } from './advice-schema.js';
import { MIXED_SHARE, type ClassifiedProbe } from './classify.js';
import type { ExperimentPlan } from './experiment.js';
import type { ProbeMeasures } from './probe-schema.js';
import { shortBytes, shortDuration } from './probe-lines.js';
import { snippet } from './snippets.js';
import { workersText } from './advice-text.js';
import { defaultTaskReason } from './task-count.js';
import { pickleProblem } from './applicability.js';

/** Everything the advice is written from: the probe, the plan, the summarised cells and the run's document. */
export interface AdviceInputs {
  /** The target as the user named it, and its module as code imports it. */
  readonly target: string;
  readonly module: string;
  readonly syncName: string | null;
  readonly asyncName: string | null;
  readonly tasks: Advice['tasks'];
  readonly probe: ProbeMeasures;
  readonly classified: ClassifiedProbe;
  readonly plan: ExperimentPlan;
  /** The experiment's cells, summarised as one group (speedups against its sequential cell). */
  readonly cells: readonly Cell[];
  readonly document: ResultsDocument;
  readonly usableCpus: number;
  readonly gilEnabled: boolean;
  readonly budgetS: number;
  readonly elapsedNs: number;
}

/** Three significant figures: what the probe's figures are worth. */
const figure = (value: number): number => Number(value.toPrecision(3));
const ms = (ns: number | null | undefined): number | null => (ns === null || ns === undefined ? null : figure(ns / 1e6));
const us = (ns: number | null | undefined): number | null => (ns === null || ns === undefined ? null : figure(ns / 1e3));

/** The probe as the advice document reports it. */
export function adviceProbe(probe: ProbeMeasures, classified: ClassifiedProbe): AdviceProbe {
  return {
    importMs: figure(probe.importNs / 1e6),
    firstCallMs: figure(probe.firstCallWallNs / 1e6),
    callWallMs: figure(probe.callWallNs / 1e6),
    callCpuMs: figure(probe.callCpuNs / 1e6),
    waitingShare: Number(classified.waitingShare.toFixed(3)),
    releasesGil: classified.releasesGil,
    twoThreadsCpus: probe.twoThreadsCpuPerWall === null ? null : Number(probe.twoThreadsCpuPerWall.toFixed(2)),
    argPickleBytes: probe.argPickleBytes,
    resultPickleBytes: probe.resultPickleBytes,
    transferMs: ms(classified.transferNs),
    threadHandoverUs: us(probe.threadHandoverNs),
    processHandoverUs: us(probe.processHandoverNs),
    processStartMs: ms(probe.processStartNs),
    interpreterStartMs: ms(probe.interpreterStartNs),
    startMethod: probe.startMethod,
    functionPickles: probe.functionPickleError === null,
    pickleProblem: pickleProblem(probe),
    deterministic: probe.deterministic,
    classification: classified.classification,
    why: classified.why,
  };
}

/** The judgement's loss, said in the probe's terms (what the probe measured that explains it). */
function lossInProbeTerms(alternative: Alternative, inputs: AdviceInputs): string {
  const { probe, classified } = inputs;
  const call = shortDuration(probe.callWallNs);
  switch (alternative.lossTo) {
    case 'the-gil':
      return `the GIL: one thread runs Python at a time (in the probe two threads kept ${probe.twoThreadsCpuPerWall?.toFixed(2) ?? '?'} CPUs busy)`;
    case 'one-thread':
      return `one thread: ${alternative.why}`;
    case 'start-up': {
      const start = modeSpec(alternative.mode).startsProcesses ? probe.processStartNs : alternative.mode === 'interpreters' ? probe.interpreterStartNs : null;
      return `start-up: ${alternative.why}${start === null ? '' : ` (the probe started one worker with the function loaded in ${shortDuration(start)})`}`;
    }
    case 'pickling': {
      const moved = classified.transferNs === null ? '' : ` (an input of ${shortBytes(probe.argPickleBytes ?? 0)} there and a result of ${shortBytes(probe.resultPickleBytes ?? 0)} back: ${shortDuration(classified.transferNs)} a task against a ${call} call)`;
      return `pickling: ${alternative.why}${moved}`;
    }
    case 'slower':
      return alternative.why;
    case 'oversubscription':
      return `oversubscription: ${alternative.why}`;
    case 'fewer-in-flight':
      return `fewer waits in flight: ${alternative.why}`;
    default:
      return alternative.why;
  }
}

/** Moving a task's data costs under 5% of a call: no loss can be pickling's. */
function negligibleTransfer(inputs: AdviceInputs): boolean {
  const transfer = inputs.classified.transferNs;
  return transfer !== null && transfer < 0.05 * inputs.probe.callWallNs;
}

/** Whether a mode runs this function's computing on one GIL: threads or an event loop, on work that holds it, with a GIL. */
function gilBound(mode: Mode, inputs: AdviceInputs): boolean {
  const spec = modeSpec(mode);
  return inputs.gilEnabled && inputs.classified.releasesGil !== true && inputs.classified.waitingShare <= MIXED_SHARE && !spec.parallelCpu && mode !== 'sequential';
}

/** Every other cell, said: the judgement's alternatives (in the probe's terms), then what did not run. */
function alternativesOf(recommendation: Recommendation, inputs: AdviceInputs): AdviceAlternative[] {
  const byId = new Map(inputs.cells.map((cell) => [cell.id, cell]));
  const out: AdviceAlternative[] = recommendation.alternatives.map((alternative) => {
    const cell = byId.get(alternative.id);
    const chunksize = cell?.chunksize ?? null;
    let { lossTo, why } = { lossTo: alternative.lossTo as string | null, why: alternative.verdict === 'tied' ? alternative.why : lossInProbeTerms(alternative, inputs) };
    if (lossTo === 'pickling' && negligibleTransfer(inputs)) {
      // The work ran slower across the boundary, but the probe says moving the data is next to nothing: not pickling.
      lossTo = 'slower';
      const busy = recommendation.load === null ? '' : `; measured under load, the CPUs its workers needed were busy (${recommendation.load})`;
      why = `its work alone ran slower than one loop, though moving an input and its result costs only ${shortDuration(inputs.classified.transferNs ?? 0)} a task against a ${shortDuration(inputs.probe.callWallNs)} call${busy}`;
    }
    if (alternative.verdict === 'slower' && lossTo === 'slower' && gilBound(alternative.mode, inputs)) {
      // Slower than one loop with threads on work that holds the GIL: the GIL, and the switching between threads.
      lossTo = 'the-gil';
      why = `the GIL: one thread runs Python at a time, and handing it between threads costs (in the probe two threads kept ${inputs.probe.twoThreadsCpuPerWall?.toFixed(2) ?? '?'} CPUs busy)`;
    }
    if (cell?.chunksizeSet === true && chunksize === 1 && alternative.verdict === 'slower') {
      const handover = modeSpec(alternative.mode).startsProcesses || alternative.mode === 'interpreters' ? inputs.probe.processHandoverNs : inputs.probe.threadHandoverNs;
      lossTo = 'hand-overs';
      why = `hand-overs: one task at a time (executor.map's default) costs ${shortDuration(handover ?? 0)} a hand-over against a ${shortDuration(inputs.probe.callWallNs)} call; chunks pay it once per chunk`;
    }
    return { mode: alternative.mode, workers: alternative.workers, chunksize, speedup: alternative.gain, verdict: alternative.verdict, lossTo, why };
  });
  for (const cell of inputs.cells) {
    if (cell.status === 'ok' || cell.status === 'skipped') continue;
    const verdict = cell.status === 'unsupported' ? 'unsupported' : 'failed';
    out.push({ mode: cell.key.mode, workers: cell.key.workers, chunksize: null, speedup: null, verdict, lossTo: null, why: cell.reason ?? cell.status });
  }
  return out;
}

/** The recommended cell with its reasons and code, or null when there is none to give. */
function recommendationOf(recommendation: Recommendation, inputs: AdviceInputs, verdict: AdviceVerdict): AdviceRecommendation | null {
  const pick = recommendation.pick;
  if (pick === null || (verdict !== 'parallelise' && verdict !== 'do-not-parallelise' && verdict !== 'no-baseline')) return null;
  const cell = inputs.cells.find((one) => one.id === pick.id);
  const chunksize = cell?.chunksize ?? null;
  const why = verdict === 'do-not-parallelise' ? doNotText(recommendation, inputs) : parallelText(recommendation, inputs);
  const code = snippet({
    mode: pick.mode,
    workers: pick.workers,
    chunksize,
    fineGrained: inputs.classified.classification === 'fine-grained',
    module: inputs.module,
    syncName: inputs.syncName,
    asyncName: inputs.asyncName,
    tasks: inputs.tasks.count,
    inputs: inputs.tasks.inputs ?? null,
  });
  return { mode: pick.mode, workers: pick.workers, chunksize, speedup: pick.gain, why, snippet: code };
}

/** Why a model suits the work, by the model (threads: by what the probe saw of the GIL). */
function modelFit(mode: Mode, classified: ClassifiedProbe): string {
  switch (mode) {
    case 'threading':
    case 'async-threads': {
      const how = mode === 'threading' ? 'threads' : 'an event loop handing the calls to threads';
      if (classified.releasesGil === true && classified.nature !== 'waits') return `the calls release the GIL, so ${how} run them in parallel`;
      return `${how} overlap the waits`;
    }
    case 'multiprocessing':
      return 'processes run the calls on every CPU, each with its own GIL';
    case 'interpreters':
      return 'each subinterpreter has its own GIL, within one process';
    case 'asyncio':
      return 'one event loop keeps the calls in flight together';
    case 'process-loops':
      return 'each process runs its own event loop over a share of the calls';
    case 'async-processes':
      return 'an event loop hands the calls to processes';
    case 'sequential':
      return 'one loop';
  }
}

/** The knee in words: the fewest workers within the noise of the best, or that the curve was still rising. */
export function kneeText(knee: NonNullable<Recommendation['knee']>): string {
  if (knee.stillRising) return `still rising at ${knee.workers}, the most tried: more may help (--max-workers caps the sweep, --tasks sets how far it goes)`;
  const more = knee.tried.filter((workers) => workers > knee.workers);
  return `${knee.workers} is the knee: ${more.join(', ')} gain${more.length === 1 ? 's' : ''} nothing beyond the noise`;
}

/** Why the pick: its gain with its interval, what the probe says makes it fit, the knee and the ties. */
function parallelText(recommendation: Recommendation, inputs: AdviceInputs): string {
  const pick = recommendation.pick;
  if (pick === null) return '';
  // The speedup is the headline's (and the document's `speedup`): the reasons follow it.
  const parts = [modelFit(pick.mode, inputs.classified)];
  parts.push(`the probe: ${inputs.classified.why}`);
  const knee = recommendation.knee;
  if (knee !== null) parts.push(kneeText(knee));
  if (recommendation.preferred !== null && recommendation.best?.mode !== pick.mode) parts.push(`tied with the fastest, ${recommendation.best?.mode ?? '?'}: ${recommendation.preferred}`);
  return parts.join('; ');
}

/** Why one loop: nothing beat it beyond the noise, and what the probe says stands in the way. */
function doNotText(recommendation: Recommendation, inputs: AdviceInputs): string {
  const best = recommendation.best;
  const closest = best === null || best.mode === 'sequential' || best.gain === null ? '' : ` (closest: ${best.mode} with ${workersText(best.mode, best.workers)}, ${ratioIntervalText(best.gain)})`;
  return `nothing beat one loop beyond the noise${closest}; the probe: ${inputs.classified.why}`;
}

function notesOf(recommendation: Recommendation, inputs: AdviceInputs): string[] {
  const notes: string[] = [];
  if (inputs.document.interrupted) notes.push('Interrupted: the advice covers only the cells that finished before it.');
  if (!inputs.probe.deterministic) notes.push(`Results differ from run to run (${inputs.probe.nondeterminism ?? 'two calls disagreed'}): each model's results were checked by count and type only.`);
  if (inputs.tasks.source === 'probe') notes.push(`${defaultTaskReason(inputs.tasks.count, inputs.probe)}.`);
  if (inputs.plan.leftOut > 0) notes.push(`The budget (${inputs.budgetS} s) left out ${inputs.plan.leftOut} cell(s) of the experiment; a larger --budget measures them.`);
  if (recommendation.load !== null) notes.push(`Measured under load: ${recommendation.load}.`);
  if (inputs.probe.teardownError !== undefined) notes.push(inputs.probe.teardownError);
  return notes;
}

/** The verdict of the judgement, in advise's words. */
function verdictOf(recommendation: Recommendation): AdviceVerdict {
  return recommendation.verdict === 'sequential' ? 'do-not-parallelise' : recommendation.verdict;
}

/** The advice (pure): the same judgement as every table of `run`, over the experiment's cells, said in the probe's terms. */
export function buildAdvice(inputs: AdviceInputs): Advice {
  const nature = inputs.classified.nature;
  const recommendation = recommend({
    cells: inputs.cells,
    figure: { ...DEFAULT_GOAL, of: (cell) => goalFigure(cell, DEFAULT_GOAL) },
    usableCpus: inputs.usableCpus,
    // Whether threads run this work one at a time: not where the probe saw the function release the GIL.
    gilEnabled: inputs.gilEnabled && inputs.classified.releasesGil !== true,
    // From the probe, whose waiting share counts run-queue time as computing: a busy machine does not make the work look idle.
    aspects: { io: nature === 'waits' || nature === 'mixed', cpu: nature !== 'waits' },
    tasksParam: 'tasks',
  });
  const verdict = verdictOf(recommendation);
  const advice: Advice = {
    schema: ADVICE_SCHEMA,
    tool: { name: 'pyconc', version: VERSION },
    target: inputs.target,
    python: inputs.document.interpreters[0]?.id ?? '',
    tasks: inputs.tasks,
    probe: adviceProbe(inputs.probe, inputs.classified),
    experiment: {
      budgetS: inputs.budgetS,
      elapsedS: Number((inputs.elapsedNs / 1e9).toFixed(1)),
      cells: inputs.plan.cells.length,
      leftOut: inputs.plan.leftOut,
    },
    verdict,
    recommendation: recommendationOf(recommendation, inputs, verdict),
    knee: verdict === 'parallelise' ? recommendation.knee : null,
    alternatives: alternativesOf(recommendation, inputs),
    notes: notesOf(recommendation, inputs),
    text: recommendation.text.replace(/^→ /, ''),
    results: { ...inputs.document, recommendations: [recommendation] },
  };
  return advice;
}
