import type { Expectation } from '../catalogue/scenario-schema.js';
import { cellLabel, formatParams, groupId } from '../core/cell-key.js';
import type { Cell, Finding, Interval } from '../results/results-schema.js';
import { median } from '../stats/descriptive.js';
import { medianConfidenceInterval } from '../stats/median-ci.js';

/** What the findings read of a scenario: its name and claims (a scenario record of a document will do). */
export type ClaimingScenario = { readonly name: string; readonly expectations?: readonly Expectation[] };

function sampleInterval(values: readonly number[], scale = 1): Interval | null {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return null;
  const ci = medianConfidenceInterval(finite);
  return { value: median(finite) * scale, ciLow: ci.low * scale, ciHigh: ci.high * scale };
}

/** The metric of a cell as a point value with a 95% interval. */
export function metricInterval(cell: Cell, metric: Expectation['metric']): Interval | null {
  const summary = cell.summary;
  if (summary === null) return null;
  switch (metric) {
    case 'speedup':
      return summary.speedup ?? null;
    case 'efficiency':
      return summary.efficiency ?? null;
    case 'wallMs':
      return { value: summary.wallNs.median / 1e6, ciLow: summary.wallNs.ciLow / 1e6, ciHigh: summary.wallNs.ciHigh / 1e6 };
    case 'cpuUtilisation':
      return sampleInterval(cell.samples.map((sample) => (sample.cpuUserNs + sample.cpuSysNs) / sample.wallNs));
    case 'latencyP99Ms':
      return sampleInterval(cell.samples.map((sample) => sample.latencyP99Ns ?? Number.NaN), 1e-6);
    default: {
      const name = metric.slice('metric:'.length);
      return sampleInterval(cell.samples.map((sample) => sample.metrics?.[name] ?? Number.NaN));
    }
  }
}

/** metric(a) / metric(b), with the conservative interval of a ratio of positive intervals. */
export function ratioInterval(a: Interval, b: Interval): Interval | null {
  if (b.value <= 0 || b.ciLow <= 0) return null;
  return { value: a.value / b.value, ciLow: a.ciLow / b.ciHigh, ciHigh: a.ciHigh / b.ciLow };
}

/** confirmed when the whole interval is on the claimed side, contradicted when wholly on the other. */
export function verdictOf(interval: Interval, op: '<=' | '>=', value: number): Finding['verdict'] {
  if (op === '>=') return interval.ciLow >= value ? 'confirmed' : interval.ciHigh < value ? 'contradicted' : 'inconclusive';
  return interval.ciHigh <= value ? 'confirmed' : interval.ciLow > value ? 'contradicted' : 'inconclusive';
}

function fmt(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function pickCell(cells: readonly Cell[], mode: string, workers: number | undefined): Cell | undefined {
  const candidates = cells.filter((cell) => cell.key.mode === mode && cell.status === 'ok');
  if (workers !== undefined) return candidates.find((cell) => cell.key.workers === workers);
  return candidates.sort((a, b) => b.key.workers - a.key.workers)[0];
}


/** Checks each scenario's declared expectations against the measured cells, one finding per claim and cell group. */
export function checkExpectations(scenarios: readonly ClaimingScenario[], cells: readonly Cell[], usableCpus: number): Finding[] {
  const findings: Finding[] = [];
  for (const scenario of scenarios) {
    // Shard copies of another shard's baseline are not this document's evidence twice.
    const own = cells.filter((cell) => cell.key.scenario === scenario.name && cell.baselineCopy !== true);
    const groups = new Map<string, Cell[]>();
    for (const cell of own) {
      const id = groupId(cell.key);
      groups.set(id, [...(groups.get(id) ?? []), cell]);
    }
    for (const expectation of scenario.expectations ?? []) {
      const base = { scenario: scenario.name, claim: expectation.claim };
      const matching = [...groups.values()].filter((group) =>
        Object.entries(expectation.params ?? {}).every(([name, value]) => group[0]?.key.params[name] === value),
      );
      if (matching.length === 0) {
        if (own.length > 0) findings.push({ ...base, verdict: 'inconclusive', evidence: 'not measured: the cells this claim is about did not run', notMeasured: true });
        continue;
      }
      for (const group of matching) {
        const first = group[0];
        const several = (pick: (cell: Cell) => string | undefined): boolean => new Set(own.map(pick)).size > 1;
        const where = matching.length > 1 || groups.size > 1
          ? ` [${[formatParams(first?.key.params ?? {}), several((c) => c.key.python) ? first?.key.python : '', several((c) => c.key.variant) ? first?.key.variant : ''].filter((part) => part !== '' && part !== undefined).join(' ')}]`
          : '';
        if (expectation.minUsableCpus !== undefined && usableCpus < expectation.minUsableCpus) {
          findings.push({ ...base, verdict: 'inconclusive', evidence: `needs ≥ ${expectation.minUsableCpus} usable CPUs; this machine has ${usableCpus}${where}` });
          continue;
        }
        const cell = pickCell(group, expectation.mode, expectation.workers);
        const other = expectation.than === undefined
          ? undefined
          : (pickCell(group, expectation.than, expectation.workers ?? cell?.key.workers) ?? pickCell(group, expectation.than, undefined));
        const a = cell === undefined ? null : metricInterval(cell, expectation.metric);
        const b = other === undefined ? null : metricInterval(other, expectation.metric);
        if (cell === undefined || a === null || (expectation.than !== undefined && (other === undefined || b === null))) {
          findings.push({ ...base, verdict: 'inconclusive', evidence: `not measured: no ok ${expectation.mode}${expectation.than === undefined ? '' : ` and ${expectation.than}`} cell with ${expectation.metric}${where}`, notMeasured: true });
          continue;
        }
        const interval = b === null ? a : ratioInterval(a, b);
        if (interval === null) {
          findings.push({ ...base, verdict: 'inconclusive', evidence: `cannot compare with a zero ${expectation.metric}${where}` });
          continue;
        }
        const what = other === undefined ? `${cellLabel(cell.key)} ${expectation.metric}` : `${cellLabel(cell.key)} / ${cellLabel(other.key)} ${expectation.metric}`;
        const evidence = `${what} = ${fmt(interval.value)} (95% CI ${fmt(interval.ciLow)}–${fmt(interval.ciHigh)}), claimed ${expectation.op} ${expectation.value}${where}`;
        findings.push({ ...base, verdict: verdictOf(interval, expectation.op, expectation.value), evidence });
      }
    }
  }
  return findings;
}
