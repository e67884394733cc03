import { describe, expect, it } from 'vitest';
import { cellConcurrency, concurrencyAspects, concurrencyNote, labelWithConcurrency } from '../../src/analysis/concurrency.js';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { scenarioRecord } from '../../src/results/build-document.js';
import { makeDocument } from '../helpers/document.js';
import { timedCell } from '../helpers/samples.js';
import { makeScenario } from '../helpers/scenario.js';

const params = { tasks: 24, latency_ms: 25 };
const key = (mode: 'sequential' | 'threading' | 'asyncio' | 'process-loops' | 'async-processes', workers: number, p: Record<string, number> = params) => ({ mode, workers, params: p });
const io = { io: true, cpu: false };

describe('cellConcurrency', () => {
  it('reads the registry: process-loops w=4 keeps all 24 tasks in flight, asyncio w=4 keeps 4 on one CPU', () => {
    expect(cellConcurrency(key('process-loops', 4))).toEqual({ inFlight: 24, cpus: 4 });
    expect(cellConcurrency(key('asyncio', 4))).toEqual({ inFlight: 4, cpus: 1 });
    expect(cellConcurrency(key('async-processes', 2, { tasks: 12 }))).toEqual({ inFlight: 12, cpus: 2 });
    expect(cellConcurrency(key('threading', 8, { tasks: 4 }))).toEqual({ inFlight: 4, cpus: 8 });
    expect(cellConcurrency(key('sequential', 1))).toEqual({ inFlight: 1, cpus: 1 });
  });

  it('says nothing it cannot know: no task count, no in-flight figure for an all-in-flight mode', () => {
    expect(cellConcurrency(key('process-loops', 4, {}))).toEqual({ inFlight: null, cpus: 4 });
  });
});

describe('concurrencyNote', () => {
  it('names what differs from w, for the aspects the scenario is about', () => {
    expect(concurrencyNote(key('process-loops', 4), io)).toBe('24 in flight');
    expect(concurrencyNote(key('asyncio', 4), io)).toBe('');
    expect(concurrencyNote(key('asyncio', 2, { tasks: 12 }), { io: true, cpu: true })).toBe('1 CPU');
    expect(concurrencyNote(key('process-loops', 24), io)).toBe('');
    expect(labelWithConcurrency(key('process-loops', 4), io)).toBe('process-loops w=4 (24 in flight)');
  });

  it('takes the aspects from the ideal and kind (spawn-overhead is kind cpu with no ideal: neither)', () => {
    expect(concurrencyAspects({ kind: 'io', ideal: { model: 'io' } })).toEqual({ io: true, cpu: false });
    expect(concurrencyAspects({ kind: 'cpu', ideal: { model: 'cpu' } })).toEqual({ io: false, cpu: true });
    expect(concurrencyAspects({ kind: 'mixed', ideal: null })).toEqual({ io: true, cpu: true });
    expect(concurrencyAspects({ kind: 'cpu', ideal: null })).toEqual({ io: false, cpu: false });
  });
});

describe('the w column', () => {
  it('shows process-loops w=4 as 4 (24 in flight) beside asyncio w=4 in sleep-fanout, where 13.6× sat beside 3.94×', () => {
    const scenario = makeScenario({ name: 'demo', kind: 'io', ideal: { model: 'io', tasks: 'tasks', latencyMs: 'latency_ms' } });
    const cells = summariseGroup(
      [
        timedCell('sequential', 1, [616, 617, 615, 618, 616], { params }),
        timedCell('asyncio', 4, [156, 156.3, 156.5, 156.1, 156.6], { params }),
        timedCell('process-loops', 4, [45, 45.3, 45.5, 45.1, 45.2], { params }),
      ],
      scenario.ideal,
      2,
    );
    const text = REPORTERS.table(makeDocument(cells, { scenarios: [scenarioRecord(scenario)] }), { color: false });
    const row = (mode: string) => text.split('\n').find((line) => line.includes(` ${mode} `)) ?? '';
    expect(row('process-loops')).toMatch(/│ 4 \(24 in flight\) │/);
    expect(row('process-loops')).toMatch(/13\.6× \(13\.5–13\.7\)/);
    expect(row('asyncio')).toMatch(/│\s+4 │/);
    expect(row('asyncio')).toMatch(/3\.94× \(3\.9\d–3\.9\d\)/);
  });
});
