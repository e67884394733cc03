import { describe, expect, it } from 'vitest';
import { parseParams, parseRunOptions, parseShow, parseWorkers } from '../../src/cli/parse-run-flags.js';

describe('parseRunOptions', () => {
  it('has sensible defaults', () => {
    const options = parseRunOptions([], {});
    expect(options).toMatchObject({ minRuns: 5, maxRuns: 30, warmup: 1, precision: 0.03, timeoutS: 60, format: 'table', pythons: ['python3'] });
  });

  it('--quick means few runs and no warmup', () => {
    expect(parseRunOptions([], { quick: true })).toMatchObject({ minRuns: 3, maxRuns: 3, warmup: 0, quick: true });
  });

  it('--runs fixes the count and conflicts with --min-runs', () => {
    expect(parseRunOptions([], { runs: '7' })).toMatchObject({ minRuns: 7, maxRuns: 7 });
    expect(() => parseRunOptions([], { runs: '7', minRuns: '2' })).toThrow(/cannot be combined/);
  });

  it('rejects bad numbers and unknown modes with one clear line', () => {
    expect(() => parseRunOptions([], { runs: '0' })).toThrow('--runs: expected an integer ≥ 1, got "0"');
    expect(() => parseRunOptions([], { minRuns: '9', maxRuns: '3' })).toThrow(/smaller than --min-runs/);
    expect(() => parseRunOptions([], { modes: 'threads' })).toThrow(/unknown mode "threads" \(did you mean "threading"\?\)/);
    expect(() => parseRunOptions([], { timeout: '-1' })).toThrow(/--timeout: expected a positive number/);
    expect(() => parseRunOptions([], { format: 'xml' })).toThrow(/--format/);
  });

  it('--chunksize takes a positive integer or auto; absent, it is null', () => {
    expect(parseRunOptions([], {}).chunksize).toBeNull();
    expect(parseRunOptions([], { chunksize: '10' }).chunksize).toBe(10);
    expect(parseRunOptions([], { chunksize: 'auto' }).chunksize).toBe('auto');
    expect(() => parseRunOptions([], { chunksize: '0' })).toThrow('--chunksize: expected an integer ≥ 1, got "0"');
    expect(() => parseRunOptions([], { chunksize: 'x' })).toThrow('--chunksize: expected an integer ≥ 1, got "x"');
  });
});

describe('parseWorkers', () => {
  it('accepts integers and auto', () => {
    expect(parseWorkers('1, 2,auto')).toEqual([1, 2, 'auto']);
  });
  it.each(['0', '-2', 'two', '1.5', ''])('rejects %j', (value) => {
    expect(() => parseWorkers(value)).toThrow(/--workers/);
  });
});

describe('parseParams', () => {
  it('parses name=v1,v2', () => {
    expect(parseParams(['tasks=8,16', 'mode=a'])).toEqual({ tasks: ['8', '16'], mode: ['a'] });
  });
  it.each(['tasks', '=3', 'tasks=', 'Tasks=3'])('rejects %j', (value) => {
    expect(() => parseParams([value])).toThrow(/--param: expected name=value/);
  });
});

describe('--values-per-process and --show', () => {
  it('default to one value per process and the automatic view', () => {
    expect(parseRunOptions([], {})).toMatchObject({ valuesPerProcess: 1, show: 'auto' });
    expect(parseRunOptions([], { valuesPerProcess: '3', show: 'warm' })).toMatchObject({ valuesPerProcess: 3, show: 'warm' });
  });
  it.each(['0', '-1', '1.5', 'x', ''])('reject --values-per-process %j with one line', (value) => {
    expect(() => parseRunOptions([], { valuesPerProcess: value })).toThrow(`--values-per-process: expected an integer ≥ 1, got "${value}"`);
  });
  it('rejects an unknown --show', () => {
    expect(() => parseShow('hot')).toThrow('--show: expected one of auto, cold, warm, got "hot"');
  });
});
