import { Option } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../../core/settings.js';
import { processIo, type DeclareCommand } from '../command-context.js';
import { addExportOptions } from './export-flags.js';

type ReportFlags = { format: OutputFormat; stepSummary?: boolean; charts?: boolean; show?: string } & Record<string, unknown>;

/** `pyconc report FILE`: a saved document again, in any format, with exports. */
export const declareReport: DeclareCommand = (program) => {
  const report = program
    .command('report')
    .description('print a saved results document (from run -o) again, in any format')
    .argument('<results>', 'a results JSON file written by `pyconc run -o`')
    .addOption(new Option('--format <format>', 'what goes to stdout').choices([...OUTPUT_FORMATS]).default('table'))
    .option('--no-charts', 'no terminal charts under the tables (speedup against workers)')
    .option('--show <values>', 'time columns: cold (each sample process\'s first run of the tasks: setup included), warm (runs 2..K of --values-per-process, steady state), or auto (default: warm beside cold where cells have warm values)');
  addExportOptions(report).action(async (file: string, flags: ReportFlags) => {
    const [{ parseExportFlags }, { parseShow }, { reportCommand }] = await Promise.all([
      import('../../export/write-exports.js'),
      import('../parse-run-flags.js'),
      import('../../commands/report-command.js'),
    ]);
    const io = processIo();
    const options = {
      show: parseShow(flags.show),
      format: flags.format,
      color: io.color,
      exports: parseExportFlags(flags),
      stepSummary: flags.stepSummary !== false,
      charts: flags.charts !== false,
    };
    reportCommand(file, options, io);
  });
};
