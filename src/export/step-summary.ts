import { appendFileSync, statSync } from 'node:fs';
import { REPORTERS } from '../report/reporters.js';
import { escapeMarkdown } from '../report/markdown-reporter.js';
import type { ResultsDocument } from '../results/results-schema.js';
import type { TextSink } from './exporter.js';

/**
 * GitHub drops a step's whole summary (other tools' lines too) when it passes 1 MiB:
 * "$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k".
 */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

export interface StepSummaryOptions {
  /** False with `--no-step-summary`. */
  readonly enabled: boolean;
  /** Where a write failure is told, in one line. */
  readonly stderr: TextSink;
}

/** What `appendStepSummary` did: `short` means only the heading fitted under GitHub's limit. */
export type StepSummaryOutcome =
  | { readonly status: 'appended' | 'short'; readonly file: string; readonly bytes: number }
  | { readonly status: 'no-summary-file' | 'disabled' }
  | { readonly status: 'failed'; readonly file: string; readonly error: string };

/** `## pyconc 0.1.0 · AMD EPYC 7763 · cpython-3.12.1, cpython-3.13.0t`. */
export function stepSummaryHeading(document: ResultsDocument): string {
  const pythons = document.interpreters.length > 0
    ? document.interpreters.map((interpreter) => interpreter.id)
    : [...new Set(document.cells.map((cell) => cell.key.python))];
  const parts = [`pyconc ${document.tool.version}`, document.machine.cpuModel ?? 'unknown CPU', pythons.join(', ') || 'no interpreter'];
  return `## ${parts.map(escapeMarkdown).join(' · ')}`;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * In a GitHub Actions step (`GITHUB_STEP_SUMMARY` set) appends a heading and the Markdown report
 * to the step's summary file; appends, never overwrites, since other steps' tools share the file.
 * Never throws: a summary is a courtesy, so a failure is one line on stderr.
 */
export function appendStepSummary(
  document: ResultsDocument,
  env: Readonly<Record<string, string | undefined>>,
  options: StepSummaryOptions,
): StepSummaryOutcome {
  if (!options.enabled) return { status: 'disabled' };
  const file = env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === '') return { status: 'no-summary-file' };
  try {
    const existing = sizeOf(file);
    const separator = existing > 0 ? '\n' : '';
    const heading = `${separator}${stepSummaryHeading(document)}\n\n`;
    let text = `${heading}${REPORTERS.markdown(document, { color: false })}`;
    let status: 'appended' | 'short' = 'appended';
    if (existing + Buffer.byteLength(text) > STEP_SUMMARY_LIMIT_BYTES) {
      text = `${heading}The tables do not fit in GitHub's 1 MiB step summary; see the exported results.\n`;
      status = 'short';
    }
    appendFileSync(file, text);
    return { status, file, bytes: Buffer.byteLength(text) };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    options.stderr.write(`pyconc: could not append to GITHUB_STEP_SUMMARY ${file} (${reason})\n`);
    return { status: 'failed', file, error: reason };
  }
}
