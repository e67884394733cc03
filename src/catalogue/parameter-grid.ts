import type { Exclusion, ParamValue } from '../catalogue/scenario-schema.js';
import type { Mode } from '../core/modes.js';

type Combination = Readonly<Record<string, ParamValue>>;

/** The cartesian product of each parameter's values, in declaration order. */
export function parameterGrid(values: Readonly<Record<string, readonly ParamValue[]>>): Record<string, ParamValue>[] {
  let grid: Record<string, ParamValue>[] = [{}];
  for (const [name, list] of Object.entries(values)) {
    grid = grid.flatMap((partial) => list.map((value) => ({ ...partial, [name]: value })));
  }
  return grid;
}

/** Whether a combination holds every name: value of an exclusion's `params`. */
export function matches(combination: Combination, exclusion: Exclusion): boolean {
  return Object.entries(exclusion.params).every(([name, value]) => combination[name] === value);
}

/** Whether a combination is left out altogether: it matches an exclusion that names no modes. */
export function isExcluded(combination: Combination, exclude: readonly Exclusion[]): boolean {
  return exclude.some((exclusion) => exclusion.modes === undefined && matches(combination, exclusion));
}

/** The modes left out of a combination that still runs: those of the exclusions it matches. */
export function excludedModes(combination: Combination, exclude: readonly Exclusion[]): Set<Mode> {
  return new Set(exclude.flatMap((exclusion) => (exclusion.modes !== undefined && matches(combination, exclusion) ? exclusion.modes : [])));
}
