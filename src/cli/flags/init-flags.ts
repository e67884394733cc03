import { Option } from 'commander';
import { INIT_KINDS, type InitKind } from '../../commands/init-templates.js';
import type { DeclareCommand } from '../command-context.js';

/** `pyconc init DIR [--kind io|cpu|mixed]`. */
export const declareInit: DeclareCommand = (program) => {
  program
    .command('init')
    .description('write a small scenario of your own (DIR/NAME.yaml and its workload), runnable at once with `pyconc run NAME --scenarios DIR`')
    .argument('<dir>', 'the folder (created if missing); its name is the scenario\'s')
    .addOption(new Option('--kind <kind>', 'what the tasks do: wait (io), compute (cpu) or both (mixed)').choices([...INIT_KINDS]).default('mixed'))
    .action(async (dir: string, flags: { kind: InitKind }) => {
      const { initCommand } = await import('../../commands/init-command.js');
      process.stdout.write(initCommand(dir, flags.kind).text);
    });
};
