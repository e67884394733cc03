import { groupId } from '../core/cell-key.js';
import { BASELINE_MODE } from '../core/modes.js';
import type { CellGroup, PlannedCell } from './planner.js';

/** Which of `count` shards owns a cell: its id (a hash) modulo the count, so every machine agrees. */
export function shardOf(id: string, count: number): number {
  return (Number.parseInt(id.slice(0, 8), 16) % count) + 1;
}

/**
 * The share of the plan that shard `index` of `count` runs: the cells it owns, plus, in every group
 * where it owns a cell, that group's sequential cells (marked as copies when another shard owns
 * them), so each shard's speedups stand alone. `pyconc merge` keeps only the owners.
 */
export function shardPlan(groups: readonly CellGroup[], index: number, count: number): CellGroup[] {
  const out: CellGroup[] = [];
  for (const group of groups) {
    const owned = (cell: PlannedCell): boolean => shardOf(cell.id, count) === index;
    if (!group.cells.some(owned)) continue;
    // One plan group holds every interpreter; each interpreter's baseline is its own (groupId includes python).
    const needsBaseline = new Set(group.cells.filter((cell) => owned(cell) && cell.key.mode !== BASELINE_MODE).map((cell) => groupId(cell.key)));
    const cells = group.cells.flatMap((cell): PlannedCell[] => {
      if (owned(cell)) return [cell];
      return needsBaseline.has(groupId(cell.key)) && cell.key.mode === BASELINE_MODE ? [{ ...cell, baselineCopy: true }] : [];
    });
    out.push({ ...group, cells });
  }
  return out;
}
