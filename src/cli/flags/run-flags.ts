import { Option } from 'commander';
import { colorEnabled } from '../../core/colors.js';
import { MODES } from '../../core/modes.js';
import { OUTPUT_FORMATS, START_METHODS } from '../../core/settings.js';
import { collect } from '../collect.js';
import type { DeclareCommand } from '../command-context.js';
import type { RawRunFlags } from '../parse-run-flags.js';
import { addExportOptions } from './export-flags.js';

/** `pyconc run`: its flags, and the action that turns them into RunOptions for runCommand. */
export const declareRun: DeclareCommand = (program, { setExit, interrupt, runStarted }) => {
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
    .option('--no-charts', 'no terminal charts under the tables (speedup against workers)');
  addExportOptions(run)
    .action(async (scenarios: string[], flags: RawRunFlags) => {
      // Loaded when the command runs, so that `--help` and `--version` load none of it.
      const [{ parseRunOptions }, { gateOptions }, { runCommand }] = await Promise.all([
        import('../parse-run-flags.js'),
        import('../config-file.js'),
        import('../../commands/run-command.js'),
      ]);
      const options = { ...parseRunOptions(scenarios, flags), ...gateOptions(program) };
      runStarted();
      const outcome = await runCommand(options, {
        stdout: process.stdout,
        stderr: process.stderr,
        color: colorEnabled(process.stdout),
        signal: interrupt.signal,
      });
      setExit(outcome.exitCode);
    });
};
