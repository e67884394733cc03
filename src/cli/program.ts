import { Command, Option } from 'commander';
import { loadCatalogue } from '../catalogue/load-catalogue.js';
import { catalogueJson, catalogueText } from '../commands/list-command.js';
import { doctorCommand, doctorText } from '../commands/doctor-command.js';
import { initCommand } from '../commands/init-command.js';
import { INIT_KINDS, type InitKind } from '../commands/init-templates.js';
import { mergeCommand } from '../commands/merge-command.js';
import { parseCompareFlags, type RawCompareFlags } from '../compare/compare-options.js';
import { runCompare } from '../compare/run-compare.js';
import { writeTextAtomically } from '../results/write-text-atomically.js';
import { checkOutputPath } from '../results/check-output-path.js';
import { reportCommand } from '../commands/report-command.js';
import { historyAddCommand, historyCheckCommand, historyReportCommand, type HistoryOutcome } from '../commands/history-command.js';
import { HISTORY_REPORT_FORMATS } from '../history/history-report.js';
import { runCommand } from '../commands/run-command.js';
import { colorEnabled } from '../core/colors.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { MODES } from '../core/modes.js';
import { OUTPUT_FORMATS, START_METHODS, type OutputFormat } from '../core/settings.js';
import { VERSION } from '../core/version.js';
import { EXPORT_FORMATS, EXPORTERS, exportFlag } from '../export/exporters.js';
import { parseExportFlags } from '../export/write-exports.js';
import { parseThreshold } from '../compare/compare-options.js';
import { collect } from './collect.js';
import { applyConfig, loadConfig } from './config-file.js';
import { parseRunOptions, parseShow, type RawRunFlags } from './parse-run-flags.js';


/** `--export-<format> FILE` for every export format, and `--no-step-summary`. */
function addExportOptions(command: Command): Command {
  for (const format of EXPORT_FORMATS) command.option(`${exportFlag(format)} <file>`, `also write ${EXPORTERS[format].description} to FILE (- for stdout)`);
  return command.option('--no-step-summary', 'do not append the markdown summary to $GITHUB_STEP_SUMMARY (appended when that variable is set)');
}

/** What the commands share with main: their exit code, and whether a run (which handles interruption itself) is under way. */
export interface ProgramState {
  setExit(code: number): void;
  readonly interrupt: AbortController;
  runStarted(): void;
}

/** The command line: flags and help only; each action hands one options object to a command. */
export function buildProgram({ setExit, interrupt, runStarted }: ProgramState): Command {
  const program = new Command('pyconc')
    .description('Benchmark Python concurrency models (threads, processes, asyncio and hybrids) on this machine, with a real CPython.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces for pyconc\'s own errors (a workload\'s traceback: run --show-output)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', '\nDefaults for any flag of any command: pyconc.config.json in the working directory (or a "pyconc" key in package.json),\nby command and long flag name, e.g. {"run": {"max-time": 5}, "gate": {"threshold": "10%"}}; flags win.')
    .exitOverride()
    // Defaults from pyconc.config.json (or package.json's pyconc key) for any flag the command line leaves out.
    .hook('preAction', (_program, command) => {
      const config = loadConfig(program);
      if (config !== null) applyConfig(command, config);
    })
    // One prefix for every error line, commander's own included.
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(text.replace(/^error: /, 'pyconc: ')) });

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
      const gate = loadConfig(program)?.gate.threshold;
      const options = { ...parseRunOptions(scenarios, flags), ...(gate === undefined ? {} : { pairThreshold: parseThreshold('gate.threshold', String(gate)) }) };
      runStarted();
      const outcome = await runCommand(options, {
        stdout: process.stdout,
        stderr: process.stderr,
        color: colorEnabled(process.stdout),
        signal: interrupt.signal,
      });
      setExit(outcome.exitCode);
    });

  program
    .command('list')
    .description('show the scenario catalogue: kinds, modes, parameters and expectations')
    .option('--json', 'print the catalogue as JSON')
    .option('--scenarios <dir>', 'add a directory of your own scenario files (repeatable)', collect)
    .action((flags: { json?: boolean; scenarios?: string[] }) => {
      const scenarios = loadCatalogue(flags.scenarios ?? []);
      process.stdout.write(flags.json === true ? `${JSON.stringify(catalogueJson(scenarios), null, 2)}\n` : catalogueText(scenarios, colorEnabled(process.stdout), process.stdout.columns ?? 100));
    });

  const report = program
    .command('report')
    .description('print a saved results document (from run -o) again, in any format')
    .argument('<results>', 'a results JSON file written by `pyconc run -o`')
    .addOption(new Option('--format <format>', 'what goes to stdout').choices([...OUTPUT_FORMATS]).default('table'))
    .option('--no-charts', 'no terminal charts under the tables (speedup against workers)')
    .option('--show <values>', 'time columns: cold (each sample process\'s first run of the tasks: setup included), warm (runs 2..K of --values-per-process, steady state), or auto (default: warm beside cold where cells have warm values)')
    .option('--cell <id>', 'one cell in detail instead: mean ± σ, min … max, its raw samples and a histogram (a cell id, a unique prefix of one, or its name scenario/mode/w2/param=v)');
  type ReportFlags = { format: OutputFormat; stepSummary?: boolean; charts?: boolean; show?: string; cell?: string } & Record<string, unknown>;
  addExportOptions(report).action((file: string, flags: ReportFlags) => {
    const exports = parseExportFlags(flags);
    const options = {
      show: parseShow(flags.show),
      format: flags.format,
      color: colorEnabled(process.stdout),
      exports,
      stepSummary: flags.stepSummary !== false,
      charts: flags.charts !== false,
      ...(flags.cell === undefined ? {} : { cell: flags.cell }),
    };
    reportCommand(file, options, { stdout: process.stdout, stderr: process.stderr });
  });

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
    .action((files: string[], flags: RawCompareFlags & { output?: string }) => {
      if (files.length > 2) throw new UsageError(`compare: expected BASE.json [NEW.json], got ${files.length} files`);
      const options = parseCompareFlags({ ...flags, color: colorEnabled(process.stdout) });
      if (flags.output !== undefined) checkOutputPath(flags.output);
      const outcome = runCompare(files, options);
      process.stdout.write(outcome.text);
      if (flags.output !== undefined) writeTextAtomically(flags.output, `${JSON.stringify(outcome.verdict, null, 2)}\n`);
      setExit(outcome.exitCode);
    });

  program
    .command('merge')
    .description('join the results of the shards of one run (`run --shard K/N`) into one document, findings recomputed')
    .argument('<results...>', 'the shards\' results documents')
    .requiredOption('-o, --output <file>', 'where the merged document goes')
    .action((files: string[], flags: { output: string }) => {
      const merged = mergeCommand(files, flags.output);
      process.stderr.write(`pyconc: merged ${files.length} document(s), ${merged.cells.length} cell(s), into ${flags.output}\n`);
    });

  program
    .command('doctor')
    .description('show the machine, the interpreters, their GIL state and what would make measurements noisy')
    .option('--python <list>', 'interpreter(s) to describe: paths, commands or version names (3.12, 3.13t)', 'python3')
    .option('--json', 'print the report as JSON')
    .action(async (flags: { python: string; json?: boolean }) => {
      const report = await doctorCommand(flags.python.split(',').filter((part) => part !== ''));
      process.stdout.write(flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : doctorText(report, colorEnabled(process.stdout)));
      // An interpreter asked for by name that cannot be used is bad input, as it is for `run`.
      if (report.interpreters.some((interpreter) => 'error' in interpreter)) setExit(ExitCode.usage);
    });

  program
    .command('init')
    .description('write a small scenario of your own (DIR/NAME.yaml and its workload), runnable at once with `pyconc run NAME --scenarios DIR`')
    .argument('<dir>', 'the folder (created if missing); its name is the scenario\'s')
    .addOption(new Option('--kind <kind>', 'what the tasks do: wait (io), compute (cpu) or both (mixed)').choices([...INIT_KINDS]).default('mixed'))
    .action((dir: string, flags: { kind: InitKind }) => {
      const outcome = initCommand(dir, flags.kind);
      process.stdout.write(`${outcome.files.map((file) => `wrote ${file}`).join('\n')}\nrun it with: pyconc run ${outcome.name} --scenarios ${dir} --quick\n`);
    });

  const print = (outcome: HistoryOutcome): void => {
    process.stdout.write(outcome.text);
    setExit(outcome.exitCode);
  };
  const storeHelp = 'the history store: a folder of plain files (index.json, runs/) a CI cache or a git branch can keep';
  const history = program.command('history').description("keep runs in a store, find steps in each cell's series of medians, draw the trends");
  history
    .command('add')
    .description('add results documents to a store (created in a missing or empty folder); a run already in it is refused')
    .argument('<results...>', 'results JSON files written by `pyconc run -o`')
    .requiredOption('--store <dir>', storeHelp)
    .option('--commit <sha>', 'the commit these runs measured (named by history check)')
    .option('--date <iso>', "when they ran, ISO 8601 (default: each document's startedAt)")
    .action((files: string[], flags: { store: string; commit?: string; date?: string }) => print(historyAddCommand(files, flags)));
  history
    .command('check')
    .description("find steps in each cell's series of medians; exit 1 when the latest runs hold a regression step beyond the threshold")
    .requiredOption('--store <dir>', storeHelp)
    .option('--threshold <percent>', 'smallest slowdown that counts as a regression (default 10%)')
    .action((flags: { store: string; threshold?: string }) => print(historyCheckCommand(flags)));
  history
    .command('report')
    .description("draw every cell's trend with the steps marked, regressions first")
    .requiredOption('--store <dir>', storeHelp)
    .addOption(new Option('--format <format>', 'html (one self-contained page) or markdown').choices([...HISTORY_REPORT_FORMATS]).default('html'))
    .option('--threshold <percent>', 'smallest step that counts as a regression or an improvement (default 10%)')
    .action((flags: { store: string; format: string; threshold?: string }) => print(historyReportCommand(flags)));

  return program;
}
