/**
 * `pyconc compare` as a function the CLI calls: files and options in; the rendered text,
 * the verdict document and the exit code out. It reads files but never writes to a
 * stream or exits; bad input throws InputError or UsageError (exit 2).
 */
import { UsageError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import type { ResultsDocument } from '../results/results-schema.js';
import { compareDocuments, compareWithin, CONFIDENCE_LEVEL, type Comparison } from './compare-cells.js';
import { compareExitCode, failingVerdicts } from './compare-exit.js';
import { compareWarnings } from './compare-warnings.js';
import { nothingWithin, readCompareInputs, requireCommonCells } from './compare-inputs.js';
import { METRICS } from './compare-metrics.js';
import { DEFAULT_COMPARE_OPTIONS, type CompareOptions } from './compare-options.js';
import { COMPARE_REPORTERS } from './compare-reporters.js';
import { countVerdicts, verdictLine } from './compare-summary.js';
import { COMPARE_SCHEMA, type VerdictDocument } from './verdict-schema.js';

/** What the CLI prints (`text`, in the format asked for) and exits with. */
export interface CompareOutcome {
  text: string;
  verdict: VerdictDocument;
  exitCode: number;
}

/** Compares documents already read (`files` name them in the verdict and in errors). */
export function compareLoaded(files: readonly string[], documents: readonly ResultsDocument[], options: Partial<CompareOptions> = {}): CompareOutcome {
  const settings: CompareOptions = { ...DEFAULT_COMPARE_OPTIONS, ...options };
  const [first, second] = documents;
  if (first === undefined) throw new UsageError('compare: no document to compare');
  let comparison: Comparison | undefined;
  if (second === undefined) comparison = compareWithin(first, settings);
  else comparison = compareDocuments(first, second, settings);
  if (comparison === undefined) throw nothingWithin(files[0] ?? '(no file)');
  requireCommonCells(comparison, files, documents);
  const roles = second === undefined ? (['both'] as const) : (['baseline', 'candidate'] as const);
  const exitCode = compareExitCode(comparison.pairs.map((pair) => pair.verdict), settings.failOn, settings.allow);
  const verdict: VerdictDocument = {
    schema: COMPARE_SCHEMA,
    tool: { name: 'pyconc', version: VERSION },
    comparison: comparison.kind,
    inputs: documents.map((document, index) => ({
      file: files[index] ?? `(document ${index + 1})`,
      role: roles[index] ?? 'candidate',
      toolVersion: document.tool.version,
      startedAt: document.startedAt,
    })),
    settings: {
      metric: settings.metric,
      higherIsBetter: METRICS[settings.metric].higherIsBetter,
      threshold: settings.threshold,
      thresholds: { ...settings.thresholds },
      alpha: settings.alpha,
      correction: settings.correction,
      test: 'mann-whitney-u two-sided',
      confidenceLevel: CONFIDENCE_LEVEL,
      failOn: failingVerdicts(settings.failOn, settings.allow).filter((verdict) => verdict !== 'regression'),
    },
    warnings: compareWarnings(files, documents, { kind: comparison.kind, metric: settings.metric }),
    summary: { counts: countVerdicts(comparison.pairs), line: verdictLine(comparison.pairs, settings), exitCode },
    pairs: comparison.pairs,
  };
  return { text: COMPARE_REPORTERS[settings.format](verdict, { color: settings.color }), verdict, exitCode };
}

/**
 * `pyconc compare BASE.json NEW.json` (two documents) or `pyconc compare RUN.json` (its
 * baseline and candidate variants, else its interpreters against the first).
 */
export function runCompare(files: readonly string[], options: Partial<CompareOptions> = {}): CompareOutcome {
  return compareLoaded(files, readCompareInputs(files), options);
}
