/**
 * One cell in detail, for `pyconc report FILE --cell ID`: what hyperfine and pyperf users look for
 * and the tables leave out: mean ± σ, min … max, the raw samples in run order and a small
 * histogram of them (`pyperf show --hist`, hyperfine's `plot_histogram.py`).
 */
import { wallPrecision } from '../analysis/precision.js';
import { cellName } from '../core/cell-key.js';
import { paint } from '../core/colors.js';
import { InputError, UsageError } from '../core/errors.js';
import type { Cell, ResultsDocument, Stats } from '../results/results-schema.js';
import { formatDuration, formatRatioInterval } from './format-units.js';

/** Bars of the histogram: enough to show a shape, few enough for a CI log. */
export const HISTOGRAM_BINS = 10;
const BAR_WIDTH = 40;

/** `412 ms ± 9.12 ms`: the mean and the standard deviation, as hyperfine prints them. */
export function meanText(stats: Pick<Stats, 'mean' | 'stdev'>): string {
  return `${formatDuration(stats.mean)} ± ${formatDuration(stats.stdev)}`;
}

/** `402 ms … 436 ms`: the fastest and the slowest sample. */
export function rangeText(stats: Pick<Stats, 'min' | 'max'>): string {
  return `${formatDuration(stats.min)} … ${formatDuration(stats.max)}`;
}

/** The names a cell answers to: its id, and its name with and without the interpreter. */
function namesOf(cell: Cell): string[] {
  return [cell.id, cellName(cell.key, { python: true }), cellName(cell.key)];
}

/**
 * The cell `query` names: its id, a unique prefix of an id (4 characters or more), or its name
 * (`scenario/mode/w2/param=v`, with `@interpreter` and `#variant` where the document needs them).
 * Throws naming the document's cells when none matches, and the matches when several do.
 */
export function findCell(document: Pick<ResultsDocument, 'cells'>, query: string, file: string): Cell {
  const exact = document.cells.filter((cell) => namesOf(cell).includes(query));
  const matches = exact.length > 0 ? exact : /^[0-9a-f]{4,}$/.test(query) ? document.cells.filter((cell) => cell.id.startsWith(query)) : [];
  const listed = (cells: readonly Cell[]): string => {
    const shown = cells.slice(0, 8).map((cell) => `${cell.id} ${cellName(cell.key, { python: true })}`).join(', ');
    return cells.length > 8 ? `${shown} and ${cells.length - 8} more` : shown;
  };
  if (matches.length === 1) return matches[0] as Cell;
  if (matches.length > 1) throw new UsageError(`--cell ${query}: ${matches.length} cells of ${file} match (${listed(matches)}); give more of the id`);
  throw new InputError(`--cell ${query}: no such cell in ${file}; its cells: ${listed(document.cells)}`);
}

/** A text histogram of `values`: one line a bin (its lower bound, a bar, its count), equal-width bins from min to max. */
export function histogram(values: readonly number[], bins = HISTOGRAM_BINS): string[] {
  if (values.length === 0) return [];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const count = high > low ? Math.min(bins, values.length) : 1;
  const width = (high - low) / count;
  const counts = new Array<number>(count).fill(0);
  for (const value of values) {
    const bin = Math.min(count - 1, width > 0 ? Math.floor((value - low) / width) : 0);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  const most = Math.max(...counts);
  const labels = counts.map((_, index) => formatDuration(low + index * width));
  const pad = Math.max(...labels.map((label) => label.length));
  return counts.map((n, index) => `${(labels[index] as string).padStart(pad)} │${'█'.repeat(Math.round((n / most) * BAR_WIDTH))}${n > 0 ? ` ${n}` : ''}`);
}

function statsLines(title: string, stats: Stats | undefined, interval: string): string[] {
  if (stats === undefined) return [];
  const cv = stats.cv === null ? '' : `, CV ${(stats.cv * 100).toFixed(1)}%`;
  const outliers = stats.outliers > 0 ? ` · ${stats.outliers} outlier${stats.outliers === 1 ? '' : 's'}` : '';
  return [
    `${title.padEnd(8)}median ${formatDuration(stats.median)} (${interval} ${formatDuration(stats.ciLow)} … ${formatDuration(stats.ciHigh)})`,
    `${''.padEnd(8)}mean ± σ ${meanText(stats)}${cv}`,
    `${''.padEnd(8)}min … max ${rangeText(stats)}${outliers}`,
  ];
}

/** The detail of one cell of a document (see the module comment). */
export function cellDetail(cell: Cell, color: boolean): string {
  const c = paint(color);
  const out = [c.bold(`${cellName(cell.key)}  ${c.dim(`id ${cell.id} · ${cell.key.python}${cell.key.variant === undefined ? '' : ` · ${cell.key.variant}`}`)}`)];
  const stopped = cell.stopReason === null || cell.stopReason === undefined ? '' : ` · stopped: ${cell.stopReason}`;
  out.push(`${cell.status}${cell.reason === null ? '' : `: ${cell.reason}`} · ${cell.samples.length} sample${cell.samples.length === 1 ? '' : 's'} (+${cell.warmups.length} warmup${cell.warmups.length === 1 ? '' : 's'})${stopped}`, '');
  const summary = cell.summary;
  if (summary !== null) {
    // Below 6 samples the interval is min–max, and covers less than 95%: said as the tables mark it.
    const precision = wallPrecision(cell);
    const interval = precision === null || precision.exact ? '95% CI' : `min–max of ${precision.n}, covering the median ~${Math.round(precision.coverage * 100)}%:`;
    out.push(...statsLines('wall', summary.wallNs, interval), ...statsLines('work', summary.workNs, interval), ...statsLines('setup', summary.setupNs, interval));
    if (summary.speedup !== null && summary.speedup !== undefined) {
      out.push(`${'speedup'.padEnd(8)}${formatRatioInterval(summary.speedup.value, summary.speedup.ciLow, summary.speedup.ciHigh)}`);
    }
    out.push('');
  }
  const walls = cell.samples.map((sample) => sample.wallNs);
  if (walls.length > 0) {
    out.push(c.bold('Samples (wall time, in run order)'));
    for (let start = 0; start < walls.length; start += 8) out.push(`  ${walls.slice(start, start + 8).map((ns) => formatDuration(ns).padStart(9)).join(' ')}`);
    out.push('', c.bold('Histogram (wall time)'), ...histogram(walls).map((line) => `  ${line}`));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
