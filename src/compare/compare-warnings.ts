/**
 * What may confound a comparison without making it impossible, as values the reports
 * print under the verdict: two documents from different machines or tool versions,
 * interrupted runs (their last cells may be short of samples), two separate runs (the
 * machine's drift between them is in every ratio), and the speedup metric (blind to a
 * change that slows every mode alike).
 */
import type { ResultsDocument } from '../results/results-schema.js';
import type { ComparisonKind } from './verdict-schema.js';

/** One thing a reader of the verdict should weigh. */
export interface CompareWarning {
  code: 'different-machines' | 'different-tool-versions' | 'interrupted' | 'separate-runs' | 'speedup-blind-spot';
  message: string;
}

/** What the comparison was, for the warnings that depend on it. */
export interface CompareContext {
  kind: ComparisonKind;
  metric: string;
}

/**
 * Measured on the shared 2-core machines pyconc is developed on: two identical trees run one after
 * the other gave 5 false regressions in 80 cells, and a 25% slowdown was caught in 10 runs of 20
 * (against 18 of 20 interleaved).
 */
const SEPARATE_RUNS =
  'separate runs: the machine\'s speed between the two is in every ratio, and a shared machine drifts by 15–30% within minutes, ' +
  'so a regression of that size can read inconclusive or unchanged, and drift can read as one. ' +
  'To gate a change, run both trees interleaved in one run (pyconc run --scenarios HEAD --baseline-scenarios BASE -o ab.json) and compare ab.json';

const SPEEDUP_BLIND_SPOT =
  "--metric speedup divides each mode by its own run's sequential cell: that cancels drift between runs, and by the same token it cannot see " +
  'a change that slows every mode alike, sequential included (every speedup stays as it was); compare wall (in an interleaved A/B run) to see one';

function contextWarnings(files: readonly string[], context: CompareContext | undefined): CompareWarning[] {
  const warnings: CompareWarning[] = [];
  if (context?.kind === 'documents' && context.metric !== 'speedup') {
    warnings.push({ code: 'separate-runs', message: `${files[0] ?? 'the baseline'} and ${files[1] ?? 'the candidate'} are ${SEPARATE_RUNS}` });
  }
  if (context?.metric === 'speedup') warnings.push({ code: 'speedup-blind-spot', message: SPEEDUP_BLIND_SPOT });
  return warnings;
}

function machineOf(document: ResultsDocument): string {
  const { cpuModel, logicalCpus, os } = document.machine;
  return `${cpuModel ?? 'unknown CPU'}, ${logicalCpus} CPUs, ${os}`;
}

/** The warnings of one or two documents named by `files`, compared as `context` says. */
export function compareWarnings(files: readonly string[], documents: readonly ResultsDocument[], context?: CompareContext): CompareWarning[] {
  const warnings: CompareWarning[] = [];
  const [base, candidate] = documents;
  if (base !== undefined && candidate !== undefined) {
    if (machineOf(base) !== machineOf(candidate)) {
      warnings.push({
        code: 'different-machines',
        message: `the documents come from different machines (${machineOf(base)} vs ${machineOf(candidate)}): the machine changed as well as the code`,
      });
    }
    if (base.tool.version !== candidate.tool.version) {
      warnings.push({ code: 'different-tool-versions', message: `written by pyconc ${base.tool.version} and ${candidate.tool.version}` });
    }
  }
  documents.forEach((document, index) => {
    if (document.interrupted) {
      warnings.push({ code: 'interrupted', message: `${files[index] ?? `document ${index + 1}`} is from an interrupted run: its last cells may be short of samples` });
    }
  });
  return [...warnings, ...contextWarnings(files, context)];
}
