import { Option } from 'commander';
import type { RawCompareFlags } from '../../compare/compare-options.js';
import { collect } from '../collect.js';
import { processIo, type DeclareCommand } from '../command-context.js';

/** `pyconc compare BASE.json [NEW.json]`: the CI gate. */
export const declareCompare: DeclareCommand = (program, { setExit }) => {
  program
    .command('compare')
    .description('judge a candidate against a baseline: two results documents, or the baseline and candidate of one A/B run')
    .argument('<results...>', 'BASE.json NEW.json, or one RUN.json from `pyconc run --baseline-scenarios` (or with --python a,b)')
    .option('--threshold <percent>', 'smallest change that counts, e.g. 10 or 10% (default 10%); a scenario file\'s gate: threshold wins for its scenario')
    .option('--scenario-threshold <scenario[:metric]=percent>', 'a threshold for one scenario (or one scenario and metric); repeatable', collect)
    .option('--alpha <p>', 'significance level of the rank test after the correction for the number of cells (default 0.01)')
    .option('--metric <metric>', 'what is compared: wall, work, cpu, rss, or speedup (a mode against its own sequential: cancels drift between separate runs)')
    .option('--correction <method>', 'multiple-comparison correction: holm (family-wise, default) or bh (Benjamini-Hochberg, false discovery rate)')
    .addOption(new Option('--format <format>', 'what goes to stdout').choices(['table', 'markdown', 'json', 'html']).default('table'))
    .option('--fail-on <verdicts>', 'verdicts besides regression that fail the job, e.g. failed,missing')
    .option('-o, --output <file>', 'also write the verdict document (pyconc/compare@1) here')
    .action(async (files: string[], flags: RawCompareFlags & { output?: string }) => {
      const { compareCommand } = await import('../../commands/compare-command.js');
      setExit(compareCommand(files, flags, processIo()));
    });
};
