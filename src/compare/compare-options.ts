/**
 * The options of `pyconc compare`, and the one place its string flags become them. Every
 * bad value is a UsageError of one line naming the flag. Thresholds are percentages, read by
 * core/gate.ts's parseThreshold (`--threshold 10` or `10%`).
 */
import { closestName } from '../core/closest-name.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_ALPHA, DEFAULT_THRESHOLD, parseThreshold } from '../core/gate.js';
import { CORRECTIONS, type Correction } from '../stats/multiple-testing.js';
import { DEFAULT_CORRECTION } from './compare-cells.js';
import { ALLOWABLE } from './compare-exit.js';
import { COMPARE_METRICS, type CompareMetric } from './compare-metrics.js';
import { VERDICTS, type Verdict } from './verdict-schema.js';

export const COMPARE_FORMATS = ['table', 'markdown', 'json', 'html'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

/** What `runCompare` needs; {@link DEFAULT_COMPARE_OPTIONS} holds the defaults. */
export interface CompareOptions {
  /** Default `wall`. */
  metric: CompareMetric;
  /** Fraction (0.10 = ±10%) for scenarios without a threshold of their own. Default 0.10. */
  threshold: number;
  /** Fractions by `scenario` or `scenario:metric`, winning over scenario files' `gate.threshold`. Default none. */
  thresholds: Record<string, number>;
  /** Significance level of the corrected p-values. Default 0.01. */
  alpha: number;
  /** Default `holm`. */
  correction: Correction;
  /** Default `table`. */
  format: CompareFormat;
  /** Verdicts that also make the exit code 1, beside `regression`, `failed` and `missing`. Default none. */
  failOn: Verdict[];
  /** Of `failed` and `missing`, which do not fail the gate. Default none. */
  allow: Verdict[];
  /** ANSI colour in the table. Default false. */
  color: boolean;
}

export const DEFAULT_COMPARE_OPTIONS: Readonly<CompareOptions> = {
  metric: 'wall',
  threshold: DEFAULT_THRESHOLD,
  thresholds: {},
  alpha: DEFAULT_ALPHA,
  correction: DEFAULT_CORRECTION,
  format: 'table',
  failOn: [],
  allow: [],
  color: false,
};

/** `pyconc compare`'s flags as commander hands them over (camel-cased, strings). */
export interface RawCompareFlags {
  /** `--threshold <percent>` */
  threshold?: string;
  /** `--scenario-threshold <scenario[:metric]=percent>`, repeatable. */
  scenarioThreshold?: string[];
  /** `--alpha <p>` */
  alpha?: string;
  /** `--metric <wall|work|cpu|rss|speedup>` */
  metric?: string;
  /** `--correction <holm|bh>` */
  correction?: string;
  /** `--format <table|markdown|json>` */
  format?: string;
  /** `--fail-on <verdict,...>` */
  failOn?: string;
  /** `--allow <failed,missing>` */
  allow?: string;
  /** `--color` / `--no-color`, or decided by the caller from the terminal. */
  color?: boolean;
}

function hint(value: string, choices: readonly string[]): string {
  const near = closestName(value, choices);
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}

function choice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, got "${value}"${hint(value, choices)}`);
}

export { parseThreshold };

/** Repeated `--scenario-threshold scenario[:metric]=percent` as a map of fractions. */
export function parseThresholdMap(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) {
    const match = /^([^=:\s]+)(?::([a-z]+))?=(.+)$/.exec(value.trim());
    if (match?.[1] === undefined || match[3] === undefined) {
      throw new UsageError(`--scenario-threshold: expected scenario=percent or scenario:metric=percent, got "${value}"`);
    }
    const metric = match[2] === undefined ? undefined : choice('--scenario-threshold', match[2], COMPARE_METRICS);
    out[metric === undefined ? match[1] : `${match[1]}:${metric}`] = parseThreshold('--scenario-threshold', match[3]);
  }
  return out;
}

/** `--alpha`: a significance level strictly between 0 and 1. */
export function parseAlpha(raw: string): number {
  const alpha = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`--alpha: expected a level between 0 and 1 such as 0.01, got "${raw}"`);
  return alpha;
}

function verdictList(flag: string, raw: string, choices: readonly Verdict[]): Verdict[] {
  const parts = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) throw new UsageError(`${flag}: expected a comma-separated list of ${choices.join(', ')}`);
  return [...new Set(parts.map((part) => choice(flag, part, choices)))];
}

/** `--fail-on inconclusive`: verdicts that fail the gate besides regression, failed and missing. */
export function parseFailOn(raw: string): Verdict[] {
  return verdictList('--fail-on', raw, VERDICTS);
}

/** `--allow failed,missing`: what does not fail the gate after all. */
export function parseAllow(raw: string): Verdict[] {
  return verdictList('--allow', raw, ALLOWABLE);
}

/** Turns commander's string flags into CompareOptions, defaults filled in. */
export function parseCompareFlags(raw: RawCompareFlags): CompareOptions {
  const d = DEFAULT_COMPARE_OPTIONS;
  return {
    metric: raw.metric === undefined ? d.metric : choice('--metric', raw.metric, COMPARE_METRICS),
    threshold: raw.threshold === undefined ? d.threshold : parseThreshold('--threshold', raw.threshold),
    thresholds: parseThresholdMap(raw.scenarioThreshold ?? []),
    alpha: raw.alpha === undefined ? d.alpha : parseAlpha(raw.alpha),
    correction: raw.correction === undefined ? d.correction : choice('--correction', raw.correction, CORRECTIONS),
    format: raw.format === undefined ? d.format : choice('--format', raw.format, COMPARE_FORMATS),
    ...failAndAllow(raw),
    color: raw.color ?? d.color,
  };
}

/** `--fail-on` and `--allow`; a verdict in both is allowed (the config file may hold an old `fail-on: failed`). */
function failAndAllow(raw: RawCompareFlags): Pick<CompareOptions, 'failOn' | 'allow'> {
  return {
    failOn: raw.failOn === undefined ? [...DEFAULT_COMPARE_OPTIONS.failOn] : parseFailOn(raw.failOn),
    allow: raw.allow === undefined ? [...DEFAULT_COMPARE_OPTIONS.allow] : parseAllow(raw.allow),
  };
}
