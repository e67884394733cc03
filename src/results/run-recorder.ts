import type { LoadMonitor } from '../env/load-monitor.js';
import { buildDocument, type DocumentParts } from './build-document.js';
import type { Cell, ResultsDocument } from './results-schema.js';
import { writeResultsAtomically } from './write-results.js';

/**
 * What the analysis layer adds to the cells as a run goes on. results/ sits below analysis/, so the
 * run command hands it in (`analysis/run-analysis.ts`); the recorder only decides when each applies.
 */
export interface RunAnalysis {
  /** Summaries of a group still sampling: each cell's own figures, no speedups (those wait for the group). */
  provisional(cells: readonly Cell[]): Cell[];
  /** A finished group's cells, summarised: speedups, checksums against sequential, efficiency. */
  group(cells: readonly Cell[]): Cell[];
  /** Every cell once the run ends: the checks across groups (an A/B candidate against the baseline tree). */
  run(cells: readonly Cell[]): Cell[];
  /** The finished document's judgement: findings, warnings, recommendations and interpreter comparisons. */
  judge(document: ResultsDocument): Pick<ResultsDocument, 'findings' | 'warnings' | 'recommendations' | 'interpreterComparisons'>;
}

/** What the sampler tells as it goes (`run/run-suite.ts`); the recorder turns it into documents. */
export interface SampleRecorder {
  /** A cell finished sampling: the cells of its group finished so far (raw, no summary). */
  cellDone(groupCells: readonly Cell[]): void;
  /** A group finished: all its cells (raw, no summary). */
  groupDone(groupCells: readonly Cell[]): void;
}

/** A run's results document as the run goes on: provisional after each cell, summarised per group, final at the end. */
export interface RunRecorder extends SampleRecorder {
  /** Ends the run: the final document, with findings and warnings, saved one last time. */
  finish(interrupted: boolean): ResultsDocument;
  /** Why the results file could not be written the last time it was tried; null when it was (or there is none). */
  readonly saveError: string | null;
}

export interface RunRecorderOptions {
  /** The results file (`-o`), rewritten atomically after every cell; null: none. */
  readonly output: string | null;
  /** The parts of the document that stay for the whole run. */
  readonly parts: Pick<DocumentParts, 'startedAt' | 'machine' | 'interpreters' | 'settings' | 'scenarios'>;
  readonly analysis: RunAnalysis;
  /** Load measured while the run goes on: lapped per group, stopped at the end; null when not measured. */
  readonly loadMonitor: LoadMonitor | null;
  /** Marks provisional documents interrupted once it is aborted. */
  readonly signal?: AbortSignal;
  /** Where a failed save is said, one line. */
  readonly say: (line: string) => void;
}

/**
 * Keeps the results document of a run: after each cell a provisional one (the group in progress with
 * each cell's own summary), after each group the summarised cells, at the end the final document with
 * findings and warnings, each written atomically to `output`. A results file that stops being
 * writable mid-run (disk full, directory gone) must not lose the run: one line, the run goes on,
 * and `saveError` says it at the end.
 */
export function createRunRecorder(options: RunRecorderOptions): RunRecorder {
  const { parts, analysis, loadMonitor } = options;
  // Groups are summarised once, when they end (a bootstrap each).
  const done: Cell[] = [];
  let saveError: string | null = null;
  const interrupted = (): boolean => options.signal?.aborted === true;
  const provisional = (cells: readonly Cell[]): ResultsDocument => buildDocument({ ...parts, finishedAt: null, interrupted: interrupted(), cells });
  const save = (document: ResultsDocument): void => {
    if (options.output === null) return;
    try {
      writeResultsAtomically(options.output, document);
      saveError = null;
    } catch (error) {
      const problem = `cannot write ${options.output} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
      if (saveError === null) options.say(`pyconc: ${problem}; the run goes on`);
      saveError = problem;
    }
  };
  return {
    cellDone(groupCells) {
      save(provisional([...done, ...analysis.provisional(groupCells)]));
    },
    groupDone(groupCells) {
      // The load while this group was sampled: a claim is judged by what its own cells met, not the run's average.
      const load = loadMonitor?.lap();
      done.push(...analysis.group(load === undefined ? groupCells : groupCells.map((cell) => ({ ...cell, loadDuringGroup: load }))));
      save(provisional(done));
    },
    finish(wasInterrupted) {
      const during = loadMonitor?.stop();
      const machine = during === undefined ? parts.machine : { ...parts.machine, loadDuringRun: during };
      const document = buildDocument({ ...parts, machine, finishedAt: new Date(), interrupted: wasInterrupted, cells: analysis.run(done) });
      Object.assign(document, analysis.judge(document));
      save(document);
      return document;
    },
    get saveError() {
      return saveError;
    },
  };
}
