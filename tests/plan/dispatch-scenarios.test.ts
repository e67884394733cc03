import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load-catalogue.js';
import type { Scenario } from '../../src/catalogue/scenario-schema.js';
import { formatParams } from '../../src/core/cell-key.js';
import { planRun } from '../../src/plan/planner.js';
import { makeInterpreter } from '../helpers/scenario.js';

// The cells the two dispatch scenarios plan: what each table holds, what runs on 3.14 only, and
// how few cells they keep (each costs about a second of a default run).

const base = { modes: null, workers: null, params: {}, quick: false };
const py314 = makeInterpreter({ id: 'cpython-3.14.0', version: '3.14.0', hasInterpreterPool: true, startMethod: 'forkserver' });

function scenario(name: string): Scenario {
  const found = loadCatalogue().find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no built-in scenario ${name}`);
  return found;
}

/** Each group as `params: mode, mode…`, the modes that would run (not unsupported). */
function runnable(name: string, quick: boolean, interpreter = makeInterpreter()): string[] {
  return planRun([scenario(name)], [interpreter], { ...base, quick }, 2).map((group) => {
    const modes = group.cells.filter((cell) => cell.unsupportedReason === null).map((cell) => cell.key.mode);
    return `${formatParams(group.params)}: ${modes.join(', ')}`;
  });
}

describe('data-transfer', () => {
  it('measures pickling at every size and shared memory where payloads are large, threads once, at 8 MiB', () => {
    expect(runnable('data-transfer', false)).toEqual([
      'tasks=4 size_kb=1 transport=pickle spin=10000: sequential, multiprocessing',
      'tasks=4 size_kb=1024 transport=pickle spin=10000: sequential, multiprocessing',
      'tasks=4 size_kb=8192 transport=pickle spin=10000: sequential, threading, multiprocessing, async-processes',
      'tasks=4 size_kb=8192 transport=shm spin=10000: sequential, multiprocessing',
    ]);
  });

  it('keeps the quick run to the pickled 8 MiB payloads', () => {
    expect(runnable('data-transfer', true)).toEqual(['tasks=2 size_kb=8192 transport=pickle spin=10000: sequential, threading, multiprocessing, async-processes']);
  });

  it('claims only about cells it runs by default', () => {
    const groups = planRun([scenario('data-transfer')], [makeInterpreter()], base, 2);
    for (const expectation of scenario('data-transfer').expectations) {
      const group = groups.find((candidate) => Object.entries(expectation.params ?? {}).every(([name, value]) => candidate.params[name] === value));
      const modes = group?.cells.filter((cell) => cell.unsupportedReason === null).map((cell) => cell.key.mode);
      expect(modes, expectation.claim).toContain(expectation.mode);
    }
  });
});

describe('task-granularity', () => {
  it('hands each pool cell its chunk size: 1, auto, or one chunk per worker', () => {
    const groups = planRun([scenario('task-granularity')], [py314], base, 2);
    expect(groups.map((group) => group.params['chunksize'])).toEqual(['1', 'auto', '1000']);
    for (const group of groups) {
      for (const cell of group.cells) expect(cell.chunksize, `${cell.key.mode} ${formatParams(cell.key.params)}`).toBe(cell.key.params['chunksize'] === 'auto' ? 'auto' : Number(cell.key.params['chunksize']));
    }
  });

  it('runs interpreters on 3.14 only, and threads at one chunk per worker not at all', () => {
    expect(runnable('task-granularity', false, py314)).toEqual([
      'tasks=2000 spin=100 chunksize=1: sequential, threading, multiprocessing, interpreters',
      'tasks=2000 spin=100 chunksize=auto: sequential, threading, multiprocessing, interpreters',
      'tasks=2000 spin=100 chunksize=1000: sequential, multiprocessing, interpreters',
    ]);
    expect(runnable('task-granularity', false).every((line) => !line.includes('interpreters'))).toBe(true);
    expect(runnable('task-granularity', true)).toEqual(['tasks=1000 spin=100 chunksize=1: sequential, threading, multiprocessing']);
  });

  it('names the chunk size of one chunk per worker right: tasks / workers', () => {
    const { params, workers } = scenario('task-granularity');
    expect(Number(params['chunksize']?.defaults[2])).toBe(Number(params['tasks']?.defaults[0]) / Number(workers.defaults[0]));
  });
});
