import { cellLabel } from '../core/cell-key.js';
import { BASELINE_MODE } from '../core/modes.js';
import type { Alternative, LossReason, Recommendation, RecommendedCell } from '../results/recommendation-schema.js';
import { goalLabel, goalUnit } from './goal-figure.js';
import { measuredCost, type RankedCell } from './ranked-cell.js';
import { durationText, figureIntervalText, ratioIntervalText, ratioText, sizeText, someOf } from './recommend-words.js';

/** The recommendation without its line: what the line is written from. */
export type RecommendationParts = Omit<Recommendation, 'text'>;

/** What each loss is called in the line: `threading w=2 loses to the GIL (0.98×)`. */
const LOSS_WORDS: Readonly<Record<Exclude<LossReason, 'slower'>, string>> = {
  'the-gil': 'the GIL',
  'one-thread': 'one thread',
  oversubscription: 'oversubscription',
  'start-up': 'start-up',
  pickling: 'pickling',
  'fewer-in-flight': 'fewer waits in flight',
};

/** What the load did to an answer it could not have decided. */
const LOAD_NOTE: Readonly<Record<'parallelise' | 'sequential' | 'no-baseline', (load: string) => string>> = {
  parallelise: (load) => `measured under load (${load}): parallel gains are understated`,
  sequential: (load) => `measured under load (${load}), which cannot explain losses this large`,
  'no-baseline': (load) => `measured under load (${load})`,
};

/** Tied cells the line names before "and N more". */
const NAMED_TIES = 2;

function label(cell: Pick<RecommendedCell, 'mode' | 'workers'>): string {
  return cellLabel(cell);
}

/** `1.6×` against one loop, or the figure itself where there is no baseline. */
function short(cell: RecommendedCell, goal: Recommendation['goal']): string {
  return cell.gain === null ? figureIntervalText(cell.figure, goalUnit(goal)).split(' (')[0] ?? '' : ratioText(cell.gain.value);
}

/** How the pick compares with one loop by the goal: `1.62× (1.41–1.80) faster than one loop`. */
function gainPhrase(cell: RecommendedCell, goal: Recommendation['goal']): string {
  const figure = `${goalLabel(goal)} ${figureIntervalText(cell.figure, goalUnit(goal))}`;
  if (cell.gain === null) return `best ${figure}`;
  if (goal.metric === 'wallMs') return `${ratioIntervalText(cell.gain)} faster than one loop`;
  return `${figure}, ${ratioIntervalText(cell.gain)} better than one loop`;
}

/** Why `pick` was preferred to `other`, a cell tied with it: fewer workers, or a cheaper model with its measured costs. */
export function preferenceText(pick: RankedCell, other: RankedCell): string {
  const [a, b] = [pick.cell, other.cell];
  if (a.key.mode === b.key.mode) return `${cellLabel(a.key)} needs fewer workers`;
  const [ca, cb] = [measuredCost(a), measuredCost(b)];
  const costs: string[] = [];
  if (ca.rssKb !== null && cb.rssKb !== null) costs.push(`peak RSS ${sizeText(ca.rssKb)} against ${sizeText(cb.rssKb)}`);
  if (ca.setupNs !== null && cb.setupNs !== null) costs.push(`start-up ${durationText(ca.setupNs)} against ${durationText(cb.setupNs)}`);
  const what = a.key.mode === BASELINE_MODE ? 'one loop needs no pool' : `${cellLabel(a.key)} is the lighter model`;
  return costs.length === 0 ? what : `${what} (${costs.join(', ')})`;
}

function loses(alternative: Alternative, goal: Recommendation['goal']): string {
  const figure = short(alternative, goal);
  if (alternative.lossTo !== 'slower' && alternative.lossTo !== null) return `${label(alternative)} loses to ${LOSS_WORDS[alternative.lossTo]} (${figure})`;
  return `${label(alternative)} ${goal.metric === 'wallMs' ? 'is slower' : 'falls behind'} (${figure})`;
}

function tiesText(parts: RecommendationParts, pick: RecommendedCell): string[] {
  const out: string[] = [];
  const best = parts.best;
  if (best !== null && best.id !== pick.id) out.push(`tied with the best, ${label(best)} (${short(best, parts.goal)}): ${parts.preferred ?? 'cheaper'}`);
  const others = parts.alternatives.filter((alternative) => alternative.verdict === 'tied' && alternative.id !== best?.id && alternative.mode !== BASELINE_MODE);
  if (others.length > 0) out.push(`${best !== null && best.id !== pick.id ? 'also tied' : 'tied'} with ${someOf(others.map((one) => `${label(one)} (${short(one, parts.goal)})`), NAMED_TIES)}`);
  return out;
}

function kneeText(parts: RecommendationParts): string[] {
  const knee = parts.knee;
  if (knee === null) return [];
  if (knee.stillRising) return [`still rising at w=${knee.workers}, the most tried`];
  const more = knee.tried.filter((workers) => workers > knee.workers).map((workers) => `w=${workers}`);
  return [`knee at w=${knee.workers}: ${more.join(', ')} gain${more.length === 1 ? 's' : ''} nothing beyond the noise`];
}

function headText(parts: RecommendationParts): string {
  const { pick, best, goal } = parts;
  switch (parts.verdict) {
    case 'nothing-measured':
      return `no recommendation: no cell measured ${goalLabel(goal)}`;
    case 'under-load': {
      const measured = best === null || best.mode === BASELINE_MODE ? 'one loop itself' : `${label(best)}, ${gainPhrase(best, goal)}`;
      return `⚠ no recommendation under load: ${parts.load ?? 'the machine was busy'}, and this work needs free CPUs; best measured: ${measured}; rerun on a quiet machine`;
    }
    case 'sequential':
      if (best === null || parts.alternatives.length === 0) return '→ one loop: no other model ran';
      if (best.mode !== BASELINE_MODE) {
        return `→ do not parallelise: nothing beats one loop beyond the noise (closest: ${label(best)}, ${best.gain === null ? short(best, goal) : ratioIntervalText(best.gain)})`;
      }
      return parts.alternatives.some((alternative) => alternative.verdict === 'tied')
        ? '→ do not parallelise: nothing beats one loop beyond the noise'
        : '→ do not parallelise: every other model is slower than one loop';
    default:
      return pick === null ? '' : `→ ${label(pick)}: ${gainPhrase(pick, goal)}`;
  }
}

/**
 * The one line under a table: the pick and its gain over one loop with its interval, the ties
 * (and why the pick was preferred among them), the knee, the runner-up's loss, and the load.
 */
export function recommendationText(parts: RecommendationParts): string {
  const segments = [headText(parts)];
  if (parts.verdict === 'parallelise' || parts.verdict === 'no-baseline') {
    if (parts.pick !== null) segments.push(...tiesText(parts, parts.pick));
    segments.push(...kneeText(parts));
  }
  if (parts.verdict !== 'under-load' && parts.verdict !== 'nothing-measured') {
    if (parts.runnerUp !== null) segments.push(loses(parts.runnerUp, parts.goal));
    if (parts.load !== null) segments.push(LOAD_NOTE[parts.verdict](parts.load));
  }
  return segments.join('; ');
}
