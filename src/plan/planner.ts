import { UsageError } from '../core/errors.js';
import { MODES, type Mode } from '../core/modes.js';
import type { ParamValue, Scenario, WorkerCount } from '../catalogue/scenario-schema.js';
import type { Interpreter } from '../python/interpreter.js';
import type { RunOptions } from '../options.js';
import type { CellKey } from '../results/results-schema.js';
import { excludedModes, isExcluded, parameterGrid } from '../catalogue/parameter-grid.js';

/** One cell to measure: scenario × mode × workers × params × interpreter. */
export interface PlannedCell {
  readonly key: CellKey;
  readonly scenario: Scenario;
  readonly interpreter: Interpreter;
  /** Set when the scenario declares the mode unsupported: the cell is reported, never run. */
  readonly unsupportedReason: string | null;
}

/** Cells sharing scenario, params and interpreter: sampled interleaved, compared against their sequential cell. */
export interface CellGroup {
  readonly scenario: Scenario;
  readonly interpreter: Interpreter;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly cells: readonly PlannedCell[];
}

type PlanOptions = Pick<RunOptions, 'modes' | 'workers' | 'params' | 'quick'>;

function coerce(scenario: Scenario, name: string, raw: string): ParamValue {
  const param = scenario.params[name];
  if (param?.type !== 'number') return raw;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`--param ${name}: "${raw}" is not a number (scenario ${scenario.name} expects a number)`);
  }
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

/** Builds the run's cell groups in catalogue order. Sequential always runs: it is the baseline. */
export function planRun(
  scenarios: readonly Scenario[],
  interpreters: readonly Interpreter[],
  options: PlanOptions,
  usableCpus: number,
): CellGroup[] {
  checkParamNames(scenarios, options.params);
  const groups: CellGroup[] = [];
  for (const scenario of scenarios) {
    const values: Record<string, readonly ParamValue[]> = {};
    for (const [name, param] of Object.entries(scenario.params)) {
      const override = options.params[name];
      values[name] = override === undefined ? (options.quick ? param.quick : param.defaults) : override.map((raw) => coerce(scenario, name, raw));
    }
    // An exclusion applies to the scenario's own scans: values asked for with --param always run.
    const exclude = scenario.exclude.filter((exclusion) => Object.keys(exclusion.params).every((name) => options.params[name] === undefined));
    const workers = resolveWorkers(options.workers ?? (options.quick ? scenario.workers.quick : scenario.workers.defaults), usableCpus);
    const wanted = (mode: Mode): boolean => mode === 'sequential' || options.modes === null || options.modes.includes(mode);
    const modes = MODES.filter((mode) => (scenario.modes.includes(mode) || scenario.unsupported[mode] !== undefined) && wanted(mode));
    for (const interpreter of interpreters) {
      for (const params of parameterGrid(values).filter((combination) => !isExcluded(combination, exclude))) {
        const cells: PlannedCell[] = [];
        const leftOut = excludedModes(params, exclude);
        for (const mode of modes.filter((mode) => !leftOut.has(mode))) {
          const unsupportedReason = scenario.unsupported[mode] ?? null;
          const counts = mode === 'sequential' || unsupportedReason !== null ? [1] : workers;
          for (const count of counts) {
            cells.push({
              key: { scenario: scenario.name, mode, workers: count, params, python: interpreter.id },
              scenario,
              interpreter,
              unsupportedReason,
            });
          }
        }
        groups.push({ scenario, interpreter, params, cells });
      }
    }
  }
  return groups;
}

/** A stable string for a cell key, for maps and progress lines. */
export function cellId(key: CellKey): string {
  const params = Object.entries(key.params).map(([name, value]) => `${name}=${value}`).join(',');
  return `${key.scenario}/${key.mode}/w${key.workers}/${params}/${key.python}`;
}
