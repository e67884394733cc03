import type { ParamValue } from '../catalogue/scenario-schema.js';

type Combination = Readonly<Record<string, ParamValue>>;

/** The cartesian product of each parameter's values, in declaration order. */
export function parameterGrid(values: Readonly<Record<string, readonly ParamValue[]>>): Record<string, ParamValue>[] {
  let grid: Record<string, ParamValue>[] = [{}];
  for (const [name, list] of Object.entries(values)) {
    grid = grid.flatMap((partial) => list.map((value) => ({ ...partial, [name]: value })));
  }
  return grid;
}

/** Whether a combination matches every name: value of at least one of a scenario's `exclude` entries. */
export function isExcluded(combination: Combination, exclude: readonly Combination[]): boolean {
  return exclude.some((entry) => Object.entries(entry).every(([name, value]) => combination[name] === value));
}
