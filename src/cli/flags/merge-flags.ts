import { processIo, type DeclareCommand } from '../command-context.js';

/** `pyconc merge FILE... -o FILE`: the shards of one run as one document. */
export const declareMerge: DeclareCommand = (program) => {
  program
    .command('merge')
    .description('join the results of the shards of one run (`run --shard K/N`) into one document, findings recomputed')
    .argument('<results...>', 'the shards\' results documents')
    .requiredOption('-o, --output <file>', 'where the merged document goes')
    .action(async (files: string[], flags: { output: string }) => {
      const { mergeCommand } = await import('../../commands/merge-command.js');
      mergeCommand(files, flags.output, processIo());
    });
};
