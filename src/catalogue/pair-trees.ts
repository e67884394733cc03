import { isDeepStrictEqual } from 'node:util';
import { InputError } from '../core/errors.js';
import type { Scenario } from './scenario-schema.js';

/** What must be the same in both trees of an A/B run for their cells to be comparable, under the scenario file's field names. */
function shape(scenario: Scenario): unknown {
  // A value's type shows in the values themselves (4 against "4").
  const params = Object.fromEntries(Object.entries(scenario.params).map(([name, param]) => [name, { default: param.defaults, quick: param.quick }]));
  return { params, workers: { default: scenario.workers.defaults, quick: scenario.workers.quick }, modes: scenario.modes, exclude: scenario.exclude };
}

/** `[2,4]`, `"csv"`, `(none)`: a value of the shape as a scenario file would show it. */
function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

/**
 * Every field where two shapes differ, as `path: X in the candidate, Y in the baseline`. Objects
 * are compared field by field, anything else (lists included) whole.
 */
export function shapeDifferences(candidate: unknown, baseline: unknown, path = ''): string[] {
  if (isDeepStrictEqual(candidate, baseline)) return [];
  const objects = [candidate, baseline].every((value) => value !== null && typeof value === 'object' && !Array.isArray(value));
  if (!objects) return [`${path}: ${show(candidate)} in the candidate, ${show(baseline)} in the baseline`];
  const [a, b] = [candidate, baseline] as Record<string, unknown>[];
  const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
  return keys.flatMap((key) => shapeDifferences(a?.[key], b?.[key], path === '' ? key : `${path}.${key}`));
}

/**
 * Pairs each selected candidate scenario with the baseline tree's scenario of the same name, each
 * marked with its variant. A scenario present in one tree only, or whose parameters, workers or
 * modes differ between the trees, is an InputError naming both files.
 */
export function pairTrees(
  candidates: readonly Scenario[],
  baselines: readonly Scenario[],
  baselineDirs: readonly string[],
): { candidates: Scenario[]; baselines: Scenario[] } {
  const pairedBaselines: Scenario[] = [];
  for (const candidate of candidates) {
    const baseline = baselines.find((other) => other.name === candidate.name);
    if (baseline === undefined) {
      throw new InputError(`${candidate.file}: scenario "${candidate.name}" has no counterpart in the baseline tree (${baselineDirs.join(', ')})`);
    }
    const all = shapeDifferences(shape(candidate), shape(baseline));
    // A `quick` list the file leaves out is its `default`: the same difference once is enough.
    const differences = all.filter((line) => !(line.includes('.quick: ') && all.includes(line.replace('.quick: ', '.default: '))));
    if (differences.length > 0) {
      throw new InputError(
        `${candidate.file} and ${baseline.file}: scenario "${candidate.name}" differs between the trees (${differences.join('; ')}), so their cells cannot be compared`,
      );
    }
    pairedBaselines.push({ ...baseline, variant: 'baseline' });
  }
  return { candidates: candidates.map((candidate) => ({ ...candidate, variant: 'candidate' })), baselines: pairedBaselines };
}

/** In an A/B run without scenario names: every scenario of the candidate directories, each of which the baseline tree must have too. */
export function abSelection(candidates: readonly Scenario[], baselines: readonly Scenario[], baselineDirs: readonly string[]): Scenario[] {
  const own = candidates.filter((scenario) => !scenario.builtin);
  for (const baseline of baselines) {
    if (!own.some((scenario) => scenario.name === baseline.name)) {
      throw new InputError(`${baseline.file}: scenario "${baseline.name}" of the baseline tree (${baselineDirs.join(', ')}) has no counterpart in the candidate tree`);
    }
  }
  return own;
}
