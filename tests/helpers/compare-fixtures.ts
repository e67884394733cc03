import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CellKey } from '../../src/core/cell-key.js';
import type { Cell, ResultsDocument } from '../../src/results/results-schema.js';
import { mulberry32 } from '../../src/stats/random.js';
import { okCell } from './document.js';
import { testTempDir } from './temp-dirs.js';

/** Options of {@link noisyCell}. */
export interface NoisyCellOptions {
  /** Median wall time of the noise-free cell, ns. Default 100 ms. */
  medianNs?: number;
  /** Every sample multiplied by this (1.3 = 30% slower). Default 1. */
  factor?: number;
  /** Coefficient of variation of the log-normal noise. Default 0.19. */
  cv?: number;
  /** Samples. Default 16. */
  n?: number;
  seed?: number;
  key?: Partial<CellKey>;
  extra?: Partial<Cell>;
}

/**
 * An ok cell with `n` seeded log-normal samples: wall = work = CPU time = median·factor·e^(σZ),
 * σ chosen so that the CV is `cv` (CV² = e^(σ²) − 1); RSS = 2048 KB plus a few KB of noise.
 */
export function noisyCell(mode: CellKey['mode'], workers: number, options: NoisyCellOptions = {}): Cell {
  const { medianNs = 1e8, factor = 1, cv = 0.19, n = 16, seed = 1, key = {}, extra = {} } = options;
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  const random = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const samples = Array.from({ length: n }, () => {
    const wallNs = Math.round(medianNs * factor * Math.exp(sigma * normal()));
    return { wallNs, setupNs: 0, workNs: wallNs, cpuUserNs: wallNs, cpuSysNs: 0, maxRssKb: 2048 + Math.floor(random() * 8) };
  });
  const base = okCell(mode, workers, medianNs);
  return { ...base, key: { ...base.key, ...key }, samples, ...extra };
}

/** Writes a JSON value to a fresh temporary file (removed after the test file) and returns its path. */
export function writeJson(name: string, value: unknown): string {
  const file = join(testTempDir('pyconc-compare-'), name);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

/** Writes a results document to a temporary file. */
export function writeDocument(name: string, document: ResultsDocument): string {
  return writeJson(name, document);
}
