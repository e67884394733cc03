import { formatParams } from '../core/cell-key.js';
import { BASELINE_MODE } from '../core/modes.js';
import type { InterpreterRow, InterpreterView } from './interpreter-view.js';
import { formatRatioInterval } from './format-units.js';

/** One plain-words comparison of an interpreter with the run's first, for one scenario × params (× variant). */
export interface InterpreterFinding {
  readonly scenario: string;
  /** `cpu-pure [span=15000 tasks=8]: cpython-3.14.0 against cpython-3.11.9` */
  readonly subject: string;
  /** `sequential 1.08× (0.97–1.20): no clear difference; fastest mode on both: multiprocessing w=2; …` */
  readonly text: string;
}

/** What an interval of `vs first` says: above 1 on the whole is faster, below 1 on the whole slower. */
function direction(row: InterpreterRow): 'faster' | 'slower' | 'no clear difference' {
  const ratio = row.vsFirst;
  if (ratio === null) return 'no clear difference';
  if (ratio.ciLow > 1) return 'faster';
  if (ratio.ciHigh < 1) return 'slower';
  return 'no clear difference';
}

function ratioText(row: InterpreterRow): string {
  const ratio = row.vsFirst;
  return ratio === null ? '—' : formatRatioInterval(ratio.value, ratio.ciLow, ratio.ciHigh);
}

/** The mode with the lowest median wall time of one interpreter's rows. */
function fastest(rows: readonly InterpreterRow[]): string | null {
  let best: InterpreterRow | null = null;
  for (const row of rows) if (row.medianNs !== null && (best === null || row.medianNs < (best.medianNs ?? Infinity))) best = row;
  return best?.label ?? null;
}

/**
 * The interpreter view in words, the way a reader asks "which Python?": for each interpreter after
 * the first, how its sequential cell (the interpreter's own speed, no concurrency) compares with the
 * first's, whether the fastest mode is the same, and the mode whose ratio moved the most away from
 * sequential's (a pool that starts differently, a GIL that is gone), each with its 95% bootstrap CI.
 */
export function interpreterFindings(views: readonly InterpreterView[]): InterpreterFinding[] {
  const findings: InterpreterFinding[] = [];
  for (const view of views) {
    const pythons = [...new Set(view.rows.map((row) => row.python))];
    const params = formatParams(view.params);
    const where = `${view.scenario}${params === '' ? '' : ` [${params}]`}${view.variant === undefined ? '' : ` · ${view.variant}`}`;
    const firstRows = view.rows.filter((row) => row.python === view.first);
    for (const python of pythons.filter((one) => one !== view.first)) {
      const rows = view.rows.filter((row) => row.python === python && row.vsFirst !== null);
      if (rows.length === 0) continue;
      const base = rows.find((row) => row.label === BASELINE_MODE) ?? rows[0];
      if (base === undefined) continue;
      const parts = [`${base.label} ${ratioText(base)}: ${direction(base)}`];
      const mine = fastest(view.rows.filter((row) => row.python === python));
      const theirs = fastest(firstRows);
      if (mine !== null && theirs !== null) parts.push(mine === theirs ? `fastest mode on both: ${mine}` : `fastest mode: ${mine} here, ${theirs} on ${view.first}`);
      // The mode whose ratio strays furthest from the baseline row's, if its interval clears it.
      const baseValue = base.vsFirst?.value ?? 1;
      let outlier: InterpreterRow | null = null;
      for (const row of rows) {
        if (row === base || row.vsFirst === null) continue;
        const clears = row.vsFirst.ciHigh < baseValue || row.vsFirst.ciLow > baseValue;
        const gap = Math.abs(Math.log(row.vsFirst.value / baseValue));
        if (clears && (outlier === null || gap > Math.abs(Math.log((outlier.vsFirst?.value ?? baseValue) / baseValue)))) outlier = row;
      }
      if (outlier !== null) parts.push(`most changed: ${outlier.label} ${ratioText(outlier)}: ${direction(outlier)}`);
      findings.push({ scenario: view.scenario, subject: `${where}: ${python} against ${view.first}`, text: parts.join('; ') });
    }
  }
  return findings;
}
