import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyAddCommand } from '../../src/commands/history-command.js';
import type { Cell, ResultsDocument } from '../../src/results/results-schema.js';
import { mulberry32, type Random } from '../../src/stats/random.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { testTempDir } from '../helpers/temp-dirs.js';

/** A standard normal draw (Box–Muller). */
export function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A cell whose samples scatter log-normally around `wallNs` with the given coefficient of variation. */
export function noisyCell(mode: Cell['key']['mode'], workers: number, wallNs: number, cv: number, random: Random, samples = 10): Cell {
  const base = okCell(mode, workers, wallNs);
  const template = base.samples[0] as Cell['samples'][number];
  return {
    ...base,
    samples: Array.from({ length: samples }, () => {
      const wall = wallNs * Math.exp(cv * normal(random));
      return { ...template, wallNs: wall, workNs: wall, cpuUserNs: wall };
    }),
  };
}

/**
 * `count` runs of the demo scenario (sequential, threading w=2, multiprocessing w=2), samples with
 * a CV of 10–19% and a run-to-run drift of 2%; runs from `slowFrom` (1-based) on are `slowdown` times slower.
 */
export function demoRuns(count: number, options: { slowFrom?: number; slowdown?: number; seed?: number } = {}): ResultsDocument[] {
  const random = mulberry32(options.seed ?? 7);
  return Array.from({ length: count }, (_, index) => {
    const factor = (options.slowFrom !== undefined && index + 1 >= options.slowFrom ? (options.slowdown ?? 1) : 1) * Math.exp(0.02 * normal(random));
    const cv = () => 0.1 + 0.09 * random();
    const cells = [noisyCell('sequential', 1, 80e6 * factor, cv(), random), noisyCell('threading', 2, 82e6 * factor, cv(), random), noisyCell('multiprocessing', 2, 45e6 * factor, cv(), random)];
    const startedAt = new Date(Date.UTC(2026, 10, 1 + index, 10));
    return makeDocument(cells, { startedAt: startedAt.toISOString(), finishedAt: new Date(startedAt.getTime() + 60_000).toISOString() });
  });
}

/** A fresh temporary folder, removed after the test file. */
export function tempDir(): string {
  return testTempDir('pyconc-history-');
}

/** Writes each document to a file and adds it to a new store with commit `c01`, `c02`, …; returns the store. */
export function buildStore(documents: readonly ResultsDocument[]): string {
  const dir = tempDir();
  const store = path.join(dir, 'store');
  documents.forEach((document, index) => {
    const file = path.join(dir, `run-${index + 1}.json`);
    writeFileSync(file, JSON.stringify(document));
    historyAddCommand([file], { store, commit: commitOf(index + 1) });
  });
  return store;
}

/** The commit the n-th run (1-based) was added with. */
export function commitOf(run: number): string {
  return `c${String(run).padStart(2, '0')}`;
}

/** Every file under a folder with its content: a store's state, to show a refused command changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}
