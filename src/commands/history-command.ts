import { ExitCode, UsageError } from '../core/errors.js';
import { DEFAULT_THRESHOLD, parseThreshold as parseGateThreshold } from '../core/gate.js';
import { VERSION } from '../core/version.js';
import { checkHistory, checkText } from '../history/check.js';
import { historyHtml, historyMarkdown } from '../history/history-report.js';
import { HISTORY_REPORT_FORMATS, type HistoryReportFormat } from '../core/settings.js';
import { addRuns, loadStore } from '../history/store.js';
import type { CommandOutcome } from './command-io.js';

/** What a history command prints to stdout and exits with; bad input is thrown as InputError (exit 2). */
export type HistoryOutcome = CommandOutcome;

/** `10%` or `10` as a fraction, as `pyconc compare` reads its threshold. */
export function parseThreshold(text: string): number {
  return parseGateThreshold('--threshold', text);
}

/** `pyconc history add RESULTS.json… --store DIR [--commit SHA] [--date ISO]`. */
export function historyAddCommand(files: readonly string[], options: { store: string; commit?: string; date?: string }): HistoryOutcome {
  const commit = options.commit === undefined ? {} : { commit: options.commit };
  const date = options.date === undefined ? {} : { date: options.date };
  const added = addRuns(options.store, files, { ...commit, ...date });
  const lines = added.map((entry) => `added run ${entry.id}${entry.commit === null ? '' : ` (commit ${entry.commit})`} of ${entry.date} to ${options.store}`);
  return { text: `${lines.join('\n')}\n`, exitCode: ExitCode.ok };
}

/** `pyconc history check --store DIR [--threshold 10%]`: exit 1 when the latest runs of some cell hold a regression step. */
export function historyCheckCommand(options: { store: string; threshold?: string }): HistoryOutcome {
  const threshold = options.threshold === undefined ? DEFAULT_THRESHOLD : parseThreshold(options.threshold);
  const check = checkHistory(loadStore(options.store), threshold);
  return { text: checkText(check, threshold), exitCode: check.regressions.length > 0 ? ExitCode.failure : ExitCode.ok };
}

/** `pyconc history report --store DIR [--format html|markdown] [--threshold 10%]`: every cell's trend with its steps. */
export function historyReportCommand(options: { store: string; format?: string; threshold?: string }): HistoryOutcome {
  const format = (options.format ?? 'html') as HistoryReportFormat;
  if (!HISTORY_REPORT_FORMATS.includes(format)) throw new UsageError(`--format ${options.format}: expected one of ${HISTORY_REPORT_FORMATS.join(', ')}`);
  const threshold = options.threshold === undefined ? DEFAULT_THRESHOLD : parseThreshold(options.threshold);
  const check = checkHistory(loadStore(options.store), threshold);
  return { text: format === 'html' ? historyHtml(check, `written by pyconc ${VERSION} history report`) : historyMarkdown(check), exitCode: ExitCode.ok };
}
