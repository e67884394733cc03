import { describe, expect, it } from 'vitest';
import { planRun } from '../../src/plan/planner.js';
import { shardOf, shardPlan } from '../../src/plan/shard.js';
import { makeInterpreter, makeScenario } from '../helpers/scenario.js';

describe('shards', () => {
  const scenario = makeScenario({ workers: { defaults: [1, 2, 3, 4], quick: [1] }, params: { tasks: { type: 'number', defaults: [4, 8], quick: [4], description: 'tasks' } } });
  const groups = planRun([scenario], [makeInterpreter()], { modes: null, workers: null, params: {}, quick: false }, 4);
  const all = groups.flatMap((group) => group.cells);

  it('give every cell to exactly one shard, by its id', () => {
    for (const count of [2, 3]) {
      const ownedBy = (k: number) => shardPlan(groups, k, count).flatMap((group) => group.cells.filter((cell) => cell.baselineCopy !== true));
      const owned = Array.from({ length: count }, (_, k) => ownedBy(k + 1));
      expect(owned.flat().map((cell) => cell.id).sort()).toEqual(all.map((cell) => cell.id).sort());
      for (const cell of all) expect(owned[shardOf(cell.id, count) - 1]?.some((mine) => mine.id === cell.id)).toBe(true);
    }
  });

  it('run the sequential baseline of every group they own a cell of, as a copy where another shard owns it', () => {
    for (const k of [1, 2, 3]) {
      for (const group of shardPlan(groups, k, 3)) {
        if (group.cells.some((cell) => cell.key.mode !== 'sequential')) expect(group.cells.some((cell) => cell.key.mode === 'sequential')).toBe(true);
        for (const cell of group.cells) expect(cell.baselineCopy === true).toBe(shardOf(cell.id, 3) !== k);
      }
    }
  });
});

describe('shards of a run of two interpreters', () => {
  it('copy the sequential baseline of each interpreter whose other cells they own, and only those', () => {
    const scenario = makeScenario({ workers: { defaults: [1, 2, 3, 4], quick: [1] } });
    const groups = planRun([scenario], [makeInterpreter(), makeInterpreter({ id: 'cpython-3.12.1', executable: '/usr/bin/python3.12' })], { modes: null, workers: null, params: {}, quick: false }, 4);
    for (const k of [1, 2, 3]) {
      for (const group of shardPlan(groups, k, 3)) {
        for (const python of ['cpython-3.11.7', 'cpython-3.12.1']) {
          const mine = group.cells.filter((cell) => cell.key.python === python);
          const ownsOther = mine.some((cell) => cell.key.mode !== 'sequential');
          const sequential = mine.filter((cell) => cell.key.mode === 'sequential');
          if (ownsOther) expect(sequential).toHaveLength(1);
          for (const cell of sequential) expect(cell.baselineCopy !== true || ownsOther).toBe(true);
        }
      }
    }
  });
});

describe('planRun with capabilities and variants', () => {
  it('marks a process mode unsupported before any sample when the start method is not available to the interpreter', () => {
    const scenario = makeScenario();
    const [group] = planRun([scenario], [makeInterpreter({ startMethods: ['spawn'] })], { modes: null, workers: [2], params: {}, quick: false, startMethod: 'fork' }, 2);
    const mp = group?.cells.find((cell) => cell.key.mode === 'multiprocessing');
    expect(mp?.unsupportedReason).toMatch(/start method fork is not available to cpython-3\.11\.7/);
    expect(group?.cells.find((cell) => cell.key.mode === 'threading')?.unsupportedReason).toBeNull();
  });

  it('puts baseline and candidate side by side in one group', () => {
    const candidate = makeScenario({ variant: 'candidate' });
    const baseline = makeScenario({ variant: 'baseline', workload: '/tmp/base/demo.py' });
    const [group] = planRun([candidate], [makeInterpreter()], { modes: ['threading'], workers: [2], params: {}, quick: false }, 2, [baseline]);
    expect(group?.cells.map((cell) => `${cell.key.mode}:${cell.key.variant}`)).toEqual(['sequential:baseline', 'sequential:candidate', 'threading:baseline', 'threading:candidate']);
    expect(group?.cells[0]?.scenario.workload).toBe('/tmp/base/demo.py');
    expect(new Set(group?.cells.map((cell) => cell.id)).size).toBe(4);
  });
});
