/**
 * With two interpreters or more (`--python a,b`), the interpreters side by side: for each scenario
 * × params (× variant), every mode's median wall time per interpreter with its ratio to the run's
 * first interpreter (a bootstrap interval), and the comparison in words. The run records them in
 * its document (`interpreterComparisons`); the reporters print them.
 */
import { cellLabel, formatParams, groupId } from '../core/cell-key.js';
import type { Interval } from '../core/interval.js';
import type { Cell, InterpreterComparison, InterpreterComparisonRow, InterpreterFinding, ResultsDocument } from '../results/results-schema.js';
import { median } from '../stats/descriptive.js';
import { formatEstimate } from '../stats/shared-precision.js';
import { speedup } from '../stats/speedup.js';

/** A comparison in the making: rows by label, then wall times by interpreter (null: did not run). */
type Building = { readonly cell: Cell; readonly rows: Map<string, Map<string, readonly number[] | null>> };

/** median(reference) / median(samples) with its bootstrap interval; null where JSON could not hold it (a zero median). */
function vsFirst(reference: readonly number[], samples: readonly number[]): Interval | null {
  const ratio = speedup(reference, samples);
  return [ratio.value, ratio.ciLow, ratio.ciHigh].every(Number.isFinite) ? ratio : null;
}

function rowsOf(building: Building, order: readonly string[], first: string): InterpreterComparisonRow[] {
  const rows: InterpreterComparisonRow[] = [];
  for (const [label, byPython] of building.rows) {
    const reference = byPython.get(first) ?? null;
    for (const python of order) {
      if (!byPython.has(python)) continue;
      const samples = byPython.get(python) ?? null;
      rows.push({
        label,
        python,
        medianNs: samples === null ? null : median(samples),
        vsFirst: reference === null || samples === null || python === first ? null : vsFirst(reference, samples),
      });
    }
  }
  return rows;
}

/**
 * One comparison per scenario × params × variant of a document with two interpreters or more: a
 * row per mode and interpreter (in the run's order) with its median wall time and its ratio to the
 * first interpreter's, and the comparison in words. Empty for a document of one interpreter.
 */
export function compareInterpreters(document: Pick<ResultsDocument, 'cells' | 'interpreters'>): InterpreterComparison[] {
  const order = document.interpreters.map((interpreter) => interpreter.id);
  const first = order[0];
  if (first === undefined || order.length < 2) return [];
  const building = new Map<string, Building>();
  for (const cell of document.cells) {
    // One comparison per scenario, params and variant: the key's group with the interpreter fixed.
    const id = groupId({ ...cell.key, python: first });
    const entry = building.get(id) ?? { cell, rows: new Map() };
    building.set(id, entry);
    const label = cellLabel(cell.key);
    const byPython = entry.rows.get(label) ?? new Map<string, readonly number[] | null>();
    entry.rows.set(label, byPython);
    byPython.set(cell.key.python, cell.status === 'ok' && cell.samples.length > 0 ? cell.samples.map((sample) => sample.wallNs) : null);
  }
  return [...building.values()].map((entry) => {
    const { scenario, params, variant } = entry.cell.key;
    const rows = rowsOf(entry, order, first);
    const where = `${scenario}${formatParams(params) === '' ? '' : ` [${formatParams(params)}]`}${variant === undefined ? '' : ` · ${variant}`}`;
    return { scenario, params, ...(variant === undefined ? {} : { variant }), first, rows, findings: interpreterFindings(rows, first, where) };
  });
}

/** What an interval of `vs first` says: above 1 on the whole is faster, below 1 on the whole slower. */
function direction(ratio: Interval | null): 'faster' | 'slower' | 'no clear difference' {
  if (ratio === null) return 'no clear difference';
  if (ratio.ciLow > 1) return 'faster';
  if (ratio.ciHigh < 1) return 'slower';
  return 'no clear difference';
}

/** `1.08× (0.97–1.20)`: the same text as the tables' ratios. */
function ratioText(ratio: Interval | null): string {
  return ratio === null ? '—' : formatEstimate(ratio.value, ratio.ciLow, ratio.ciHigh, '×');
}

/** The mode with the lowest median wall time of one interpreter's rows. */
function fastest(rows: readonly InterpreterComparisonRow[]): string | null {
  let best: InterpreterComparisonRow | null = null;
  for (const row of rows) if (row.medianNs !== null && (best === null || row.medianNs < (best.medianNs ?? Infinity))) best = row;
  return best?.label ?? null;
}

/** The row whose ratio strays furthest from `baseValue`, among those whose interval clears it. */
function mostChanged(rows: readonly InterpreterComparisonRow[], base: InterpreterComparisonRow, baseValue: number): InterpreterComparisonRow | null {
  let outlier: InterpreterComparisonRow | null = null;
  const gap = (row: InterpreterComparisonRow): number => Math.abs(Math.log((row.vsFirst?.value ?? baseValue) / baseValue));
  for (const row of rows) {
    if (row === base || row.vsFirst === null) continue;
    const clears = row.vsFirst.ciHigh < baseValue || row.vsFirst.ciLow > baseValue;
    if (clears && (outlier === null || gap(row) > gap(outlier))) outlier = row;
  }
  return outlier;
}

/**
 * The comparison in words, the way a reader asks "which Python?": for each interpreter after the
 * first, how its sequential cell (the interpreter's own speed, no concurrency) compares with the
 * first's, whether the fastest mode is the same, and the mode whose ratio moved the most away from
 * sequential's (a pool that starts differently, a GIL that is gone), each with its 95% bootstrap CI.
 */
function interpreterFindings(rows: readonly InterpreterComparisonRow[], first: string, where: string): InterpreterFinding[] {
  const findings: InterpreterFinding[] = [];
  const firstRows = rows.filter((row) => row.python === first);
  for (const python of [...new Set(rows.map((row) => row.python))].filter((one) => one !== first)) {
    const compared = rows.filter((row) => row.python === python && row.vsFirst !== null);
    const base = compared.find((row) => row.label === 'sequential') ?? compared[0];
    if (base === undefined) continue;
    const parts = [`${base.label} ${ratioText(base.vsFirst)}: ${direction(base.vsFirst)}`];
    const mine = fastest(rows.filter((row) => row.python === python));
    const theirs = fastest(firstRows);
    if (mine !== null && theirs !== null) parts.push(mine === theirs ? `fastest mode on both: ${mine}` : `fastest mode: ${mine} here, ${theirs} on ${first}`);
    const outlier = mostChanged(compared, base, base.vsFirst?.value ?? 1);
    if (outlier !== null) parts.push(`most changed: ${outlier.label} ${ratioText(outlier.vsFirst)}: ${direction(outlier.vsFirst)}`);
    findings.push({ python, subject: `${where}: ${python} against ${first}`, text: parts.join('; ') });
  }
  return findings;
}
