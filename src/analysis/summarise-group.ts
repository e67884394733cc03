import type { IdealModel } from '../catalogue/scenario-schema.js';
import { groupId } from '../core/cell-key.js';
import { METRIC_ROWS, type MetricRow } from '../core/metrics.js';
import { BASELINE_MODE } from '../core/modes.js';
import type { Cell, CellSummary, Sample } from '../results/results-schema.js';
import { clusterBootstrapRatio } from '../stats/cluster-bootstrap.js';
import { median } from '../stats/descriptive.js';
import { speedup } from '../stats/speedup.js';
import { summarize } from '../stats/summary.js';
import { efficiencyInterval, isSuspect } from './efficiency.js';
import { idealWorkNs } from './ideal.js';
import { sampleMedian } from './metric-values.js';
import { summariseWarm, warmClusters } from './warm-values.js';

function metricMedians(samples: readonly Sample[]): Record<string, number> {
  const names = new Set(samples.flatMap((sample) => Object.keys(sample.metrics ?? {})));
  const out: Record<string, number> = {};
  for (const name of names) {
    const value = sampleMedian(samples, (sample) => sample.metrics?.[name]);
    if (value !== null) out[name] = value;
  }
  return out;
}

/**
 * The per-cell summary that does not depend on other cells, as the metric registry says each
 * quantity is kept (`stats` or a `median` of its sample values): the cold figures (each process's
 * first run), the workload's metrics, and the warm work times when K > 1.
 */
export function summariseCell(samples: readonly Sample[]): CellSummary | null {
  if (samples.length === 0) return null;
  const warm = warmClusters(samples);
  const kept: Record<string, unknown> = {};
  for (const row of METRIC_ROWS as readonly MetricRow[]) {
    const { summary, sample } = row;
    if (sample === undefined) continue;
    if (summary.as === 'stats') kept[summary.field] = summarize(samples.map((one) => sample.of(one) ?? Number.NaN));
    else if (summary.as === 'median') kept[summary.field] = sampleMedian(samples, sample.of);
  }
  return {
    ...(kept as Pick<CellSummary, 'wallNs'>),
    metrics: metricMedians(samples),
    ...(warm === null ? {} : { warmWorkNs: summariseWarm(warm) }),
  };
}

/**
 * Completes the cells of one group (same scenario, params, interpreter): checksums against
 * sequential, speedups with their CI (of the whole sample and of the work alone), efficiency against the ideal, suspect results.
 */
export function summariseGroup(cells: readonly Cell[], ideal: IdealModel | null, usableCpus: number): Cell[] {
  const baseline = cells.find((cell) => cell.key.mode === BASELINE_MODE && cell.status === 'ok');
  const baselineWall = baseline?.samples.map((sample) => sample.wallNs) ?? [];
  const baselineWorkSamples = baseline?.samples.map((sample) => sample.workNs) ?? [];
  const sequentialWorkNs = baselineWorkSamples.length === 0 ? null : median(baselineWorkSamples);
  const baselineWarm = baseline === undefined ? null : warmClusters(baseline.samples);
  return cells.map((cell) => {
    let { status, reason } = cell;
    if (status === 'ok' && baseline !== undefined && cell !== baseline && cell.checksum !== baseline.checksum) {
      status = 'failed';
      reason = `checksum ${cell.checksum ?? 'none'} differs from sequential's ${baseline.checksum ?? 'none'}: this mode computed something else`;
    }
    const summary = summariseCell(cell.samples);
    if (summary === null || status !== 'ok') return { ...cell, status, reason, summary };
    if (baselineWall.length > 0) {
      summary.speedup = speedup(baselineWall, cell.samples.map((sample) => sample.wallNs));
      // The work alone: a pool that starts slowly but runs in parallel shows here, not in the wall speedup.
      summary.workSpeedup = speedup(baselineWorkSamples, cell.samples.map((sample) => sample.workNs));
    }
    const warm = warmClusters(cell.samples);
    // Steady state: warm work against sequential's warm work, both resampled by process.
    if (baselineWarm !== null && warm !== null) summary.warmSpeedup = clusterBootstrapRatio(baselineWarm, warm);
    const idealNs = idealWorkNs(ideal, cell.key, sequentialWorkNs, usableCpus);
    summary.idealWallNs = idealNs;
    if (idealNs !== null) {
      // Work (not wall) is compared with the ideal: pool start-up is real cost, but no work can beat
      // physics. A CPU ideal is sequential's work shared out, so sequential's samples are resampled too;
      // sequential against its own ideal is 1 by definition.
      const ownBaseline = cell === baseline && ideal?.model === 'cpu';
      const efficiency = ownBaseline
        ? { value: 1, ciLow: 1, ciHigh: 1 }
        : efficiencyInterval(idealNs, cell.samples.map((sample) => sample.workNs), ideal?.model === 'cpu' ? baselineWorkSamples : null);
      summary.efficiency = efficiency;
      summary.suspect = cell.key.mode !== BASELINE_MODE && efficiency !== null && isSuspect(efficiency);
    }
    return { ...cell, status, reason, summary };
  });
}

/** The part of a scenario the summaries read. */
export type SummarisedScenario = { readonly name: string; readonly ideal?: IdealModel | null };

/** summariseGroup over each group (scenario, params, interpreter, variant) of `cells`, in their order. */
export function summariseGroups(cells: readonly Cell[], scenarios: readonly SummarisedScenario[], usableCpus: number): Cell[] {
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const id = groupId(cell.key);
    groups.set(id, [...(groups.get(id) ?? []), cell]);
  }
  const ideals = new Map(scenarios.map((scenario) => [scenario.name, scenario.ideal ?? null]));
  const summarised = new Map<string, Cell>();
  for (const group of groups.values()) {
    const first = group[0];
    if (first === undefined) continue;
    for (const cell of summariseGroup(group, ideals.get(first.key.scenario) ?? null, usableCpus)) summarised.set(cell.id, cell);
  }
  return cells.map((cell) => summarised.get(cell.id) ?? cell);
}

/** In an A/B run: candidate cells whose checksum differs from the baseline tree's sequential cell are failed. */
export function failMismatchedCandidates(cells: readonly Cell[]): Cell[] {
  const baselineChecksum = new Map<string, string | null>();
  for (const cell of cells) {
    if (cell.key.variant === 'baseline' && cell.key.mode === BASELINE_MODE && cell.status === 'ok') baselineChecksum.set(groupId({ ...cell.key, variant: 'candidate' }), cell.checksum);
  }
  return cells.map((cell) => {
    const expected = cell.key.variant === 'candidate' ? baselineChecksum.get(groupId(cell.key)) : undefined;
    if (expected === undefined || cell.status !== 'ok' || cell.checksum === expected) return cell;
    return { ...cell, status: 'failed', reason: `checksum ${cell.checksum ?? 'none'} differs from the baseline tree's ${expected ?? 'none'}: the candidate computes something else` };
  });
}
