import { InputError } from '../core/errors.js';
import type { Cell, ResultsDocument, ScenarioRecord } from './results-schema.js';

/** One document to merge, with the file it came from (for messages). */
export interface MergeInput {
  readonly file: string;
  readonly document: ResultsDocument;
}

/**
 * Joins the shards of one run (`pyconc run --shard K/N`, one document each) into one document:
 * every cell once, in the order of the inputs. A sequential cell a shard ran only as its own
 * speedups' baseline (`baselineCopy`) yields to the shard that owns it. Refused (InputError, one
 * line naming the files): documents of different tool versions or schemas, and a cell that two
 * shards both own (merging a shard with itself, or two unrelated runs that overlap). Findings,
 * warnings and interpreter comparisons are the caller's to recompute over the union.
 */
export function mergeDocuments(inputs: readonly MergeInput[]): ResultsDocument {
  const first = inputs[0];
  if (first === undefined) throw new InputError('merge: no documents given');
  for (const { file, document } of inputs.slice(1)) {
    if (document.schema !== first.document.schema) throw new InputError(`${file}: schema ${document.schema} differs from ${first.file}'s ${first.document.schema}: documents of different schemas cannot be merged`);
    if (document.tool.version !== first.document.tool.version) {
      throw new InputError(`${file}: written by pyconc ${document.tool.version}, ${first.file} by ${first.document.tool.version}: merge documents of one pyconc version`);
    }
  }
  const owners = new Map<string, { cell: Cell; file: string }>();
  const copies = new Map<string, Cell>();
  for (const { file, document } of inputs) {
    for (const cell of document.cells) {
      if (cell.baselineCopy === true) {
        if (!copies.has(cell.id)) copies.set(cell.id, cell);
        continue;
      }
      const owner = owners.get(cell.id);
      if (owner !== undefined) throw new InputError(`${file}: cell ${cell.id} (${cell.key.scenario} ${cell.key.mode} w=${cell.key.workers}) is also in ${owner.file}: shards of one run never overlap`);
      owners.set(cell.id, { cell, file });
    }
  }
  // A copy whose owner is missing (a shard left out) still stands in, marked as the copy it is.
  const order: Cell[] = [];
  const seen = new Set<string>();
  for (const { document } of inputs) {
    for (const cell of document.cells) {
      if (seen.has(cell.id)) continue;
      seen.add(cell.id);
      order.push(owners.get(cell.id)?.cell ?? copies.get(cell.id) ?? cell);
    }
  }
  const scenarios = new Map<string, ScenarioRecord>();
  for (const { document } of inputs) for (const record of document.scenarios ?? []) if (!scenarios.has(`${record.name}#${record.variant ?? ''}`)) scenarios.set(`${record.name}#${record.variant ?? ''}`, record);
  const interpreters = new Map(inputs.flatMap(({ document }) => document.interpreters.map((interpreter) => [interpreter.id, interpreter] as const)));
  const starts = inputs.map(({ document }) => document.startedAt).sort();
  const ends = inputs.map(({ document }) => document.finishedAt);
  // One shard's interpreter comparisons would stand for the union: left out, for the caller to recompute.
  const { interpreterComparisons: _oneShards, ...base } = first.document;
  return {
    ...base,
    startedAt: starts[0] ?? first.document.startedAt,
    finishedAt: ends.includes(null) ? null : ([...ends].sort().at(-1) ?? null),
    interrupted: inputs.some(({ document }) => document.interrupted),
    interpreters: [...interpreters.values()],
    settings: { ...first.document.settings, shard: null },
    cells: order,
    findings: [],
    warnings: [],
    scenarios: [...scenarios.values()],
  };
}
