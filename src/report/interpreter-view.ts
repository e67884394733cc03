import { cellLabel, formatParams, type Variant } from '../core/cell-key.js';
import type { ResultsDocument } from '../results/results-schema.js';
import type { Interval } from '../core/interval.js';
import { speedup } from '../stats/speedup.js';
import { formatDuration, formatRatioInterval } from './format-units.js';

/** One mode of one interpreter in the interpreter view. */
export interface InterpreterRow {
  /** `sequential`, `threading w=2`. */
  readonly label: string;
  readonly python: string;
  /** Median wall time of the cell's samples, or null when it did not run. */
  readonly medianNs: number | null;
  /** median(first interpreter) / median(this one), with its bootstrap interval: above 1 means faster than the first. */
  readonly vsFirst: Interval | null;
}

/** The interpreters of one scenario × params (× variant) side by side. */
export interface InterpreterView {
  readonly scenario: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly variant?: Variant;
  /** The interpreter the ratios are against: the first of the run. */
  readonly first: string;
  readonly rows: readonly InterpreterRow[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * With two interpreters or more, one view per scenario × params × variant: for each mode and worker
 * count, a row per interpreter (in the run's order) with its median wall time and its ratio to the first
 * interpreter's. Empty for a document of one interpreter.
 */
export function interpreterViews(document: Pick<ResultsDocument, 'cells' | 'interpreters'>): InterpreterView[] {
  const order = document.interpreters.map((interpreter) => interpreter.id);
  const first = order[0];
  if (first === undefined || order.length < 2) return [];
  type Building = { scenario: string; params: Record<string, string | number>; variant?: Variant; rows: Map<string, Map<string, readonly number[] | null>> };
  const views = new Map<string, Building>();
  for (const cell of document.cells) {
    const { python: _python, mode: _mode, workers: _workers, ...rest } = cell.key;
    const viewKey = JSON.stringify([rest.scenario, formatParams(rest.params), rest.variant ?? '']);
    let view = views.get(viewKey);
    if (view === undefined) {
      view = { scenario: rest.scenario, params: rest.params, rows: new Map() };
      if (rest.variant !== undefined) view.variant = rest.variant;
      views.set(viewKey, view);
    }
    const label = cellLabel(cell.key);
    const byPython = view.rows.get(label) ?? new Map<string, readonly number[] | null>();
    view.rows.set(label, byPython);
    byPython.set(cell.key.python, cell.status === 'ok' && cell.samples.length > 0 ? cell.samples.map((sample) => sample.wallNs) : null);
  }
  return [...views.values()].map((view) => {
    const rows: InterpreterRow[] = [];
    for (const [label, byPython] of view.rows) {
      const reference = byPython.get(first) ?? null;
      for (const python of order) {
        if (!byPython.has(python)) continue;
        const samples = byPython.get(python) ?? null;
        const vsFirst = reference === null || samples === null || python === first ? null : speedup(reference, samples);
        rows.push({ label, python, medianNs: samples === null ? null : median(samples), vsFirst });
      }
    }
    return { scenario: view.scenario, params: view.params, ...(view.variant === undefined ? {} : { variant: view.variant }), first, rows };
  });
}

/** The view's cells as text: header first, then one line of strings a row. */
export function interpreterViewCells(view: InterpreterView): string[][] {
  const head = ['mode', 'interpreter', 'wall (median)', `vs ${view.first}`];
  const body = view.rows.map((row) => [
    row.label,
    row.python,
    row.medianNs === null ? 'not run' : formatDuration(row.medianNs),
    row.python === view.first ? '1×' : row.vsFirst === null ? '—' : formatRatioInterval(row.vsFirst.value, row.vsFirst.ciLow, row.vsFirst.ciHigh),
  ]);
  return [head, ...body];
}
