import { paint } from '../core/colors.js';
import { BASELINE_MODE, MODES } from '../core/modes.js';
import type { Cell } from '../results/results-schema.js';
import { formatRatio } from './format-units.js';

/** How the terminal chart is drawn. */
export interface SpeedupChartOptions {
  readonly color: boolean;
  /** Characters of the longest bar (default 32). */
  readonly barWidth?: number;
}

/** Eighths of a character cell, so a bar's end is drawn to 1/8 of a character. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const IDEAL_MARK = '┆';

function bar(value: number, scale: number, width: number): string {
  const eighths = Math.max(0, Math.round((value / scale) * width * 8));
  return `${'█'.repeat(Math.floor(eighths / 8))}${EIGHTHS[eighths % 8] ?? ''}`;
}

/** A parallel cell's speedup and ideal speedup (the sequential median over the scenario's ideal wall time). */
function speedupOf(cell: Cell, sequentialNs: number | null): { value: number; ideal: number | null } | null {
  const summary = cell.status === 'ok' ? cell.summary : null;
  const speedup = summary?.speedup;
  if (summary === null || summary === undefined || speedup === null || speedup === undefined || cell.key.mode === BASELINE_MODE) return null;
  const idealWall = summary.idealWallNs ?? null;
  return { value: speedup.value, ideal: sequentialNs !== null && idealWall !== null && idealWall > 0 ? sequentialNs / idealWall : null };
}

/**
 * Speedup against workers as bars, one row per mode and worker count, the ideal marked with ┆:
 * the lines to print under a table whose cells ran more than one worker count (none otherwise).
 * For terminals only; markdown, CSV and JSON never carry it.
 */
export function speedupChart(cells: readonly Cell[], options: SpeedupChartOptions): string[] {
  const c = paint(options.color);
  const sequential = cells.find((cell) => cell.key.mode === BASELINE_MODE && cell.status === 'ok');
  const sequentialNs = sequential?.summary?.wallNs.median ?? null;
  const rows = cells.flatMap((cell) => {
    const speedup = speedupOf(cell, sequentialNs);
    return speedup === null ? [] : [{ mode: cell.key.mode, workers: cell.key.workers, ...speedup }];
  });
  if (new Set(rows.map((row) => row.workers)).size < 2) return [];
  rows.sort((a, b) => MODES.indexOf(a.mode) - MODES.indexOf(b.mode) || a.workers - b.workers);
  const width = options.barWidth ?? 32;
  const scale = Math.max(...rows.flatMap((row) => [row.value, row.ideal ?? 0]));
  const modeWidth = Math.max(...rows.map((row) => row.mode.length));
  const workersWidth = Math.max(...rows.map((row) => String(row.workers).length));
  const lines = [c.dim(`  speedup against workers (█ measured, ${IDEAL_MARK} ideal)`)];
  rows.forEach((row, index) => {
    const mode = index > 0 && rows[index - 1]?.mode === row.mode ? '' : row.mode;
    const drawn = bar(row.value, scale, width);
    let body = drawn.padEnd(width + 1);
    if (row.ideal !== null) {
      const at = Math.min(width, Math.round((row.ideal / scale) * width));
      // The mark goes where the bar has not reached; a bar at or past its ideal needs none.
      if (at >= drawn.length) body = `${body.slice(0, at)}${c.dim(IDEAL_MARK)}${body.slice(at + 1)}`;
    }
    const ideal = row.ideal === null ? '' : c.dim(` of ${formatRatio(row.ideal)}`);
    lines.push(`  ${mode.padEnd(modeWidth)}  w=${String(row.workers).padStart(workersWidth)} ${body} ${formatRatio(row.value)}${ideal}`);
  });
  return lines;
}
