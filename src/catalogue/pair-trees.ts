import { isDeepStrictEqual } from 'node:util';
import { InputError } from '../core/errors.js';
import type { Scenario } from './scenario-schema.js';

/** What must be the same in both trees of an A/B run for their cells to be comparable. */
function shape(scenario: Scenario): unknown {
  const params = Object.fromEntries(
    Object.entries(scenario.params).map(([name, param]) => [name, { type: param.type, defaults: param.defaults, quick: param.quick }]),
  );
  return { params, workers: scenario.workers, modes: scenario.modes, exclude: scenario.exclude };
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
    if (!isDeepStrictEqual(shape(candidate), shape(baseline))) {
      throw new InputError(`${candidate.file} and ${baseline.file}: scenario "${candidate.name}" differs between the trees in its parameters, workers or modes, so their cells cannot be compared`);
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
