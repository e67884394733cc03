/**
 * The command line: the root (`--version`, `--debug`, the config file's defaults) and every command
 * with its flags and help, and an action that maps the flags to the command's options and calls its
 * function in commands/. Only commander and light tables of names are imported here; each action
 * imports its command when it runs, so `pyconc --help` loads none of them (and every module loaded
 * before the command is known costs start-up: keep this one file). A new command is one declaration
 * and one entry in COMMANDS.
 */
import { Command, Option } from 'commander';
import type * as HistoryCommands from '../commands/history-command.js';
import type { HistoryOutcome } from '../commands/history-command.js';
import type { CommandIo } from '../commands/command-io.js';
import type { RawCompareFlags } from '../compare/compare-options.js';
import { MODES } from '../core/modes.js';
import {
  ADVICE_EXPORT_FORMATS,
  ADVICE_FORMATS,
  DEFAULT_BUDGET_S,
  EXPORT_DESCRIPTIONS,
  EXPORT_FORMATS,
  HISTORY_REPORT_FORMATS,
  INIT_KINDS,
  OUTPUT_FORMATS,
  START_METHODS,
  exportFlag,
  type InitKind,
  type OutputFormat,
} from '../core/settings.js';
import { VERSION } from '../core/version.js';
import type { RawAdviseFlags } from './advise-flags.js';
import type { RawRunFlags } from './parse-run-flags.js';

/** commander's argument parser for a repeatable flag: each use adds a value. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** What the commands share with main: their exit code, and whether a run (which handles interruption itself) is under way. */
export interface ProgramState {
  setExit(code: number): void;
  readonly interrupt: AbortController;
  runStarted(): void;
}

/** What a command's declaration gets: the program state, and the root command (whose config file holds every command's defaults). */
export interface CommandContext extends ProgramState {
  readonly program: Command;
}

/** Declares one command on the program: its flags and help, and an action that maps them to options and calls the command. */
export type DeclareCommand = (program: Command, context: CommandContext) => void;

/** The process's streams for a command, colour decided by NO_COLOR, FORCE_COLOR and the terminal. */
async function processIo(): Promise<CommandIo> {
  const { colorEnabled } = await import('../core/colors.js');
  return { stdout: process.stdout, stderr: process.stderr, color: colorEnabled(process.stdout) };
}

/** `--export-<format> FILE` for every export format, and `--no-step-summary` (run and report). */
function addExportOptions(command: Command): Command {
  for (const format of EXPORT_FORMATS) command.option(`${exportFlag(format)} <file>`, `also write ${EXPORT_DESCRIPTIONS[format]} to FILE (- for stdout)`);
  return command.option('--no-step-summary', 'do not append the markdown summary to $GITHUB_STEP_SUMMARY (appended when that variable is set)');
}

/** `pyconc run`: its flags, and the action that turns them into RunOptions for runCommand. */
const declareRun: DeclareCommand = (program, { setExit, interrupt, runStarted }) => {
  const run = program
    .command('run')
    .description('run scenarios under every concurrency mode and print a table per scenario')
    .argument('[scenario...]', 'scenarios to run (default: the whole catalogue; see `pyconc list`)')
    .option('--modes <list>', `comma-separated modes to run (${MODES.join(', ')}); sequential always runs as the baseline`)
    .option('--workers <list>', 'worker counts, e.g. 1,2,auto (auto = usable CPUs); overrides the scenarios\' defaults')
    .option('--param <name=v1,v2>', 'set a scenario parameter; several values scan it (repeatable)', collect)
    .option('--python <list>', 'interpreter(s) to measure: paths, commands or version names (3.12, python3.12, 3.13t), resolved once to the real executable', 'python3')
    .option('--gil <on,off>', 'free-threaded interpreters: run each with the GIL (-X gil=1), without it (-X gil=0), or both; off is an error for a GIL build')
    .option('--runs <n>', 'measured samples per cell, fixed (instead of adaptive stopping)')
    .option('--min-runs <n>', 'adaptive stopping: at least this many samples per cell (default 5; --quick 3)')
    .option('--max-runs <n>', 'adaptive stopping: at most this many samples per cell (default 30; --quick 3)')
    .option('--warmup <n>', 'discarded warmup samples per cell (default 1; --quick 0)')
    .option('--precision <percent>', 'stop a cell once its median\'s 95% CI is within ±percent (default 3)')
    .option('--max-time <seconds>', 'per-cell time budget in seconds, honoured once --min-runs is reached (default 1)')
    .option('--timeout <seconds>', 'kill a sample\'s whole process tree after this long (default 60)')
    .option('--values-per-process <k>', 'run the tasks K times in each sample process once its pool is up: the first value is cold (carries setup), the others warm (steady state); statistics resample processes, not values (default 1)')
    .option('--show <values>', 'time columns: cold (each sample process\'s first run of the tasks: setup included), warm (runs 2..K of --values-per-process, steady state), or auto (default: warm beside cold where cells have warm values)')
    .option('--start-method <method>', `multiprocessing start method for process modes (${START_METHODS.join(', ')}; default: the platform's)`)
    .option('--chunksize <n|auto>', 'tasks per hand-over in the pool modes (default: a scenario\'s chunksize parameter, else auto = ceil(tasks / (4 x workers)))')
    .option('--quick', 'small parameters, one worker count and 3 runs: a smoke pass in seconds')
    .option('--scenarios <dir>', 'add a directory of your own scenario files (repeatable; workload paths relative to each file)', collect)
    .option('--baseline-scenarios <dir>', 'A/B run: the same scenarios from a second tree (the baseline), every sample interleaved with the candidate\'s (repeatable)', collect)
    .option('--shard <K/N>', 'run the K-th of N deterministic shares of the cells (CI matrix); each shard keeps the sequential baselines it needs')
    .option('-o, --output <file>', 'write the results JSON here, rewritten atomically after every cell')
    .addOption(new Option('--format <format>', 'what goes to stdout').choices([...OUTPUT_FORMATS]).default('table'))
    .option('--fail-fast', 'stop at the first failed or timed-out cell')
    .option('--show-output', 'pass each sample\'s stdout and stderr (the workload\'s prints included) through to stderr, and show a failed workload\'s whole traceback under its table (by default its last frames)')
    .option('--no-charts', 'no terminal charts under the tables (speedup against workers)');
  addExportOptions(run)
    .action(async (scenarios: string[], flags: RawRunFlags) => {
      // Loaded when the command runs, so that `--help` and `--version` load none of it.
      const [{ parseRunOptions }, { gateOptions }, { runCommand }] = await Promise.all([
        import('./parse-run-flags.js'),
        import('./config-file.js'),
        import('../commands/run-command.js'),
      ]);
      const options = { ...parseRunOptions(scenarios, flags), ...gateOptions(program) };
      runStarted();
      const { color } = await processIo();
      const outcome = await runCommand(options, { stdout: process.stdout, stderr: process.stderr, color, signal: interrupt.signal });
      setExit(outcome.exitCode);
    });
};

/** `pyconc list [--json] [--scenarios DIR]`. */
const declareList: DeclareCommand = (program) => {
  program
    .command('list')
    .description('show the scenario catalogue: kinds, modes, parameters and expectations')
    .option('--json', 'print the catalogue as JSON')
    .option('--scenarios <dir>', 'add a directory of your own scenario files (repeatable)', collect)
    .action(async (flags: { json?: boolean; scenarios?: string[] }) => {
      const { listCommand } = await import('../commands/list-command.js');
      listCommand({ json: flags.json === true, scenarioDirs: flags.scenarios ?? [] }, await processIo());
    });
};

type ReportFlags = { format: OutputFormat; stepSummary?: boolean; charts?: boolean; show?: string; cell?: string } & Record<string, unknown>;

/** `pyconc report FILE`: a saved document again, in any format, with exports. */
const declareReport: DeclareCommand = (program) => {
  const report = program
    .command('report')
    .description('print a saved results document (from run -o) again, in any format')
    .argument('<results>', 'a results JSON file written by `pyconc run -o`')
    .addOption(new Option('--format <format>', 'what goes to stdout').choices([...OUTPUT_FORMATS]).default('table'))
    .option('--no-charts', 'no terminal charts under the tables (speedup against workers)')
    .option('--show <values>', 'time columns: cold (each sample process\'s first run of the tasks: setup included), warm (runs 2..K of --values-per-process, steady state), or auto (default: warm beside cold where cells have warm values)')
    .option('--cell <id>', 'one cell in detail instead: mean ± σ, min … max, its raw samples and a histogram (a cell id, a unique prefix of one, or its name scenario/mode/w2/param=v)');
  addExportOptions(report).action(async (file: string, flags: ReportFlags) => {
    const [{ parseExportFlags }, { parseShow }, { reportCommand }] = await Promise.all([
      import('../export/write-exports.js'),
      import('./parse-run-flags.js'),
      import('../commands/report-command.js'),
    ]);
    const io = await processIo();
    const options = {
      show: parseShow(flags.show),
      format: flags.format,
      color: io.color,
      exports: parseExportFlags(flags),
      stepSummary: flags.stepSummary !== false,
      charts: flags.charts !== false,
      ...(flags.cell === undefined ? {} : { cell: flags.cell }),
    };
    reportCommand(file, options, io);
  });
};

/** `pyconc compare BASE.json [NEW.json]`: the CI gate. */
const declareCompare: DeclareCommand = (program, { setExit }) => {
  program
    .command('compare')
    .description('judge a candidate against a baseline: two results documents, or the baseline and candidate of one A/B run')
    .argument('<results...>', 'BASE.json NEW.json, or one RUN.json from `pyconc run --baseline-scenarios` (or with --python a,b)')
    .option('--threshold <percent>', 'smallest change that counts, e.g. 10 or 10% (default 10%); a scenario file\'s gate: threshold wins for its scenario')
    .option('--scenario-threshold <scenario[:metric]=percent>', 'a threshold for one scenario (or one scenario and metric); repeatable', collect)
    .option('--alpha <p>', 'significance level of the rank test after the correction for the number of cells (default 0.01)')
    .option('--metric <metric>', 'what is compared: wall, work, cpu, rss, or speedup (a mode against its own sequential: cancels drift between separate runs, blind to a slowdown of every mode alike)')
    .option('--correction <method>', 'multiple-comparison correction: holm (family-wise, default) or bh (Benjamini-Hochberg, false discovery rate)')
    .addOption(new Option('--format <format>', 'what goes to stdout').choices(['table', 'markdown', 'json', 'html']).default('table'))
    .option('--fail-on <verdicts>', 'verdicts that fail the job besides regression, failed and missing, e.g. inconclusive')
    .option('--allow <verdicts>', 'failed, missing or both: accept them instead of failing the job (a candidate whose benchmark broke or vanished fails it by default)')
    .option('-o, --output <file>', 'also write the verdict document (pyconc/compare@1) here')
    .action(async (files: string[], flags: RawCompareFlags & { output?: string }) => {
      const { compareCommand } = await import('../commands/compare-command.js');
      setExit(compareCommand(files, flags, await processIo()));
    });
};

/** `pyconc merge FILE... -o FILE`: the shards of one run as one document. */
const declareMerge: DeclareCommand = (program) => {
  program
    .command('merge')
    .description('join the results of the shards of one run (`run --shard K/N`) into one document, findings recomputed')
    .argument('<results...>', 'the shards\' results documents')
    .requiredOption('-o, --output <file>', 'where the merged document goes')
    .action(async (files: string[], flags: { output: string }) => {
      const { mergeCommand } = await import('../commands/merge-command.js');
      mergeCommand(files, flags.output, await processIo());
    });
};

/** `pyconc doctor [--python …] [--json]`. */
const declareDoctor: DeclareCommand = (program, { setExit }) => {
  program
    .command('doctor')
    .description('show the machine, the interpreters, their GIL state and what would make measurements noisy')
    .option('--python <list>', 'interpreter(s) to describe: paths, commands or version names (3.12, 3.13t)', 'python3')
    .option('--json', 'print the report as JSON')
    .action(async (flags: { python: string; json?: boolean }) => {
      const { doctorCommand } = await import('../commands/doctor-command.js');
      setExit(await doctorCommand(flags.python.split(',').filter((part) => part !== ''), { json: flags.json === true }, await processIo()));
    });
};

/** `pyconc init DIR [--kind io|cpu|mixed]`. */
const declareInit: DeclareCommand = (program) => {
  program
    .command('init')
    .description('write a small scenario of your own (DIR/NAME.yaml and its workload), runnable at once with `pyconc run NAME --scenarios DIR`')
    .argument('<dir>', 'the folder (created if missing); its name is the scenario\'s')
    .addOption(new Option('--kind <kind>', 'what the tasks do: wait (io), compute (cpu) or both (mixed)').choices([...INIT_KINDS]).default('mixed'))
    .action(async (dir: string, flags: { kind: InitKind }) => {
      const { initCommand } = await import('../commands/init-command.js');
      process.stdout.write(initCommand(dir, flags.kind).text);
    });
};

const STORE_HELP = 'the history store: a folder of plain files (index.json, runs/) a CI cache or a git branch can keep';

/** `pyconc history add|check|report --store DIR`. */
const declareHistory: DeclareCommand = (program, { setExit }) => {
  const history = program.command('history').description("keep runs in a store, find steps in each cell's series of medians, draw the trends");
  const print = async (run: (commands: typeof HistoryCommands) => HistoryOutcome): Promise<void> => {
    const outcome = run(await import('../commands/history-command.js'));
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

/** `pyconc advise`: its flags and help; the action parses them (files checked) and loads the command only when it runs. */
const declareAdvise: DeclareCommand = (program, { setExit, interrupt, runStarted }) => {
  const advise = program
    .command('advise')
    .description('which concurrency model for a function of your own, with how many workers, and why: a probe, then a focused experiment')
    .argument('<target>', 'path/to/file.py:function or package.module:function (importable from the working directory)')
    .option('--tasks <n>', 'calls to make, fn(0) … fn(n-1) (default: about a second of calls in one loop, from the probe)')
    .option('--inputs <file>', 'a JSON Lines file: one call per line, fn(value)')
    .option('--setup <mod:fn>', 'called once before the calls, outside the timed region (file.py:fn or package.module:fn)')
    .option('--teardown <mod:fn>', 'called once after them')
    .option('--async <name>', "the target's async def twin (same module): the event-loop modes run it natively")
    .option('--sync <name>', "an async def target's sync twin (same module): the blocking modes run it")
    .option('--budget <seconds>', `what the whole may take, probe included (default ${DEFAULT_BUDGET_S})`)
    .option('--max-workers <n>', 'never try more workers than this')
    .option('--modes <list>', `only these modes (${MODES.join(', ')}); sequential always runs as the baseline`)
    .option('--python <path|version>', 'the interpreter to advise for', 'python3')
    .addOption(new Option('--format <format>', 'what goes to stdout').choices([...ADVICE_FORMATS]).default('table'))
    .option('-o, --output <file>', 'write the advice document (pyconc/advice@1, with the results behind it) here');
  for (const format of ADVICE_EXPORT_FORMATS) advise.option(`--export-${format} <file>`, `also write the advice as ${format} to FILE (- for stdout)`);
  advise.action(async (target: string, flags: RawAdviseFlags) => {
    const { parseAdviseOptions } = await import('./advise-flags.js');
    const options = parseAdviseOptions(target, flags, process.cwd());
    const { adviseCommand } = await import('../commands/advise-command.js');
    runStarted();
    const { color } = await processIo();
    const outcome = await adviseCommand(options, { stdout: process.stdout, stderr: process.stderr, color, signal: interrupt.signal });
    setExit(outcome.exitCode);
  });
};

/** Every command, in the order `pyconc --help` lists them. */
const COMMANDS: readonly DeclareCommand[] = [
  declareRun,
  declareList,
  declareReport,
  declareCompare,
  declareMerge,
  declareDoctor,
  declareInit,
  declareHistory,
  declareAdvise,
];

const CONFIG_HELP = '\nDefaults for any flag of any command: pyconc.config.json in the working directory (or a "pyconc" key in package.json),\n'
  + 'by command and long flag name, e.g. {"run": {"max-time": 5}, "gate": {"threshold": "10%"}}; flags win.';

/** The command line: flags and help only; each action hands one options object to a command. */
export function buildProgram(state: ProgramState): Command {
  const program = new Command('pyconc')
    .description('Benchmark Python concurrency models (threads, processes, asyncio and hybrids) on this machine, with a real CPython.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces for pyconc\'s own errors (a workload\'s traceback: run --show-output)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', CONFIG_HELP)
    .exitOverride()
    // Defaults from pyconc.config.json (or package.json's pyconc key) for any flag the command line leaves out.
    .hook('preAction', async (_program, command) => {
      const { applyConfig, loadConfig } = await import('./config-file.js');
      const config = loadConfig(program);
      if (config !== null) applyConfig(command, config);
    })
    // One prefix for every error line, commander's own included.
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(text.replace(/^error: /, 'pyconc: ')) });
  for (const declare of COMMANDS) declare(program, { ...state, program });
  return program;
}
