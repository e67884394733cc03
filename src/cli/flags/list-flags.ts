import { listCommand } from '../../commands/list-command.js';
import { collect } from '../collect.js';
import { processIo, type DeclareCommand } from '../command-context.js';

/** `pyconc list [--json] [--scenarios DIR]`. */
export const declareList: DeclareCommand = (program) => {
  program
    .command('list')
    .description('show the scenario catalogue: kinds, modes, parameters and expectations')
    .option('--json', 'print the catalogue as JSON')
    .option('--scenarios <dir>', 'add a directory of your own scenario files (repeatable)', collect)
    .action((flags: { json?: boolean; scenarios?: string[] }) => listCommand({ json: flags.json === true, scenarioDirs: flags.scenarios ?? [] }, processIo()));
};
