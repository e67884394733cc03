import { groupId } from '../../src/core/cell-key.js';
import { describe, expect, it } from 'vitest';
import { planRun, resolveWorkers } from '../../src/plan/planner.js';
import { makeInterpreter, makeScenario } from '../helpers/scenario.js';

const base = { modes: null, workers: null, params: {}, quick: false };

describe('planRun', () => {
  it('makes one group per params combination with sequential once and every worker count', () => {
    const scenario = makeScenario({ params: { tasks: { type: 'number', defaults: [8, 16], quick: [4], description: '' } } });
    const groups = planRun([scenario], [makeInterpreter()], base, 2);
    expect(groups).toHaveLength(2);
    expect(groups[0]?.cells.map((cell) => `${cell.key.mode}:${cell.key.workers}`)).toEqual([
      'sequential:1', 'threading:2', 'threading:4', 'multiprocessing:2', 'multiprocessing:4', 'asyncio:1',
    ]);
    expect(groups[0]?.cells.at(-1)?.unsupportedReason).toBe('no async stage');
    expect(groups.map((group) => group.params['tasks'])).toEqual([8, 16]);
  });

  it('uses quick values and resolves auto', () => {
    const scenario = makeScenario({ workers: { defaults: [2], quick: ['auto', 1] } });
    const [group] = planRun([scenario], [makeInterpreter()], { ...base, quick: true }, 3);
    expect(group?.params).toEqual({ tasks: 4 });
    expect(group?.cells.filter((cell) => cell.key.mode === 'threading').map((cell) => cell.key.workers)).toEqual([1, 3]);
  });

  it('keeps sequential as the baseline when --modes leaves it out', () => {
    const [group] = planRun([makeScenario()], [makeInterpreter()], { ...base, modes: ['threading'], workers: [3] }, 2);
    expect(group?.cells.map((cell) => `${cell.key.mode}:${cell.key.workers}`)).toEqual(['sequential:1', 'threading:3']);
  });

  it('coerces --param values and rejects bad ones', () => {
    const [group] = planRun([makeScenario()], [makeInterpreter()], { ...base, params: { tasks: ['32'] } }, 2);
    expect(group?.params).toEqual({ tasks: 32 });
    expect(() => planRun([makeScenario()], [makeInterpreter()], { ...base, params: { tasks: ['many'] } }, 2)).toThrow(/--param tasks: "many" is not a number/);
    expect(() => planRun([makeScenario()], [makeInterpreter()], { ...base, params: { taks: ['3'] } }, 2)).toThrow(/--param taks: not a parameter of demo/);
  });

  it('leaves out excluded combinations of the scenario\'s own scans, but never values asked for with --param', () => {
    const scenario = makeScenario({
      params: {
        op: { type: 'string', defaults: ['sha', 'zip'], quick: ['sha'], description: '' },
        chunk: { type: 'number', defaults: [1, 64], quick: [1], description: '' },
      },
      exclude: [{ params: { op: 'zip', chunk: 64 } }, { params: { chunk: 64 }, modes: ['threading'] }],
    });
    const combinations = (params: Record<string, string[]>): string[] =>
      planRun([scenario], [makeInterpreter()], { ...base, params }, 2).map((group) => `${group.params['op']}/${group.params['chunk']}`);
    expect(combinations({})).toEqual(['sha/1', 'sha/64', 'zip/1']);
    expect(combinations({ chunk: ['64'] })).toEqual(['sha/64', 'zip/64']);
    const modes = planRun([scenario], [makeInterpreter()], base, 2).map((group) => [...new Set(group.cells.map((cell) => cell.key.mode))].join(','));
    expect(modes).toEqual(['sequential,threading,multiprocessing,asyncio', 'sequential,multiprocessing,asyncio', 'sequential,threading,multiprocessing,asyncio']);
  });

  it('samples the interpreters of one scenario × params in one group, each with its own sequential baseline', () => {
    const groups = planRun([makeScenario()], [makeInterpreter(), makeInterpreter({ id: 'cpython-3.12.1' })], base, 2);
    expect(groups).toHaveLength(1);
    const cells = groups[0]?.cells ?? [];
    expect(groups[0]?.interpreters.map((interpreter) => interpreter.id)).toEqual(['cpython-3.11.7', 'cpython-3.12.1']);
    expect(cells.filter((cell) => cell.key.mode === 'sequential').map((cell) => cell.key.python)).toEqual(['cpython-3.11.7', 'cpython-3.12.1']);
    const groupIds = new Set(cells.map((cell) => `${cell.key.python} ${groupId(cell.key)}`));
    expect([...new Set(cells.map((cell) => groupId(cell.key)))]).toHaveLength(2);
    expect(groupIds.size).toBe(2);
  });
});

describe('planRun chunk sizes', () => {
  const scanning = makeScenario({ params: { tasks: { type: 'number', defaults: [8], quick: [8], description: '' }, chunksize: { type: 'string', defaults: ['auto', '5'], quick: ['auto'], description: '' } } });

  it('gives each cell the --chunksize flag, else its chunksize parameter, else nothing (auto)', () => {
    const sizes = (options: typeof base & { chunksize?: number | 'auto' | null }, scenario = scanning) =>
      planRun([scenario], [makeInterpreter()], options, 2).map((group) => group.cells[1]?.chunksize);
    expect(sizes(base)).toEqual(['auto', 5]);
    expect(sizes({ ...base, chunksize: 3 })).toEqual([3, 3]);
    expect(sizes(base, makeScenario())).toEqual([undefined]);
  });

  it('rejects a chunksize parameter that is neither a positive integer nor auto', () => {
    expect(() => planRun([scanning], [makeInterpreter()], { ...base, params: { chunksize: ['0'] } }, 2)).toThrow(/parameter chunksize: expected a positive integer or auto, got "0"/);
  });
});

describe('resolveWorkers', () => {
  it('dedupes and sorts', () => {
    expect(resolveWorkers([4, 'auto', 2, 2], 4)).toEqual([2, 4]);
  });
});
