import { Option } from 'commander';
import type * as HistoryCommands from '../../commands/history-command.js';
import type { HistoryOutcome } from '../../commands/history-command.js';
import { HISTORY_REPORT_FORMATS } from '../../history/history-report-formats.js';
import type { DeclareCommand } from '../command-context.js';

const STORE_HELP = 'the history store: a folder of plain files (index.json, runs/) a CI cache or a git branch can keep';

/** `pyconc history add|check|report --store DIR`. */
export const declareHistory: DeclareCommand = (program, { setExit }) => {
  const history = program.command('history').description("keep runs in a store, find steps in each cell's series of medians, draw the trends");
  const print = async (run: (commands: typeof HistoryCommands) => HistoryOutcome): Promise<void> => {
    const outcome = run(await import('../../commands/history-command.js'));
    process.stdout.write(outcome.text);
    setExit(outcome.exitCode);
  };
  history
    .command('add')
    .description('add results documents to a store (created in a missing or empty folder); a run already in it is refused')
    .argument('<results...>', 'results JSON files written by `pyconc run -o`')
    .requiredOption('--store <dir>', STORE_HELP)
    .option('--commit <sha>', 'the commit these runs measured (named by history check)')
    .option('--date <iso>', "when they ran, ISO 8601 (default: each document's startedAt)")
    .action((files: string[], flags: { store: string; commit?: string; date?: string }) => print((commands) => commands.historyAddCommand(files, flags)));
  history
    .command('check')
    .description("find steps in each cell's series of medians; exit 1 when the latest runs hold a regression step beyond the threshold")
    .requiredOption('--store <dir>', STORE_HELP)
    .option('--threshold <percent>', 'smallest slowdown that counts as a regression (default 10%)')
    .action((flags: { store: string; threshold?: string }) => print((commands) => commands.historyCheckCommand(flags)));
  history
    .command('report')
    .description("draw every cell's trend with the steps marked, regressions first")
    .requiredOption('--store <dir>', STORE_HELP)
    .addOption(new Option('--format <format>', 'html (one self-contained page) or markdown').choices([...HISTORY_REPORT_FORMATS]).default('html'))
    .option('--threshold <percent>', 'smallest step that counts as a regression or an improvement (default 10%)')
    .action((flags: { store: string; format: string; threshold?: string }) => print((commands) => commands.historyReportCommand(flags)));
};
