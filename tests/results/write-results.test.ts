import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { checkOutputPath } from '../../src/results/check-output-path.js';
import { readResults } from '../../src/results/read-results.js';
import { writeResultsAtomically } from '../../src/results/write-results.js';
import { makeDocument, okCell } from '../helpers/document.js';

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
