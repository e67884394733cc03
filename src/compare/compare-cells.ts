/**
 * Matching cells and judging each match: two documents (cells matched by their key
 * without the variant), the baseline and candidate variants of one document, or the
 * interpreters of one document against its first. Pure: documents in, verdicts out.
 *
 * Every pair whose two cells are ok and compute the same checksum is tested: a two-sided
 * Mann-Whitney U test on the raw samples of the metric, its p-value corrected for all
 * pairs tested (Holm by default), and the ratio of medians with a bootstrap interval;
 * the verdict then follows the rule in verdict-rule.ts.
 */
import { BASELINE_MODE } from '../core/modes.js';
import { cellName, cellId, groupId, matchId, withoutVariant, type CellKey } from '../core/cell-key.js';
import type { Cell, ResultsDocument, ScenarioRecord } from '../results/results-schema.js';
import { median } from '../stats/descriptive.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import { adjustPValues, type Correction } from '../stats/multiple-testing.js';
import { ratioOfMedians } from '../stats/ratio.js';
import { METRICS, metricValues, type CompareMetric } from './compare-metrics.js';
import { decideVerdict } from './verdict-rule.js';
import { VERDICTS, type ComparisonKind, type PairVerdict } from './verdict-schema.js';

/** How pairs are judged. */
export interface ComparisonSettings {
  metric: CompareMetric;
  /** Threshold (a fraction) of scenarios that set none of their own. */
  threshold: number;
  /** Thresholds by `scenario` or `scenario:metric`; they win over the scenario records' `gate.threshold`. */
  thresholds: Readonly<Record<string, number>>;
  alpha: number;
  correction: Correction;
  /** Seed of the bootstrap intervals. Default 1. */
  seed?: number;
}

/** Holm: no false regression in the whole family with probability 1 − α, whatever the dependence between cells. */
export const DEFAULT_CORRECTION: Correction = 'holm';
/** Level of the ratio's interval. */
export const CONFIDENCE_LEVEL = 0.95;

/** The verdicts of one comparison, worst first. */
export interface Comparison {
  kind: ComparisonKind;
  pairs: PairVerdict[];
}

/** A cell of a match with the document it came from (for its group's sequential cell). */
interface Side {
  cell: Cell;
  index: ReadonlyMap<string, Cell>;
}

interface Match {
  baseline?: Side;
  candidate?: Side;
}

function keyOf(cell: Cell): CellKey {
  return cell.key;
}

function indexCells(cells: readonly Cell[]): Map<string, Cell> {
  return new Map(cells.map((cell) => [cellId(keyOf(cell)), cell]));
}

/** `gate.threshold` of a scenario record, when it is a usable fraction (the field is newer than some documents). */
function gateThreshold(record: ScenarioRecord | undefined): number | undefined {
  const threshold = (record as { gate?: { threshold?: unknown } } | undefined)?.gate?.threshold;
  return typeof threshold === 'number' && Number.isFinite(threshold) && threshold > 0 ? threshold : undefined;
}

/**
 * The threshold a scenario is judged by: an option for `scenario:metric`, then for
 * `scenario`, then the scenario's own `gate.threshold` (the candidate's record first),
 * then the default threshold.
 */
export function thresholdFor(scenario: string, settings: ComparisonSettings, records: readonly (readonly ScenarioRecord[])[]): number {
  const fromOptions = settings.thresholds[`${scenario}:${settings.metric}`] ?? settings.thresholds[scenario];
  if (fromOptions !== undefined) return fromOptions;
  for (const list of records) {
    const gate = gateThreshold(list.find((record) => record.name === scenario));
    if (gate !== undefined) return gate;
  }
  return settings.threshold;
}

function side(from: Side | undefined, metric: CompareMetric): { info: PairVerdict['baseline']; values: number[] | { reason: string } } {
  if (from === undefined) return { info: null, values: { reason: 'absent' } };
  const { cell, index } = from;
  const values = cell.status === 'ok' ? metricValues(metric, cell, index.get(groupId(keyOf(cell)))) : { reason: cell.status };
  return {
    info: { python: cell.key.python, status: cell.status, n: cell.samples.length, median: Array.isArray(values) ? median(values) : null },
    values,
  };
}

function notRun(cell: Cell): boolean {
  return cell.status === 'unsupported' || cell.status === 'skipped';
}

/** Why a pair cannot be tested, or undefined when it can. */
function failure(match: Required<Match>, baseline: number[] | { reason: string }, candidate: number[] | { reason: string }): string | undefined {
  for (const [role, from, values] of [
    ['baseline', match.baseline, baseline],
    ['candidate', match.candidate, candidate],
  ] as const) {
    if (from.cell.status !== 'ok') return `${role} ${from.cell.status}${from.cell.reason === null ? '' : `: ${from.cell.reason}`}`;
    if (!Array.isArray(values)) return `${role}: ${values.reason}`;
  }
  const [a, b] = [match.baseline.cell.checksum, match.candidate.cell.checksum];
  if (a !== null && b !== null && a !== b) return `checksums differ (${a} vs ${b}): the candidate computes something else`;
  return undefined;
}

function severity(pair: PairVerdict, higherIsBetter: boolean): number {
  if (pair.ratio === null || !(pair.ratio.value > 0)) return 0;
  const change = Math.log(pair.ratio.value);
  return higherIsBetter ? -change : change;
}

/** Worst first: by verdict, then the largest worsening first (largest improvement first among improvements), then by name. */
function sortPairs(pairs: PairVerdict[], higherIsBetter: boolean): PairVerdict[] {
  const rank = (pair: PairVerdict): number => VERDICTS.indexOf(pair.verdict);
  return pairs.sort((a, b) => {
    const byVerdict = rank(a) - rank(b);
    if (byVerdict !== 0) return byVerdict;
    const sign = a.verdict === 'improvement' ? 1 : -1;
    const bySize = sign * (severity(a, higherIsBetter) - severity(b, higherIsBetter));
    return bySize !== 0 ? bySize : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/** Judges every match (see the module comment). */
function judge(kind: ComparisonKind, matches: readonly Match[], settings: ComparisonSettings, records: readonly (readonly ScenarioRecord[])[]): Comparison {
  const { metric, alpha, correction } = settings;
  const { higherIsBetter, row } = METRICS[metric];
  const pairs: PairVerdict[] = [];
  const tested: { pair: PairVerdict; baseline: number[]; candidate: number[] }[] = [];
  for (const match of matches) {
    const any = (match.candidate ?? match.baseline) as Side;
    // A sequential cell's ratio to itself (its speedup) is 1 by definition: nothing to compare.
    if (row.vsSequential !== undefined && any.cell.key.mode === BASELINE_MODE) continue;
    // Neither side measured anything on purpose (a mode the scenario does not support, a skipped cell): no verdict.
    if (match.baseline !== undefined && match.candidate !== undefined && notRun(match.baseline.cell) && notRun(match.candidate.cell)) continue;
    const key = withoutVariant(keyOf(any.cell));
    const baseline = side(match.baseline, metric);
    const candidate = side(match.candidate, metric);
    const pair: PairVerdict = {
      matchId: matchId(key),
      name: cellName(key, { python: kind === 'interpreters' }),
      scenario: key.scenario,
      mode: key.mode,
      workers: key.workers,
      params: key.params,
      baseline: baseline.info,
      candidate: candidate.info,
      threshold: thresholdFor(key.scenario, settings, records),
      ratio: null,
      pValue: null,
      pAdjusted: null,
      verdict: match.baseline === undefined ? 'new' : 'missing',
    };
    pairs.push(pair);
    if (match.baseline === undefined || match.candidate === undefined) continue;
    // The candidate runs what the baseline could not (a mode its interpreter lacks): new, nothing broke.
    if (notRun(match.baseline.cell) && match.candidate.cell.status === 'ok') {
      Object.assign(pair, { verdict: 'new', reason: `baseline ${match.baseline.cell.status}${match.baseline.cell.reason === null ? '' : `: ${match.baseline.cell.reason}`}` });
      continue;
    }
    const reason = failure(match as Required<Match>, baseline.values, candidate.values);
    if (reason !== undefined || !Array.isArray(baseline.values) || !Array.isArray(candidate.values)) {
      Object.assign(pair, { verdict: 'failed', reason: reason ?? 'no values' });
      continue;
    }
    tested.push({ pair, baseline: baseline.values, candidate: candidate.values });
  }
  const tests = tested.map(({ baseline, candidate }) => mannWhitneyU(candidate, baseline));
  const pValues = tests.map((test) => test.pValue);
  const adjusted = adjustPValues(pValues, correction);
  tested.forEach(({ pair, baseline, candidate }, i) => {
    const ratio = ratioOfMedians(baseline, candidate, { level: CONFIDENCE_LEVEL, seed: settings.seed ?? 1 });
    const pAdjusted = adjusted[i] as number;
    const outcome = decideVerdict({
      ratio,
      pAdjusted,
      threshold: pair.threshold,
      alpha,
      correction,
      higherIsBetter,
      sizes: { baseline: baseline.length, candidate: candidate.length },
      tests: tested.length,
    });
    // JSON has no Infinity: a ratio with a zero median is recorded as none (the verdict says why).
    const finite = [ratio.value, ratio.ciLow, ratio.ciHigh].every(Number.isFinite);
    Object.assign(pair, { ratio: finite ? ratio : null, pValue: pValues[i] as number, pAdjusted, pMethod: tests[i]?.method, ...outcome });
  });
  return { kind, pairs: sortPairs(pairs, higherIsBetter) };
}

/** Cells by the id they are matched on; of cells sharing one, the first without a variant, else the first candidate, else the first. */
function byMatchId(cells: readonly Cell[], id: (cell: Cell) => string = (cell) => matchId(keyOf(cell))): Map<string, Cell> {
  const preference = (cell: Cell): number => ({ none: 0, candidate: 1, baseline: 2 })[keyOf(cell).variant ?? 'none'];
  const out = new Map<string, Cell>();
  for (const cell of cells) {
    const seen = out.get(id(cell));
    if (seen === undefined || preference(cell) < preference(seen)) out.set(id(cell), cell);
  }
  return out;
}

/** Baseline matches in the baseline's order, then the candidate's cells it lacks. */
function matchUp(baseline: ReadonlyMap<string, Side>, candidate: ReadonlyMap<string, Side>): Match[] {
  const matches: Match[] = [];
  for (const [id, from] of baseline) matches.push({ baseline: from, ...(candidate.has(id) ? { candidate: candidate.get(id) as Side } : {}) });
  for (const [id, from] of candidate) if (!baseline.has(id)) matches.push({ candidate: from });
  return matches;
}

function sides(cells: ReadonlyMap<string, Cell>, index: ReadonlyMap<string, Cell>): Map<string, Side> {
  return new Map([...cells].map(([id, cell]) => [id, { cell, index }]));
}

/** Compares two documents, cells matched by their key without the variant. */
export function compareDocuments(base: ResultsDocument, candidate: ResultsDocument, settings: ComparisonSettings): Comparison {
  const matches = matchUp(sides(byMatchId(base.cells), indexCells(base.cells)), sides(byMatchId(candidate.cells), indexCells(candidate.cells)));
  return judge('documents', matches, settings, [candidate.scenarios ?? [], base.scenarios ?? []]);
}

/** The interpreters of a document's cells, in the order of its `interpreters` record, then of the cells. */
export function documentPythons(document: ResultsDocument): string[] {
  const used = new Set(document.cells.map((cell) => cell.key.python));
  return [...new Set([...document.interpreters.map((interpreter) => interpreter.id).filter((id) => used.has(id)), ...used])];
}

/** Whether a document holds baseline/candidate variants, else several interpreters, else nothing to compare within it. */
export function withinKind(document: ResultsDocument): ComparisonKind | undefined {
  if (document.cells.some((cell) => keyOf(cell).variant !== undefined)) return 'variants';
  return documentPythons(document).length >= 2 ? 'interpreters' : undefined;
}

/**
 * Compares within one document: its `baseline` variant cells with its `candidate` ones;
 * or, when it has no variants but several interpreters, each later interpreter's cells
 * with the first interpreter's cells of the same key. Undefined when it has neither.
 */
export function compareWithin(document: ResultsDocument, settings: ComparisonSettings): Comparison | undefined {
  const kind = withinKind(document);
  if (kind === undefined) return undefined;
  const index = indexCells(document.cells);
  const records = [document.scenarios ?? []];
  if (kind === 'variants') {
    const of = (variant: string): Map<string, Side> => sides(byMatchId(document.cells.filter((cell) => keyOf(cell).variant === variant)), index);
    return judge(kind, matchUp(of('baseline'), of('candidate')), settings, records);
  }
  const [first, ...others] = documentPythons(document);
  const matches: Match[] = [];
  for (const python of others) {
    // Each candidate cell is matched by the id its key would have under the first interpreter.
    const asFirst = (cell: Cell): string => matchId({ ...keyOf(cell), python: first as string });
    const baseline = sides(byMatchId(document.cells.filter((cell) => cell.key.python === first), asFirst), index);
    const candidate = sides(byMatchId(document.cells.filter((cell) => cell.key.python === python), asFirst), index);
    matches.push(...matchUp(baseline, candidate));
  }
  return judge(kind, matches, settings, records);
}
