import type { Scenario } from '../../src/catalogue/scenario-schema.js';
import type { Interpreter } from '../../src/python/interpreter.js';

/** A small valid scenario for unit tests; override any field. */
export function makeScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    name: 'demo',
    title: 'Demo',
    kind: 'cpu',
    description: 'A demo scenario.',
    file: '/tmp/demo.yaml',
    workload: '/tmp/demo.py',
    params: {
      tasks: { type: 'number', defaults: [8], quick: [4], description: 'tasks' },
    },
    modes: ['sequential', 'threading', 'multiprocessing'],
    unsupported: { asyncio: 'no async stage' },
    notDeclared: ['async-threads', 'async-processes', 'process-loops', 'interpreters'],
    workers: { defaults: [2, 4], quick: [2] },
    exclude: [],
    ideal: { model: 'cpu' },
    expectations: [],
    report: { metrics: [], speedup: true },
    gate: null,
    goal: { metric: 'wallMs', better: 'lower' },
    builtin: true,
    ...overrides,
  };
}

/** A fake interpreter description. */
export function makeInterpreter(overrides: Partial<Interpreter> = {}): Interpreter {
  return {
    id: 'cpython-3.11.7',
    requested: 'python3',
    executable: '/usr/bin/python3.11',
    version: '3.11.7',
    implementation: 'cpython',
    freeThreadedBuild: false,
    gilEnabled: true,
    startMethod: 'fork',
    startMethods: ['fork', 'spawn', 'forkserver'],
    usableCpus: 2,
    platform: 'linux',
    hasInterpreterPool: false,
    ...overrides,
  };
}
