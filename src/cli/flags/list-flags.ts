import { collect } from '../collect.js';
import { processIo, type DeclareCommand } from '../command-context.js';

/** `pyconc list [--json] [--scenarios DIR]`. */
export const declareList: DeclareCommand = (program) => {
  program
    .command('list')
    .description('show the scenario catalogue: kinds, modes, parameters and expectations')
    .option('--json', 'print the catalogue as JSON')
    .option('--scenarios <dir>', 'add a directory of your own scenario files (repeatable)', collect)
    .action(async (flags: { json?: boolean; scenarios?: string[] }) => {
      const { listCommand } = await import('../../commands/list-command.js');
      listCommand({ json: flags.json === true, scenarioDirs: flags.scenarios ?? [] }, processIo());
    });
};
