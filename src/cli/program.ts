import { Command } from 'commander';
import { VERSION } from '../core/version.js';
import { COMMANDS, type ProgramState } from './commands.js';

export type { ProgramState } from './commands.js';

const CONFIG_HELP = '\nDefaults for any flag of any command: pyconc.config.json in the working directory (or a "pyconc" key in package.json),\n'
  + 'by command and long flag name, e.g. {"run": {"max-time": 5}, "gate": {"threshold": "10%"}}; flags win.';

/** The command line: flags and help only; each action hands one options object to a command. */
export function buildProgram(state: ProgramState): Command {
  const program = new Command('pyconc')
    .description('Benchmark Python concurrency models (threads, processes, asyncio and hybrids) on this machine, with a real CPython.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces for errors')
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
