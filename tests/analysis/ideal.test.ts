import { describe, expect, it } from 'vitest';
import { cpuParallelism, idealWorkNs, ioConcurrency } from '../../src/analysis/ideal.js';
import { makeScenario } from '../helpers/scenario.js';

const key = (mode: 'sequential' | 'threading' | 'asyncio' | 'process-loops', workers: number, params: Record<string, number>) => ({ scenario: 'demo', mode, workers, params, python: 'x' });

describe('ideal', () => {
  const io = makeScenario({ kind: 'io', ideal: { model: 'io', tasks: 'tasks', latencyMs: 'latency_ms' } });

  it('I/O: ceil(tasks / concurrency) x latency', () => {
    expect(idealWorkNs(io.ideal, key('threading', 16, { tasks: 32, latency_ms: 20 }), null, 2)).toBe(2 * 20e6);
    expect(idealWorkNs(io.ideal, key('threading', 5, { tasks: 32, latency_ms: 20 }), null, 2)).toBe(7 * 20e6);
    expect(idealWorkNs(io.ideal, key('sequential', 1, { tasks: 32, latency_ms: 20 }), null, 2)).toBe(32 * 20e6);
    expect(ioConcurrency('process-loops', 2, 32)).toBe(32);
  });

  it('CPU: sequential work / min(workers, usable CPUs)', () => {
    const cpu = makeScenario();
    expect(idealWorkNs(cpu.ideal, key('threading', 4, { tasks: 8 }), 400e6, 2)).toBe(200e6);
    expect(idealWorkNs(cpu.ideal, key('asyncio', 4, { tasks: 8 }), 400e6, 2)).toBe(400e6);
    expect(idealWorkNs(cpu.ideal, key('threading', 4, { tasks: 8 }), null, 2)).toBeNull();
    expect(cpuParallelism('threading', 3, 1.5)).toBe(1.5);
  });
});
