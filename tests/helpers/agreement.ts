import { checkExpectations } from '../../src/analysis/check-expectations.js';
import { recommendDocument } from '../../src/analysis/recommend-document.js';
import type { Expectation, Goal } from '../../src/catalogue/scenario-schema.js';
import { groupId } from '../../src/core/cell-key.js';
import type { Recommendation } from '../../src/results/recommendation-schema.js';
import type { ResultsDocument } from '../../src/results/results-schema.js';

/** What one confirmed claim says the recommendation of its group must not be. */
interface Rule {
  /** The verdict must not be "do not parallelise": some mode clearly beats one loop. */
  readonly parallel?: boolean;
  /** The picked mode must not be this one: the claim shows it gains nothing, or loses to another. */
  readonly notPick?: string;
}

/** Whether a claim's metric is the group's goal figure (so that "better" means the same to both). */
function sameFigure(expectation: Expectation, goal: Goal): boolean {
  return expectation.metric === goal.metric;
}

/**
 * The rule a confirmed claim makes for the recommendation: a speedup of at least v > 1 over one
 * loop means "parallelise"; a speedup of at most 1.15 means that mode is not the pick; a claim
 * that one mode beats another (by speedup, or by the goal's own figure) means the loser is not the
 * pick. Claims about work alone, warm values, efficiency or CPU share say nothing of the goal.
 */
function ruleOf(expectation: Expectation, goal: Goal): Rule | null {
  const { metric, op, value, than, mode } = expectation;
  const higherIsBetter = metric === 'speedup' || (sameFigure(expectation, goal) && goal.better === 'higher');
  const lowerIsBetter = sameFigure(expectation, goal) && goal.better === 'lower';
  if (than === undefined) {
    if (metric !== 'speedup') return null;
    if (op === '>=' && value > 1) return { parallel: true };
    return op === '<=' && value <= 1.15 ? { notPick: mode } : null;
  }
  if (!higherIsBetter && !lowerIsBetter) return null;
  const modeBetter = higherIsBetter ? op === '>=' && value > 1 : op === '<=' && value < 1;
  const modeWorse = higherIsBetter ? op === '<=' && value < 1 : op === '>=' && value > 1;
  return modeBetter ? { notPick: than } : modeWorse ? { notPick: mode } : null;
}

/** What a recommendation breaks of a rule, in words, or null. */
function broken(rule: Rule, recommendation: Recommendation): string | null {
  if (rule.parallel === true && recommendation.verdict === 'sequential') return 'says "do not parallelise"';
  if (rule.notPick !== undefined && recommendation.pick?.mode === rule.notPick) return `picks ${rule.notPick}`;
  return null;
}

/**
 * Where a document's recommendations disagree with the claims its scenarios check: each claim is
 * judged per group as the run judges it (checkExpectations on that group's cells), and each
 * confirmed one is held against that group's recommendation. Returns the disagreements (empty when
 * they agree) and how many confirmed claims were held against a recommendation.
 */
export function recommendationDisagreements(document: ResultsDocument, scenarios?: readonly string[]): { disagreements: string[]; checked: number } {
  const recommendations = document.recommendations ?? recommendDocument(document);
  const disagreements: string[] = [];
  let checked = 0;
  for (const recommendation of recommendations) {
    if (scenarios !== undefined && !scenarios.includes(recommendation.scenario)) continue;
    const record = document.scenarios?.find((one) => one.name === recommendation.scenario && one.variant === recommendation.variant);
    const pickId = recommendation.pick?.id ?? recommendation.best?.id;
    const anyCell = document.cells.find((cell) => cell.id === pickId);
    if (record === undefined || anyCell === undefined) continue;
    const cells = document.cells.filter((cell) => groupId(cell.key) === groupId(anyCell.key));
    const run = { ...document.machine, interpreters: document.interpreters, startMethod: document.settings.startMethod ?? null };
    for (const expectation of record.expectations ?? []) {
      const rule = ruleOf(expectation, recommendation.goal);
      if (rule === null) continue;
      const findings = checkExpectations([{ ...record, expectations: [expectation] }], cells, document.machine.cpuCapacity, run);
      if (!findings.some((finding) => finding.verdict === 'confirmed')) continue;
      checked += 1;
      const problem = broken(rule, recommendation);
      if (problem !== null) disagreements.push(`${recommendation.scenario} [${JSON.stringify(recommendation.params)}]: confirmed "${expectation.claim}", but the recommendation ${problem}: ${recommendation.text}`);
    }
  }
  return { disagreements, checked };
}
