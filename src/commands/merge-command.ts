import { checkExpectations } from '../analysis/check-expectations.js';
import { recommendDocument } from '../analysis/recommend-document.js';
import { compareInterpreters } from '../analysis/interpreter-comparisons.js';
import { collectRunWarnings } from '../analysis/run-warnings.js';
import { writeTextAtomically } from '../results/write-text-atomically.js';
import { checkOutputPath } from '../results/check-output-path.js';
import { mergeDocuments } from '../results/merge-documents.js';
import { readResults } from '../results/read-results.js';
import type { ResultsDocument } from '../results/results-schema.js';
import type { CommandIo } from './command-io.js';

/**
 * `pyconc merge A.json B.json… -o ALL.json`: joins the shards of a CI matrix into one document and
 * recomputes the findings, warnings and recommendations over the union (each shard judged its claims alone); says
 * what it merged on stderr.
 */
export function mergeCommand(files: readonly string[], output: string, io: Pick<CommandIo, 'stderr'>): ResultsDocument {
  checkOutputPath(output);
  const merged = mergeDocuments(files.map((file) => ({ file, document: readResults(file) })));
  const scenarios = (merged.scenarios ?? []).filter((record) => record.variant !== 'baseline');
  merged.findings = checkExpectations(scenarios, merged.cells, merged.machine.cpuCapacity, {
    usableCpus: merged.machine.usableCpus,
    interpreters: merged.interpreters,
    startMethod: merged.settings.startMethod ?? null,
  });
  merged.warnings = collectRunWarnings(merged, scenarios);
  merged.recommendations = recommendDocument(merged);
  merged.interpreterComparisons = compareInterpreters(merged);
  writeTextAtomically(output, `${JSON.stringify(merged, null, 2)}\n`);
  io.stderr.write(`pyconc: merged ${files.length} document(s), ${merged.cells.length} cell(s), into ${output}\n`);
  return merged;
}
