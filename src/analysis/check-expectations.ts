import type { Expectation } from '../catalogue/scenario-schema.js';
import { formatParams, groupId } from '../core/cell-key.js';
import { busyDuringRun } from '../env/noise.js';
import type { MachineInfo } from '../env/machine.js';
import type { Interval } from '../core/interval.js';
import { findMetric, type FindingBasis } from '../core/metrics.js';
import type { Cell, Finding } from '../results/results-schema.js';
import { formatEstimate } from '../stats/shared-precision.js';
import { cellConcurrency, concurrencyAspects, labelWithConcurrency, type ConcurrencyAspects } from './concurrency.js';
import { metricInterval } from './metric-values.js';

/** What the findings read of a scenario: its name and claims, its kind and ideal (a scenario record of a document will do). */
export type ClaimingScenario = {
  readonly name: string;
  readonly expectations?: readonly Expectation[];
  readonly kind?: 'io' | 'cpu' | 'mixed' | undefined;
  readonly ideal?: { readonly model: string; readonly tasks?: string } | null | undefined;
};

/** What the findings read of the machine: its CPUs and how busy other work kept it during the run. */
export type CheckedRun = Pick<MachineInfo, 'usableCpus'> & Partial<Pick<MachineInfo, 'loadDuringRun'>> & {
  /** The run's interpreters: whether each ran with the GIL and its default start method, for claims made `when: {gil}` or `when: {startMethod}`. */
  readonly interpreters?: readonly { readonly id: string; readonly gilEnabled: boolean; readonly startMethod?: string }[];
  /** `--start-method` of the run; null or absent: each interpreter's default. */
  readonly startMethod?: string | null;
};

/** The start method a cell's process modes used: the run's `--start-method`, else its interpreter's default; undefined when not recorded. */
function startMethodOf(python: string, run: CheckedRun | undefined): string | undefined {
  return run?.startMethod ?? run?.interpreters?.find((interpreter) => interpreter.id === python)?.startMethod;
}

/**
 * Whether a group's interpreter was in the state a claim's `when` names. The GIL state is the
 * interpreter record's (`gilEnabled`, as run); an interpreter the run does not record is in no known
 * GIL state, so a claim about one is not judged on it. A start method not recorded (documents
 * older than the field) does not exclude it.
 */
function inState(python: string, when: Expectation['when'], run: CheckedRun | undefined): boolean {
  if (when === undefined) return true;
  if (when.gil !== undefined && gilEnabledOf(python, run) !== when.gil) return false;
  const method = when.startMethod === undefined ? undefined : startMethodOf(python, run);
  return method === undefined || method === when.startMethod;
}

/** Whether the interpreter of a cell ran with its GIL, as its record says; undefined when the run does not record it. */
function gilEnabledOf(python: string, run: CheckedRun | undefined): boolean | undefined {
  return run?.interpreters?.find((interpreter) => interpreter.id === python)?.gilEnabled;
}

/**
 * How far beyond the claimed value an interval must lie before the claim is contradicted: 5%
 * relative. Interleaving spreads a machine's drift over every mode, but a run-to-run shift of a few
 * percent (clock, cache, neighbours) stays, and a claim must not flip on it from one run to the next.
 */
export const CONTRADICTION_MARGIN = 0.05;

/** Which values a claim's metric reads (the registry row's basis): warm ones only for the warm metrics; the work alone for the work figures and the ideal. */
function metricBasis(metric: Expectation['metric']): FindingBasis {
  return findMetric(metric)?.basis ?? 'whole-sample';
}

/** How the evidence names the values it used, where the run had warm ones to choose from. */
const BASIS_WORDS: Readonly<Record<FindingBasis, string>> = {
  'whole-sample': 'on the whole sample (cold)',
  'cold-work': 'on the cold work time',
  'warm-work': 'on the warm work time',
};

/** metric(a) / metric(b), with the conservative interval of a ratio of positive intervals. */
export function ratioInterval(a: Interval, b: Interval): Interval | null {
  if (b.value <= 0 || b.ciLow <= 0) return null;
  return { value: a.value / b.value, ciLow: a.ciLow / b.ciHigh, ciHigh: a.ciHigh / b.ciLow };
}

/**
 * confirmed when the whole interval is on the claimed side, contradicted when wholly on the other
 * and clear of the claimed value by `margin` (relative), else inconclusive.
 */
export function verdictOf(interval: Interval, op: '<=' | '>=', value: number, margin = 0): Finding['verdict'] {
  const beyond = Math.abs(value) * margin;
  if (op === '>=') return interval.ciLow >= value ? 'confirmed' : interval.ciHigh < value - beyond ? 'contradicted' : 'inconclusive';
  return interval.ciHigh <= value ? 'confirmed' : interval.ciLow > value + beyond ? 'contradicted' : 'inconclusive';
}

/** Why no cell answers a claim, exactly: what ran of the mode, and what the claim needs. */
function missingText(cells: readonly Cell[], mode: string, workers: number | undefined): string {
  const ofMode = cells.filter((cell) => cell.key.mode === mode);
  if (ofMode.length === 0) return `no ${mode} cell ran`;
  const ok = ofMode.filter((cell) => cell.status === 'ok');
  const atWorkers = workers === undefined ? ofMode : ofMode.filter((cell) => cell.key.workers === workers);
  if (atWorkers.length === 0) {
    const ran = [...new Set(ofMode.map((cell) => cell.key.workers))].sort((a, b) => a - b).map((w) => `w=${w}`).join(', ');
    return `${mode} ran at ${ran} only; the claim needs w=${workers ?? '?'}`;
  }
  const failed = atWorkers.find((cell) => cell.status !== 'ok');
  if (failed !== undefined && ok.every((cell) => workers !== undefined && cell.key.workers !== workers)) {
    return `${mode}${workers === undefined ? '' : ` w=${workers}`} is ${failed.status}${failed.reason === null ? '' : ` (${failed.reason})`}`;
  }
  return `no ok ${mode} cell`;
}

function pickCell(cells: readonly Cell[], mode: string, workers: number | undefined): Cell | undefined {
  const candidates = cells.filter((cell) => cell.key.mode === mode && cell.status === 'ok');
  if (workers !== undefined) return candidates.find((cell) => cell.key.workers === workers);
  return candidates.sort((a, b) => b.key.workers - a.key.workers)[0];
}

/**
 * The ok cell of `mode` whose real concurrency matches `like`'s in what the scenario is about (tasks
 * in flight, CPUs), the same w first: `asyncio w=24` is compared with `process-loops w=4` only if
 * nothing else keeps 24 tasks in flight.
 */
function likeCell(cells: readonly Cell[], mode: string, like: Cell, aspects: ConcurrencyAspects, tasksParam: string | undefined): Cell | undefined {
  if (!aspects.io && !aspects.cpu) return undefined;
  const want = cellConcurrency(like.key, tasksParam);
  const same = cells.filter((cell) => {
    if (cell.key.mode !== mode || cell.status !== 'ok') return false;
    const have = cellConcurrency(cell.key, tasksParam);
    return (!aspects.io || have.inFlight === want.inFlight) && (!aspects.cpu || have.cpus === want.cpus);
  });
  return same.find((cell) => cell.key.workers === like.key.workers) ?? same[0];
}

/**
 * How busy other work kept the machine while this group's cells were sampled (the run's average can
 * hide a build that ran during one scenario); null when it stayed quiet, undefined when not measured.
 */
function groupBusy(group: readonly Cell[], run: CheckedRun | undefined): string | null | undefined {
  const load = group.find((cell) => cell.loadDuringGroup !== undefined)?.loadDuringGroup;
  if (load === undefined || run === undefined) return undefined;
  return busyDuringRun({ usableCpus: run.usableCpus, loadDuringRun: load }, 'while these cells ran');
}

/** What judging one claim on one group needs besides the claim and the group. */
interface ClaimContext {
  readonly base: Pick<Finding, 'scenario' | 'claim'>;
  /** ` [tasks=8 cpython-3.13.1t]` where the claim is judged on several groups; else empty. */
  readonly where: string;
  readonly label: (cell: Cell) => string;
  readonly aspects: ConcurrencyAspects;
  readonly tasksParam: string | undefined;
  readonly usableCpus: number;
  readonly run: CheckedRun | undefined;
  /** How busy the run as a whole kept the machine (null: quiet). */
  readonly busy: string | null;
}

/** The cells a claim compares in a group: its mode's, and the `than` mode's like it (same concurrency where it matters). */
function claimCells(group: readonly Cell[], expectation: Expectation, ctx: ClaimContext): { cell: Cell | undefined; other: Cell | undefined } {
  const cell = pickCell(group, expectation.mode, expectation.workers);
  const other = expectation.than === undefined
    ? undefined
    : (expectation.workers === undefined && cell !== undefined ? likeCell(group, expectation.than, cell, ctx.aspects, ctx.tasksParam) : undefined) ??
      pickCell(group, expectation.than, expectation.workers ?? cell?.key.workers) ??
      pickCell(group, expectation.than, undefined);
  return { cell, other };
}

/** One claim judged on one group: its metric's interval (or the ratio to the `than` mode's) against the claimed value. */
function judgeClaim(group: readonly Cell[], expectation: Expectation, ctx: ClaimContext): Finding {
  const { base, where, label } = ctx;
  if (expectation.minUsableCpus !== undefined && ctx.usableCpus < expectation.minUsableCpus) {
    return { ...base, verdict: 'inconclusive', evidence: `needs ≥ ${expectation.minUsableCpus} usable CPUs; this machine has ${ctx.usableCpus}${where}` };
  }
  const { cell, other } = claimCells(group, expectation, ctx);
  const basis = metricBasis(expectation.metric);
  const warmHint = basis === 'warm-work' ? ' (warm values need --values-per-process 2 or more)' : '';
  const a = cell === undefined ? null : metricInterval(cell, expectation.metric);
  const b = other === undefined ? null : metricInterval(other, expectation.metric);
  if (cell === undefined || a === null || (expectation.than !== undefined && (other === undefined || b === null))) {
    const missing = cell === undefined
      ? missingText(group, expectation.mode, expectation.workers)
      : a === null
        ? `${label(cell)} has no ${expectation.metric}${warmHint}`
        : other === undefined
          ? missingText(group, expectation.than ?? '', undefined)
          : `${label(other)} has no ${expectation.metric}${warmHint}`;
    return { ...base, verdict: 'inconclusive', evidence: `not measured: ${missing}${where}`, notMeasured: true };
  }
  const interval = b === null ? a : ratioInterval(a, b);
  if (interval === null) return { ...base, verdict: 'inconclusive', evidence: `cannot compare with a zero ${expectation.metric}${where}` };
  // Named where the run had warm values to choose from (K > 1), or the claim asks for them.
  const named = basis === 'warm-work' || cell.summary?.warmWorkNs !== undefined ? ` ${BASIS_WORDS[basis]}` : '';
  const what = `${other === undefined ? label(cell) : `${label(cell)} / ${label(other)}`} ${expectation.metric}${named}`;
  const estimate = formatEstimate(interval.value, interval.ciLow, interval.ciHigh).replace(' (', ' (95% CI ');
  const evidence = `${what} = ${estimate}, claimed ${expectation.op} ${expectation.value}${where}`;
  const verdict = verdictOf(interval, expectation.op, expectation.value, CONTRADICTION_MARGIN);
  const measured = groupBusy(group, ctx.run);
  const busyHere = measured === undefined ? ctx.busy : measured;
  if (verdict === 'contradicted' && busyHere !== null) {
    return { ...base, verdict: 'inconclusive', evidence: `${evidence}; contradicted under load (${busyHere}): rerun on a quiet machine before trusting it`, contradictedUnderLoad: true, basis };
  }
  if (verdict === 'inconclusive' && verdictOf(interval, expectation.op, expectation.value) === 'contradicted') {
    return { ...base, verdict, evidence: `${evidence}; short of the claim, but by less than the ${CONTRADICTION_MARGIN * 100}% a run-to-run drift can move it`, basis };
  }
  return { ...base, verdict, evidence, basis };
}

/** Cells by their group (scenario, params, interpreter, variant), in their order. */
function groupsOf(cells: readonly Cell[]): Map<string, Cell[]> {
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const id = groupId(cell.key);
    groups.set(id, [...(groups.get(id) ?? []), cell]);
  }
  return groups;
}

/** Checks each scenario's declared expectations against the measured cells, one finding per claim and cell group. */
export function checkExpectations(scenarios: readonly ClaimingScenario[], cells: readonly Cell[], usableCpus: number, run?: CheckedRun): Finding[] {
  const findings: Finding[] = [];
  // A busy machine slows the parallel modes most: what it contradicts is kept apart, not trusted.
  const busy = run === undefined ? null : busyDuringRun(run);
  for (const scenario of scenarios) {
    const aspects = concurrencyAspects(scenario);
    const tasksParam = scenario.ideal?.model === 'io' ? scenario.ideal.tasks : undefined;
    const label = (cell: Cell): string => labelWithConcurrency(cell.key, aspects, tasksParam);
    // Shard copies of another shard's baseline are not this document's evidence twice.
    const own = cells.filter((cell) => cell.key.scenario === scenario.name && cell.baselineCopy !== true);
    const groups = groupsOf(own);
    for (const expectation of scenario.expectations ?? []) {
      const base = { scenario: scenario.name, claim: expectation.claim };
      const when = expectation.when;
      const judged = [...groups.values()].filter((group) => inState(group[0]?.key.python ?? '', when, run));
      // A claim about another GIL state or start method than any that ran is not this run's to judge.
      if (when !== undefined && judged.length === 0) continue;
      const matching = judged.filter((group) =>
        Object.entries(expectation.params ?? {}).every(([name, value]) => group[0]?.key.params[name] === value),
      );
      if (matching.length === 0) {
        if (own.length > 0) findings.push({ ...base, verdict: 'inconclusive', evidence: 'not measured: the cells this claim is about did not run', notMeasured: true });
        continue;
      }
      for (const group of matching) {
        const first = group[0];
        const several = (pick: (cell: Cell) => string | undefined): boolean => new Set(own.map(pick)).size > 1;
        const where = matching.length > 1 || groups.size > 1
          ? ` [${[formatParams(first?.key.params ?? {}), several((c) => c.key.python) ? first?.key.python : '', several((c) => c.key.variant) ? first?.key.variant : ''].filter((part) => part !== '' && part !== undefined).join(' ')}]`
          : '';
        findings.push(judgeClaim(group, expectation, { base, where, label, aspects, tasksParam, usableCpus, run, busy }));
      }
    }
  }
  return findings;
}
