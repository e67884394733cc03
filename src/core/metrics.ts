/**
 * The per-cell quantities as data: one row a quantity, with how it is read from a sample, how a
 * cell's summary keeps it, its unit and which way is better, and its name in each vocabulary that
 * refers to it: the registry's own (`wall`), a scenario's claims (`metric: wallMs`), `pyconc
 * compare --metric` (`wall`), the CSV (`wall_median_ns`, …) and the tables (`wall ±CI`). The claim
 * schema, the findings, `compare`, the summaries and the CSV read these rows, so a new statistic
 * is one row here (and its summary field in `measurements.ts`): docs/architecture.md, "Metrics".
 *
 * A workload's own metrics (`metrics: {items_per_s: 412.5}` in its reply) are a family of rows
 * made on demand by {@link workloadMetric}: claim name `metric:<name>`, CSV column `metric_<name>`.
 *
 * What is computed from samples (a median's interval) needs `stats/`, which sits above this
 * folder: `analysis/metric-values.ts` evaluates a row (`metricInterval(cell, name)`,
 * `metricSampleValues`); everything here is pure data and plain field access.
 */
import type { CellSummary, Sample } from './measurements.js';

/** What a finding's metric reads: the whole (cold) sample, the cold work time, or the warm work time of K > 1 values per process. */
export const FINDING_BASES = ['whole-sample', 'cold-work', 'warm-work'] as const;
export type FindingBasis = (typeof FINDING_BASES)[number];

/**
 * Units of a row's figures: `ns`, `ms`, `kb`; `ratio` (a speedup, 1.8×); `fraction` (a share,
 * 0.95 = 95%); `named`: a workload metric, whose name carries its unit (`us_per_unit`, `items_per_s`).
 */
export type MetricUnit = 'ns' | 'ms' | 'kb' | 'ratio' | 'fraction' | 'named';

/** Which way a change of the quantity is an improvement. */
export type Better = 'lower' | 'higher';

/** A cell as the registry reads it: its samples and summary (a results document's cell will do). */
export interface MeasuredCell {
  readonly samples: readonly Sample[];
  readonly summary: CellSummary | null;
}

/** One CSV column: its header and its value in a cell's row (empty when null or undefined). */
export interface CsvColumn {
  readonly title: string;
  readonly value: (cell: MeasuredCell) => string | number | boolean | null | undefined;
}

type StatsField = 'wallNs' | 'workNs' | 'setupNs';
type MedianField = 'cpuNs' | 'cpuUserNs' | 'cpuSysNs' | 'cpuUtilisation' | 'maxRssKb' | 'latencyP50Ns' | 'latencyP99Ns';
type IntervalField = 'speedup' | 'workSpeedup' | 'warmSpeedup' | 'efficiency';

/**
 * How a cell's summary keeps a quantity, which also says where its figure (value and 95% interval)
 * comes from:
 * - `stats`: full statistics of the samples' values (`summarize`); the figure is their median and
 *   its order-statistic interval;
 * - `median`: the median of the samples' values; the figure's interval is computed from the samples;
 * - `warm-stats`: statistics of the warm values (K > 1), the interval a cluster bootstrap over processes;
 * - `interval`: an interval the group's summary computes against its sequential cell (speedups, the ideal);
 * - `workload`: the median of a workload metric (`summary.metrics[name]`); interval as for `median`.
 */
export type SummaryKind =
  | { readonly as: 'stats'; readonly field: StatsField }
  | { readonly as: 'median'; readonly field: MedianField }
  | { readonly as: 'warm-stats'; readonly field: 'warmWorkNs' }
  | { readonly as: 'interval'; readonly field: IntervalField }
  | { readonly as: 'workload'; readonly name: string };

/** One per-cell quantity. */
export interface MetricRow {
  /** The registry's name (what `metricInterval(cell, name)` and the table columns call it). */
  readonly name: string;
  /** Its short name in sentences: `wall time`, `task p99` (the recommendation's words). */
  readonly label: string;
  /** What it is, in a few words (help texts, `compare` reports). */
  readonly description: string;
  /** Its table column title. */
  readonly title: string;
  /** Unit of its figure: what claims compare with and `metricInterval` returns. */
  readonly unit: MetricUnit;
  readonly better: Better;
  /** Its name in a scenario's claims (`metric: wallMs`); absent: no claim can name it. */
  readonly claim?: string;
  /** Its name in `pyconc compare --metric`; absent: not compared. Needs `sample` or `vsSequential`. */
  readonly compare?: string;
  /** Which values a claim on it reads (recorded in each finding). */
  readonly basis: FindingBasis;
  /** Its value in one sample, in the document's unit; absent for figures of a whole cell against another (speedups). */
  readonly sample?: { readonly unit: MetricUnit; readonly of: (sample: Sample) => number | null | undefined };
  /**
   * For a ratio to the group's sequential cell: the sample value it is a ratio of. `compare` gives
   * each sample median(sequential's values) / its own value, so the values' median is the cell's figure.
   */
  readonly vsSequential?: (sample: Sample) => number;
  readonly summary: SummaryKind;
  /** Document unit to `unit` (1e-6: ns to ms); 1 when they are the same. */
  readonly scale: number;
  /** Its CSV columns, in order. */
  readonly csv: readonly CsvColumn[];
}

const NS_TO_MS = 1e-6;

/** A cell's summary, or an empty one: a field it lacks is an empty CSV field. */
function summaryOf(cell: MeasuredCell): Partial<CellSummary> {
  return cell.summary ?? {};
}

/** A summary interval's three CSV columns: `speedup`, `speedup_ci_low`, `speedup_ci_high`. */
function intervalColumns(title: string, field: IntervalField): CsvColumn[] {
  return [
    { title, value: (cell) => summaryOf(cell)[field]?.value },
    { title: `${title}_ci_low`, value: (cell) => summaryOf(cell)[field]?.ciLow },
    { title: `${title}_ci_high`, value: (cell) => summaryOf(cell)[field]?.ciHigh },
  ];
}

/** A sample quantity kept as a median: one CSV column. */
function medianColumn(title: string, field: MedianField): CsvColumn {
  return { title, value: (cell) => summaryOf(cell)[field] };
}

const cpuNs = (sample: Sample): number => sample.cpuUserNs + sample.cpuSysNs;

/**
 * The registry. Order matters twice: it is the order claims and `compare` metrics are listed in,
 * and columns of rows added later go to the CSV in this order (the CSV keeps its historical layout
 * for the rest: report/csv-reporter.ts).
 */
export const METRIC_ROWS = [
  {
    name: 'wall', label: 'wall time', description: 'wall time of a sample', title: 'wall ±CI', unit: 'ms', better: 'lower',
    claim: 'wallMs', compare: 'wall', basis: 'whole-sample', scale: NS_TO_MS,
    sample: { unit: 'ns', of: (s) => s.wallNs }, summary: { as: 'stats', field: 'wallNs' },
    csv: [
      { title: 'wall_median_ns', value: (cell) => summaryOf(cell).wallNs?.median },
      { title: 'wall_ci_low_ns', value: (cell) => summaryOf(cell).wallNs?.ciLow },
      { title: 'wall_ci_high_ns', value: (cell) => summaryOf(cell).wallNs?.ciHigh },
    ],
  },
  {
    name: 'work', label: 'work time', description: 'wall time of the measured work, without setup', title: 'work', unit: 'ms', better: 'lower',
    claim: 'workMs', compare: 'work', basis: 'cold-work', scale: NS_TO_MS,
    sample: { unit: 'ns', of: (s) => s.workNs }, summary: { as: 'stats', field: 'workNs' },
    csv: [{ title: 'work_median_ns', value: (cell) => summaryOf(cell).workNs?.median }],
  },
  {
    name: 'setup', label: 'setup time', description: "the workload's setup and the pool's start-up, before the work", title: 'setup', unit: 'ms', better: 'lower',
    claim: 'setupMs', basis: 'whole-sample', scale: NS_TO_MS,
    sample: { unit: 'ns', of: (s) => s.setupNs }, summary: { as: 'stats', field: 'setupNs' },
    csv: [{ title: 'setup_median_ns', value: (cell) => summaryOf(cell).setupNs?.median }],
  },
  {
    name: 'cpu', label: 'CPU time', description: 'user + system CPU time', title: 'CPU time', unit: 'ms', better: 'lower',
    claim: 'cpuMs', compare: 'cpu', basis: 'whole-sample', scale: NS_TO_MS,
    sample: { unit: 'ns', of: cpuNs }, summary: { as: 'median', field: 'cpuNs' },
    csv: [medianColumn('cpu_median_ns', 'cpuNs')],
  },
  {
    name: 'cpuUser', label: 'user CPU time', description: 'user CPU time', title: 'CPU user', unit: 'ms', better: 'lower',
    basis: 'whole-sample', scale: NS_TO_MS,
    sample: { unit: 'ns', of: (s) => s.cpuUserNs }, summary: { as: 'median', field: 'cpuUserNs' },
    csv: [medianColumn('cpu_user_median_ns', 'cpuUserNs')],
  },
  {
    name: 'cpuSys', label: 'system CPU time', description: 'system CPU time', title: 'CPU sys', unit: 'ms', better: 'lower',
    basis: 'whole-sample', scale: NS_TO_MS,
    sample: { unit: 'ns', of: (s) => s.cpuSysNs }, summary: { as: 'median', field: 'cpuSysNs' },
    csv: [medianColumn('cpu_sys_median_ns', 'cpuSysNs')],
  },
  {
    // A share of one CPU: 2.0 is two CPUs busy for the whole sample. Higher is not "better" in itself;
    // as a figure to rank by, less CPU for the same work is.
    name: 'cpuUtilisation', label: 'CPU utilisation', description: 'CPU time over wall time (1 = one CPU busy)', title: 'CPU', unit: 'fraction', better: 'lower',
    claim: 'cpuUtilisation', basis: 'whole-sample', scale: 1,
    sample: { unit: 'fraction', of: (s) => (s.wallNs > 0 ? cpuNs(s) / s.wallNs : null) }, summary: { as: 'median', field: 'cpuUtilisation' },
    csv: [medianColumn('cpu_utilisation', 'cpuUtilisation')],
  },
  {
    name: 'rss', label: 'peak RSS', description: 'peak resident memory', title: 'RSS', unit: 'kb', better: 'lower',
    claim: 'maxRssKb', compare: 'rss', basis: 'whole-sample', scale: 1,
    sample: { unit: 'kb', of: (s) => s.maxRssKb }, summary: { as: 'median', field: 'maxRssKb' },
    csv: [medianColumn('max_rss_kb', 'maxRssKb')],
  },
  {
    name: 'latencyP50', label: 'task p50', description: 'median latency of a task', title: 'latency p50', unit: 'ms', better: 'lower',
    claim: 'latencyP50Ms', basis: 'whole-sample', scale: NS_TO_MS,
    sample: { unit: 'ns', of: (s) => s.latencyP50Ns }, summary: { as: 'median', field: 'latencyP50Ns' },
    csv: [medianColumn('latency_p50_median_ns', 'latencyP50Ns')],
  },
  {
    name: 'latencyP99', label: 'task p99', description: '99th percentile latency of a task', title: 'latency p99', unit: 'ms', better: 'lower',
    claim: 'latencyP99Ms', basis: 'whole-sample', scale: NS_TO_MS,
    sample: { unit: 'ns', of: (s) => s.latencyP99Ns }, summary: { as: 'median', field: 'latencyP99Ns' },
    csv: [medianColumn('latency_p99_median_ns', 'latencyP99Ns')],
  },
  {
    name: 'speedup', label: 'speedup', description: "speedup over the group's own sequential cell, per document (cancels drift between runs)",
    title: 'speedup, 95% CI', unit: 'ratio', better: 'higher',
    claim: 'speedup', compare: 'speedup', basis: 'whole-sample', scale: 1,
    vsSequential: (s) => s.wallNs, summary: { as: 'interval', field: 'speedup' },
    csv: intervalColumns('speedup', 'speedup'),
  },
  {
    name: 'workSpeedup', label: 'work speedup', description: "speedup of the work alone (setup left out) over the group's sequential cell",
    title: 'work speedup', unit: 'ratio', better: 'higher',
    claim: 'workSpeedup', basis: 'cold-work', scale: 1,
    summary: { as: 'interval', field: 'workSpeedup' },
    csv: intervalColumns('work_speedup', 'workSpeedup'),
  },
  {
    name: 'warmWork', label: 'warm work time', description: 'work time of runs 2..K of each sample process (--values-per-process K)',
    title: 'warm work ±CI', unit: 'ms', better: 'lower',
    claim: 'warmWorkMs', basis: 'warm-work', scale: NS_TO_MS,
    summary: { as: 'warm-stats', field: 'warmWorkNs' },
    csv: [
      { title: 'warm_values', value: (cell) => summaryOf(cell).warmWorkNs?.n },
      { title: 'warm_processes', value: (cell) => summaryOf(cell).warmWorkNs?.processes },
      { title: 'warm_work_median_ns', value: (cell) => summaryOf(cell).warmWorkNs?.median },
      { title: 'warm_work_ci_low_ns', value: (cell) => summaryOf(cell).warmWorkNs?.ciLow },
      { title: 'warm_work_ci_high_ns', value: (cell) => summaryOf(cell).warmWorkNs?.ciHigh },
      { title: 'warm_icc', value: (cell) => summaryOf(cell).warmWorkNs?.icc },
    ],
  },
  {
    name: 'warmSpeedup', label: 'warm speedup', description: "sequential's warm work time over this cell's: the steady-state speedup",
    title: 'warm speedup', unit: 'ratio', better: 'higher',
    claim: 'warmSpeedup', basis: 'warm-work', scale: 1,
    summary: { as: 'interval', field: 'warmSpeedup' },
    csv: intervalColumns('warm_speedup', 'warmSpeedup'),
  },
  {
    name: 'efficiency', label: 'efficiency', description: "the ideal work time over this cell's (1 = as fast as the ideal model allows)",
    title: 'ideal', unit: 'fraction', better: 'higher',
    claim: 'efficiency', basis: 'cold-work', scale: 1,
    summary: { as: 'interval', field: 'efficiency' },
    csv: intervalColumns('efficiency', 'efficiency'),
  },
] as const satisfies readonly MetricRow[];

type Row = (typeof METRIC_ROWS)[number];
/** A registry row's name. */
export type MetricName = Row['name'];
/** A name a scenario's claim may give besides `metric:<name>`. */
export type ClaimMetric = Extract<Row, { claim: string }>['claim'];
/** A name `pyconc compare --metric` takes. */
export type CompareMetric = Extract<Row, { compare: string }>['compare'];

/** The prefix of a workload metric's claim name: `metric:items_per_s`. */
export const WORKLOAD_METRIC_PREFIX = 'metric:';

function nonEmpty<T>(values: readonly T[]): readonly [T, ...T[]] {
  if (values.length === 0) throw new Error('the metric registry lists no such name');
  return values as readonly [T, ...T[]];
}

/** Every claim name, in registry order (the claim schema's enum). */
export const CLAIM_METRICS: readonly [ClaimMetric, ...ClaimMetric[]] = nonEmpty(
  METRIC_ROWS.flatMap((row: MetricRow) => (row.claim === undefined ? [] : [row.claim as ClaimMetric])),
);

/** Every `compare --metric` name, in registry order. */
export const COMPARE_METRICS: readonly [CompareMetric, ...CompareMetric[]] = nonEmpty(
  METRIC_ROWS.flatMap((row: MetricRow) => (row.compare === undefined ? [] : [row.compare as CompareMetric])),
);

/** Workload metric names that are rates (`items_per_s`): higher is better. Every other one (times, sizes, costs per unit) is lower-is-better. */
const RATE = /_per_s(ec|econd)?$/;

/** Whether a workload metric is a rate (`items_per_s`, `requests_per_second`), by its name. */
export function isRateMetric(name: string): boolean {
  return RATE.test(name);
}

/** Words of metric names that read better otherwise in a title. */
const TITLE_WORDS: Readonly<Record<string, string>> = { us: 'µs', kb: 'KB', mb: 'MB', io: 'I/O', cpu: 'CPU', increment: 'incr' };

/** A workload metric's title: `_per_` becomes `/`, other underscores spaces, a few words respelt (us_per_unit → µs/unit, io_p99_ms → I/O p99 ms). */
export function metricTitle(name: string): string {
  return name
    .split('_per_')
    .map((part) => part.split('_').map((word) => TITLE_WORDS[word] ?? word).join(' '))
    .join('/');
}

/**
 * The row of a workload metric, as its reply names it (`items_per_s`): the median of the samples'
 * values with their order-statistic interval; a rate (`_per_s`) is better higher, anything else lower.
 */
export function workloadMetric(name: string): MetricRow {
  return {
    name: `${WORKLOAD_METRIC_PREFIX}${name}`,
    label: name,
    description: `the workload's metric ${name}`,
    title: metricTitle(name),
    unit: 'named',
    better: isRateMetric(name) ? 'higher' : 'lower',
    claim: `${WORKLOAD_METRIC_PREFIX}${name}`,
    basis: 'whole-sample',
    sample: { unit: 'named', of: (sample) => sample.metrics?.[name] },
    summary: { as: 'workload', name },
    scale: 1,
    csv: [{ title: `metric_${name}`, value: (cell) => cell.summary?.metrics?.[name] }],
  };
}

const BY_NAME = new Map<string, MetricRow>();
for (const row of METRIC_ROWS as readonly MetricRow[]) {
  for (const alias of [row.name, row.claim, row.compare]) if (alias !== undefined) BY_NAME.set(alias, row);
}

/**
 * The row a name refers to, in any vocabulary: the registry's (`latencyP99`), a claim's
 * (`latencyP99Ms`, `metric:io_p99_ms`) or `compare`'s (`wall`); undefined for an unknown name.
 * This is where "which figure, which direction, which unit" is looked up by name; its value and
 * 95% interval for a cell is `metricInterval(cell, name)` (analysis/metric-values.ts).
 */
export function findMetric(name: string): MetricRow | undefined {
  if (name.startsWith(WORKLOAD_METRIC_PREFIX) && name.length > WORKLOAD_METRIC_PREFIX.length) return workloadMetric(name.slice(WORKLOAD_METRIC_PREFIX.length));
  return BY_NAME.get(name);
}

/** The registry row of a name the code itself spells (a claim, compare or registry name); throws for an unknown one. */
export function metricRow(name: MetricName | ClaimMetric | CompareMetric | `metric:${string}`): MetricRow {
  const row = findMetric(name);
  if (row === undefined) throw new Error(`no metric named ${name} in the registry`);
  return row;
}

/** Whether `a` is a better figure than `b` for this row (strictly). */
export function isBetter(row: Pick<MetricRow, 'better'>, a: number, b: number): boolean {
  return row.better === 'higher' ? a > b : a < b;
}
