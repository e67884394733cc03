import type { Sample, WarmStats } from '../results/results-schema.js';
import { CLUSTER_BOOTSTRAP_METHOD, clusterBootstrapMedian } from '../stats/cluster-bootstrap.js';
import { intraclassCorrelation } from '../stats/intraclass-correlation.js';
import { summarize } from '../stats/summary.js';

/**
 * The warm work times of a cell, one array per sample process (runs 2..K of its tasks), or null
 * unless every sample has some: a cell measured with one value per process (or by a harness
 * that predates them) has no warm values, and a partial set would weigh some processes twice.
 */
export function warmClusters(samples: readonly Pick<Sample, 'warmWorkNs'>[]): number[][] | null {
  if (samples.length === 0) return null;
  const clusters = samples.map((sample) => sample.warmWorkNs ?? []);
  return clusters.every((values) => values.length > 0) ? clusters : null;
}

/**
 * Statistics of the warm values: the descriptive ones over every value, the median's interval by
 * the two-stage cluster bootstrap (the process, not the value, is the independent unit), the ICC.
 */
export function summariseWarm(clusters: readonly (readonly number[])[]): WarmStats {
  const ci = clusterBootstrapMedian(clusters);
  return {
    ...summarize(clusters.flat()),
    ciLow: ci.ciLow,
    ciHigh: ci.ciHigh,
    processes: clusters.length,
    ciMethod: CLUSTER_BOOTSTRAP_METHOD,
    icc: intraclassCorrelation(clusters),
  };
}
