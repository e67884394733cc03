import { groupId, type CellKey } from '../core/cell-key.js';
import type { Recommendation } from '../results/recommendation-schema.js';
import type { Cell, ResultsDocument } from '../results/results-schema.js';

/** The group id of the table a recommendation is about (the key of its sequential cell). */
function recommendationGroup(recommendation: Recommendation): string {
  const key: CellKey = { scenario: recommendation.scenario, mode: 'sequential', workers: 1, params: recommendation.params, python: recommendation.python };
  return groupId(recommendation.variant === undefined ? key : { ...key, variant: recommendation.variant });
}

/** Looks up the recommendation of a table (by any of its cells); documents written before recommendations have none. */
export function recommendationFor(document: Pick<ResultsDocument, 'recommendations'>): (cells: readonly Cell[]) => Recommendation | undefined {
  const byGroup = new Map((document.recommendations ?? []).map((recommendation) => [recommendationGroup(recommendation), recommendation]));
  return (cells) => {
    const first = cells[0];
    return first === undefined ? undefined : byGroup.get(groupId(first.key));
  };
}

/**
 * What the recommendation says of one cell, for the CSV's `recommendation` column: `pick`, `best`
 * (the best by the goal where a cheaper tie was picked), `tied`, or what a slower cell loses to
 * (`the-gil`, `start-up`, …); empty for cells it did not rank.
 */
export function cellVerdict(recommendation: Recommendation | undefined, cell: Cell): string {
  if (recommendation === undefined) return '';
  if (recommendation.pick?.id === cell.id) return 'pick';
  if (recommendation.best?.id === cell.id && recommendation.pick !== null) return 'best';
  const alternative = recommendation.alternatives.find((one) => one.id === cell.id);
  if (alternative === undefined) return recommendation.best?.id === cell.id ? 'best' : '';
  return alternative.verdict === 'tied' ? 'tied' : (alternative.lossTo ?? 'slower');
}
