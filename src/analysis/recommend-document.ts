import { DEFAULT_GOAL } from '../catalogue/scenario-schema.js';
import { groupId } from '../core/cell-key.js';
import { busyDuringRun } from '../env/noise.js';
import type { Recommendation } from '../results/recommendation-schema.js';
import type { Cell, ResultsDocument, ScenarioRecord } from '../results/results-schema.js';
import { concurrencyAspects } from './concurrency.js';
import { goalFigure } from './goal-figure.js';
import { recommend } from './recommend.js';

/** What the recommendations read of a results document. */
export type RecommendedDocument = Pick<ResultsDocument, 'cells' | 'machine' | 'interpreters' | 'warnings' | 'scenarios'>;

/** The scenario record of a group: its name, and in an A/B run the tree its variant came from. */
function recordOf(document: RecommendedDocument, cell: Cell): ScenarioRecord | undefined {
  const records = (document.scenarios ?? []).filter((record) => record.name === cell.key.scenario);
  return records.find((record) => record.variant === cell.key.variant) ?? records[0];
}

/**
 * How busy the machine was while a group ran, where its cells do not say (older documents): the
 * run's measured load, else the run's `machine-loaded` warning (the load average before it).
 * Undefined: the cells carry their own measurement, which `recommend` reads.
 */
function loadOf(document: RecommendedDocument, group: readonly Cell[]): string | null | undefined {
  if (group.some((cell) => cell.loadDuringGroup !== undefined)) return undefined;
  const measured = busyDuringRun(document.machine);
  if (measured !== null) return measured;
  const scenario = group[0]?.key.scenario;
  const warning = document.warnings.find((one) => one.code === 'machine-loaded' && (one.scenario === undefined || one.scenario === scenario));
  return warning === undefined ? null : (warning.message.split(';')[0] ?? warning.message);
}

/**
 * One recommendation per table of a document (scenario × params × interpreter × variant), in the
 * document's order: each group ranked by its scenario's goal, judged against its sequential cell
 * unless the scenario says sequential is no baseline (`report.speedup: false`).
 */
export function recommendDocument(document: RecommendedDocument): Recommendation[] {
  const groups = new Map<string, Cell[]>();
  for (const cell of document.cells) {
    const id = groupId(cell.key);
    groups.set(id, [...(groups.get(id) ?? []), cell]);
  }
  return [...groups.values()].map((cells) => {
    const first = cells[0] as Cell;
    const record = recordOf(document, first);
    const goal = record?.goal ?? DEFAULT_GOAL;
    const load = loadOf(document, cells);
    return recommend({
      cells,
      figure: { ...goal, of: (cell) => goalFigure(cell, goal) },
      usableCpus: document.machine.usableCpus,
      baseline: record?.report?.speedup !== false,
      gilEnabled: document.interpreters.find((interpreter) => interpreter.id === first.key.python)?.gilEnabled ?? true,
      aspects: record === undefined ? { io: true, cpu: true } : concurrencyAspects(record),
      tasksParam: record?.ideal?.model === 'io' ? record.ideal.tasks : undefined,
      ...(load === undefined ? {} : { load }),
    });
  });
}

/** The document with its recommendations: its own, or for a document written before them, computed from its cells. */
export function withRecommendations<T extends RecommendedDocument & Pick<ResultsDocument, 'recommendations'>>(document: T): T {
  return document.recommendations === undefined ? { ...document, recommendations: recommendDocument(document) } : document;
}
