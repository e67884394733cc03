import { processIo, type DeclareCommand } from '../command-context.js';

/** `pyconc doctor [--python …] [--json]`. */
export const declareDoctor: DeclareCommand = (program, { setExit }) => {
  program
    .command('doctor')
    .description('show the machine, the interpreters, their GIL state and what would make measurements noisy')
    .option('--python <list>', 'interpreter(s) to describe: paths, commands or version names (3.12, 3.13t)', 'python3')
    .option('--json', 'print the report as JSON')
    .action(async (flags: { python: string; json?: boolean }) => {
      const { doctorCommand } = await import('../../commands/doctor-command.js');
      setExit(await doctorCommand(flags.python.split(',').filter((part) => part !== ''), { json: flags.json === true }, processIo()));
    });
};
