import type { ParamValue, Scenario, WorkerCount } from '../catalogue/scenario-schema.js';
import { excludedModes, isExcluded, parameterGrid } from '../catalogue/parameter-grid.js';
import { paramValueProblem } from '../catalogue/scenario-rules.js';
import { cellId, type CellKey, type Variant } from '../core/cell-key.js';
import { UsageError } from '../core/errors.js';
import { BASELINE_MODE, MODES, type Mode } from '../core/modes.js';
import type { StartMethod } from '../core/settings.js';
import type { Interpreter } from '../python/interpreter.js';
import { unsupportedReason } from './capabilities.js';

/** One cell to measure: scenario × mode × workers × params × interpreter × variant. */
export interface PlannedCell {
  readonly id: string;
  readonly key: CellKey;
  /** The scenario as its variant's tree defines it (its workload path). */
  readonly scenario: Scenario;
  readonly interpreter: Interpreter;
  /** Set when the cell cannot run (the scenario documents why, or the interpreter lacks what the mode needs): reported, never run. */
  readonly unsupportedReason: string | null;
  /** A sequential cell another shard owns, run here only so that this shard's speedups stand alone. */
  readonly baselineCopy?: boolean;
  /** Tasks per hand-over in the pool modes, when `--chunksize` or a `chunksize` parameter sets it (absent: auto). */
  readonly chunksize?: number | 'auto';
}

/**
 * Cells sharing scenario and params, of every interpreter (and, in an A/B run, both variants): sampled
 * interleaved round by round. Each interpreter keeps its own sequential baseline (`groupId` includes `python`).
 */
export interface CellGroup {
  readonly scenario: Scenario;
  readonly interpreters: readonly Interpreter[];
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly cells: readonly PlannedCell[];
}

/** What the planner reads of the run's options. */
export interface PlanOptions {
  readonly modes: readonly Mode[] | null;
  readonly workers: readonly WorkerCount[] | null;
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly quick: boolean;
  readonly startMethod?: StartMethod | null;
  /** `--chunksize`: wins over a scenario's `chunksize` parameter; null or absent: the parameter, else auto. */
  readonly chunksize?: number | 'auto' | null;
}

/** A cell's chunk size: the flag, else its `chunksize` parameter (a positive integer or `auto`), else none (auto). */
export function cellChunksize(scenario: Scenario, params: Readonly<Record<string, ParamValue>>, flag: number | 'auto' | null | undefined): number | 'auto' | undefined {
  if (flag !== null && flag !== undefined) return flag;
  const value = params.chunksize;
  if (value === undefined || value === 'auto') return value;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1 || String(value).trim() === '') {
    throw new UsageError(`parameter chunksize: expected a positive integer or auto, got "${value}" (scenario ${scenario.name}, ${scenario.file})`);
  }
  return number;
}

function coerce(scenario: Scenario, name: string, raw: string): ParamValue {
  const param = scenario.params[name];
  if (param?.type !== 'number') return raw;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`--param ${name}: "${raw}" is not a number (scenario ${scenario.name} expects a number)`);
  }
  const problem = paramValueProblem(param, value);
  if (problem !== null) throw new UsageError(`--param ${name}: ${problem} (scenario ${scenario.name}, ${scenario.file})`);
  return value;
}

/** Resolves `auto` to the usable CPU count, dropping duplicates, ascending. */
export function resolveWorkers(counts: readonly WorkerCount[], usableCpus: number): number[] {
  return [...new Set(counts.map((count) => (count === 'auto' ? usableCpus : count)))].sort((a, b) => a - b);
}

/** Checks that every `--param` is defined by at least one of the selected scenarios. */
export function checkParamNames(scenarios: readonly Scenario[], params: Readonly<Record<string, readonly string[]>>): void {
  for (const name of Object.keys(params)) {
    if (!scenarios.some((scenario) => scenario.params[name] !== undefined)) {
      const names = scenarios.map((scenario) => scenario.name).join(', ');
      const defined = [...new Set(scenarios.flatMap((scenario) => Object.keys(scenario.params)))].join(', ');
      throw new UsageError(`--param ${name}: not a parameter of ${names} (parameters: ${defined})`);
    }
  }
}

/** The parameter combinations a scenario runs, in declaration order, each with the modes its exclusions leave out. */
function combinations(scenario: Scenario, options: PlanOptions): { params: Record<string, ParamValue>; leftOut: Set<Mode> }[] {
  const values: Record<string, readonly ParamValue[]> = {};
  for (const [name, param] of Object.entries(scenario.params)) {
    const override = options.params[name];
    values[name] = override === undefined ? (options.quick ? param.quick : param.defaults) : override.map((raw) => coerce(scenario, name, raw));
  }
  // An exclusion applies to the scenario's own scans: values asked for with --param always run.
  const exclude = scenario.exclude.filter((exclusion) => Object.keys(exclusion.params).every((name) => options.params[name] === undefined));
  return parameterGrid(values)
    .filter((combination) => !isExcluded(combination, exclude))
    .map((params) => ({ params, leftOut: excludedModes(params, exclude) }));
}

/**
 * Builds the run's cell groups in catalogue order. Sequential always runs: it is the baseline. With
 * `baselines` (an A/B run) each group holds both variants' cells, baseline and candidate side by
 * side, so every baseline sample is interleaved with a candidate one.
 */
export function planRun(
  scenarios: readonly Scenario[],
  interpreters: readonly Interpreter[],
  options: PlanOptions,
  usableCpus: number,
  baselines: readonly Scenario[] | null = null,
): CellGroup[] {
  checkParamNames(scenarios, options.params);
  const groups: CellGroup[] = [];
  for (const scenario of scenarios) {
    const baseline = baselines?.find((other) => other.name === scenario.name);
    const variants: [Scenario, Variant | undefined][] = baseline === undefined ? [[scenario, undefined]] : [[baseline, 'baseline'], [scenario, 'candidate']];
    const workers = resolveWorkers(options.workers ?? (options.quick ? scenario.workers.quick : scenario.workers.defaults), usableCpus);
    const wanted = (mode: Mode): boolean => mode === BASELINE_MODE || options.modes === null || options.modes.includes(mode);
    const modes = MODES.filter((mode) => (scenario.modes.includes(mode) || scenario.unsupported[mode] !== undefined) && wanted(mode));
    for (const { params, leftOut } of combinations(scenario, options)) {
      const chunksize = cellChunksize(scenario, params, options.chunksize);
      const cells: PlannedCell[] = [];
      for (const interpreter of interpreters) {
        for (const mode of modes.filter((mode) => !leftOut.has(mode))) {
          const reason = unsupportedReason(scenario, mode, interpreter, options.startMethod ?? null);
          const counts = mode === BASELINE_MODE || reason !== null ? [1] : workers;
          for (const count of counts) {
            for (const [own, variant] of variants) {
              const key: CellKey = { scenario: scenario.name, mode, workers: count, params, python: interpreter.id };
              if (variant !== undefined) key.variant = variant;
              cells.push({ id: cellId(key), key, scenario: own, interpreter, unsupportedReason: reason, ...(chunksize === undefined ? {} : { chunksize }) });
            }
          }
        }
      }
      groups.push({ scenario, interpreters, params, cells });
    }
  }
  return groups;
}
