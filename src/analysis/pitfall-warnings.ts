/**
 * The pitfalls a benchmark of one's own falls into, named where the samples show them:
 *
 * - `in-process-server`: the workload's setup left a server running in the harness process (a
 *   thread and a listening socket, seen by the harness). It shares the GIL and the CPUs with the
 *   tasks, so threads and asyncio lose to the process modes for the server's sake.
 * - `listen-backlog`: tasks of a concurrent cell took about one or three seconds longer than the
 *   median task (Linux retries a dropped connection's SYN after 1 s, then 2 s more) while
 *   sequential's, one connection at a time, never did: a listen backlog smaller than the
 *   concurrency. The latency of a sample's tasks is its median (p50) and p99 (the slowest of
 *   fewer than 100 tasks).
 *
 * More CPU-bound workers than usable CPUs is `oversubscribed` (run-warnings.ts).
 */
import { cellLabel } from '../core/cell-key.js';
import type { Cell, ResultsDocument, RunWarning, Sample } from '../results/results-schema.js';
import { cellConcurrency } from './concurrency.js';
import { nameCells } from './name-cells.js';

/** The codes of this file's warnings: a closed set. */
export const PITFALL_CODES = ['in-process-server', 'listen-backlog'] as const;
export type PitfallCode = (typeof PITFALL_CODES)[number];

/** The fix pyconc ships for both: a loopback server in a process of its own, listening with a backlog of at least the concurrency. */
const FIX = 'toolkit.loopback_server';

/** The longest warning line (run-warnings.ts, MAX_WARNING_CHARS; not imported, which would make a cycle). */
const MAX_LINE = 200;

/** Gaps between a sample's slowest and median task that look like one or two SYN retransmissions (s). */
const RETRY_WINDOWS: readonly (readonly [number, number])[] = [[0.9, 1.5], [2.8, 3.6]];

/** A median task longer than this (s) is slow work, not a short request waiting for a retry. */
const SHORT_TASK_S = 0.5;

/** Whether a sample's slowest task waited about a connection retry longer than its median one. */
export function looksRetried(sample: Sample): boolean {
  const p50 = sample.latencyP50Ns;
  const p99 = sample.latencyP99Ns;
  if (typeof p50 !== 'number' || typeof p99 !== 'number' || p50 / 1e9 > SHORT_TASK_S) return false;
  const gap = (p99 - p50) / 1e9;
  return RETRY_WINDOWS.some(([low, high]) => gap >= low && gap <= high);
}

/** A sample's slowest task took this much longer than its median one (s): a sequential cell with such gaps has slow tasks of its own. */
function unevenTasks(sample: Sample): boolean {
  const p50 = sample.latencyP50Ns;
  const p99 = sample.latencyP99Ns;
  return typeof p50 === 'number' && typeof p99 === 'number' && (p99 - p50) / 1e9 > SHORT_TASK_S;
}

function byScenario(cells: readonly Cell[]): Map<string, Cell[]> {
  const out = new Map<string, Cell[]>();
  for (const cell of cells) {
    if (cell.status !== 'ok' || cell.baselineCopy === true) continue;
    out.set(cell.key.scenario, [...(out.get(cell.key.scenario) ?? []), cell]);
  }
  return out;
}

function backlogCells(cells: readonly Cell[]): Cell[] {
  const sequential = cells.filter((cell) => cell.key.mode === 'sequential');
  if (sequential.length === 0 || sequential.some((cell) => cell.samples.some(unevenTasks))) return [];
  return cells.filter((cell) => {
    const inFlight = cellConcurrency(cell.key).inFlight;
    return cell.key.mode !== 'sequential' && (inFlight === null || inFlight > 1) && cell.samples.some(looksRetried);
  });
}

/** One warning per scenario and pitfall, naming a few of the cells that show it. */
export function pitfallWarnings(document: Pick<ResultsDocument, 'cells'>): RunWarning[] {
  const warnings: RunWarning[] = [];
  for (const [scenario, cells] of byScenario(document.cells)) {
    if (cells.some((cell) => cell.samples.some((sample) => sample.inProcessServer === true))) {
      warnings.push({
        code: 'in-process-server',
        scenario,
        message: `setup leaves a server in the process under test, taking the tasks' GIL and CPUs; serve it from a process of its own (${FIX})`,
      });
    }
    const retried = backlogCells(cells).map((cell) => cellLabel(cell.key));
    if (retried.length > 0) {
      const message = (named: number): string => `tasks of ${nameCells(retried, named)} waited ~1 s more than the median, sequential's never: a listen backlog below the concurrency (${FIX})`;
      // Two cells named where the line has room for them (MAX_WARNING_CHARS with the scenario's name), else one.
      warnings.push({ code: 'listen-backlog', scenario, message: message(message(2).length + scenario.length + 6 <= MAX_LINE ? 2 : 1) });
    }
  }
  return warnings;
}
