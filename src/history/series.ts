import { cellName, matchId, type CellKey } from '../core/cell-key.js';
import type { RunEntry, StoredRun } from './store.js';

/** One run's observation of a cell. */
export interface SeriesPoint {
  /** Index of the run in the store (0 = oldest). */
  readonly run: number;
  readonly entry: RunEntry;
  readonly samples: readonly number[];
  readonly checksum: string | null;
}

/** A cell across the runs of a store, matched by `matchId` (its key without the variant). */
export interface CellSeries {
  readonly id: string;
  readonly key: CellKey;
  readonly name: string;
  readonly points: readonly SeriesPoint[];
}

/**
 * Each cell's series of ok runs, in store order. Of an A/B run the candidate counts (what the
 * commit under test ran); sequential baselines copied into a shard count once.
 */
export function cellSeries(runs: readonly StoredRun[]): CellSeries[] {
  const series = new Map<string, { key: CellKey; points: SeriesPoint[] }>();
  runs.forEach(({ entry, document }, run) => {
    const seen = new Set<string>();
    for (const cell of document.cells) {
      // A shard's copy of a baseline another shard owns is that shard's cell, already counted there.
      if (cell.status !== 'ok' || cell.samples.length === 0 || cell.key.variant === 'baseline' || cell.baselineCopy === true) continue;
      const id = matchId(cell.key);
      if (seen.has(id)) continue;
      seen.add(id);
      let entryOf = series.get(id);
      if (entryOf === undefined) {
        const { variant: _variant, ...key } = cell.key;
        entryOf = { key, points: [] };
        series.set(id, entryOf);
      }
      entryOf.points.push({ run, entry, samples: cell.samples.map((sample) => sample.wallNs), checksum: cell.checksum });
    }
  });
  return [...series.entries()].map(([id, { key, points }]) => ({ id, key, name: cellName(key), points }));
}
