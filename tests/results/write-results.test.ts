import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { checkOutputPath } from '../../src/results/check-output-path.js';
import { readResults } from '../../src/results/read-results.js';
import { writeResultsAtomically } from '../../src/results/write-results.js';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { warmCell } from '../helpers/warm.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pyconc-results-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const document = (cells: number) => makeDocument(Array.from({ length: cells }, () => okCell('sequential', 1, 1e8)));

describe('writeResultsAtomically', () => {
  it('writes through a temporary file and a rename: readable, nothing else left', () => {
    const file = path.join(dir, 'r.json');
    writeResultsAtomically(file, document(1));
    writeResultsAtomically(file, document(2));
    expect(readdirSync(dir)).toEqual(['r.json']);
    expect(readResults(file).cells).toHaveLength(2);
  });

  it('a write that fails leaves the previous document whole and no temporary file', () => {
    const file = path.join(dir, 'r.json');
    writeResultsAtomically(file, document(1));
    const before = readFileSync(file, 'utf8');
    // The rename target becomes a directory: the write must fail without touching anything else.
    rmSync(file);
    mkdirSync(file);
    writeFileSync(path.join(file, 'inside'), 'x');
    expect(() => writeResultsAtomically(file, document(2))).toThrow();
    expect(readdirSync(dir)).toEqual(['r.json']);
    rmSync(file, { recursive: true });
    writeFileSync(file, before);
    expect(readResults(file).cells).toHaveLength(1);
  });
});

describe('warm values in the results document', () => {
  it('round-trip (samples, summaries, the statistic the stop rule judged) and documents without them still read', () => {
    const file = path.join(dir, 'warm.json');
    const summarised = summariseGroup([warmCell('sequential', 1, 2e8, 2e8, 3, 6, 0), warmCell('threading', 2, 2e8, 1.5e8, 3, 6)], null, 2);
    const cells = summarised.map((cell) => ({ ...cell, stopStatistic: 'warm-work' as const }));
    const settings = { minRuns: 6, maxRuns: 6, warmup: 0, precision: 0.03, maxTimeS: 5, timeoutS: 60, valuesPerProcess: 3 };
    writeResultsAtomically(file, makeDocument(cells, { settings }));
    const read = readResults(file);
    expect(read.settings.valuesPerProcess).toBe(3);
    expect(read.cells[1]?.samples[0]?.warmWorkNs).toHaveLength(2);
    expect(read.cells[1]?.summary?.warmWorkNs).toMatchObject({ processes: 6, n: 12 });
    expect(read.cells[1]?.summary?.warmSpeedup?.value).toBeGreaterThan(1);
    expect(read.cells[1]?.stopStatistic).toBe('warm-work');
    writeResultsAtomically(file, document(1));
    expect(readResults(file).cells[0]?.samples[0]?.warmWorkNs).toBeUndefined();
  });
});

describe('checkOutputPath', () => {
  it('accepts a new file and an existing one, touching neither, leaving no probe behind', () => {
    const existing = path.join(dir, 'old.json');
    writeFileSync(existing, 'precious');
    checkOutputPath(path.join(dir, 'new.json'));
    checkOutputPath(existing);
    expect(readdirSync(dir)).toEqual(['old.json']);
    expect(readFileSync(existing, 'utf8')).toBe('precious');
  });

  it('refuses a directory where nothing can be created, even for root (a virtual file system)', () => {
    expect(() => checkOutputPath('/proc/pyconc-results.json')).toThrow(InputError);
    expect(() => checkOutputPath('/proc/pyconc-results.json')).toThrow(/--output \/proc\/pyconc-results\.json: cannot create files in \/proc/);
  });

  it('refuses a directory without write permission', () => {
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      // Root ignores permission bits; the probe then succeeds, which is the truth for root.
      if (process.getuid?.() === 0) checkOutputPath(path.join(locked, 'r.json'));
      else expect(() => checkOutputPath(path.join(locked, 'r.json'))).toThrow(/not writable|cannot create files/);
    } finally {
      chmodSync(locked, 0o700);
    }
    expect(readdirSync(locked)).toEqual([]);
  });
});
