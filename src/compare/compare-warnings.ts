/**
 * What may confound a comparison without making it impossible, as values the reports
 * print under the verdict: two documents from different machines or tool versions, and
 * interrupted runs (their last cells may be short of samples).
 */
import type { ResultsDocument } from '../results/results-schema.js';

/** One thing a reader of the verdict should weigh. */
export interface CompareWarning {
  code: 'different-machines' | 'different-tool-versions' | 'interrupted';
  message: string;
}

function machineOf(document: ResultsDocument): string {
  const { cpuModel, logicalCpus, os } = document.machine;
  return `${cpuModel ?? 'unknown CPU'}, ${logicalCpus} CPUs, ${os}`;
}

/** The warnings of one or two documents named by `files`. */
export function compareWarnings(files: readonly string[], documents: readonly ResultsDocument[]): CompareWarning[] {
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
  return warnings;
}
