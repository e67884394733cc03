import { didYouMean } from '../core/closest-name.js';
import { UsageError } from '../core/errors.js';
import { MODES, isMode, type Mode } from '../core/modes.js';
import { OUTPUT_FORMATS, START_METHODS, type OutputFormat, type StartMethod, type WorkerCount } from '../core/settings.js';
import { DEFAULT_MAX_TIME_S, DEFAULT_VALUES_PER_PROCESS, type RunOptions } from '../commands/run-options.js';
import { SHOW_VALUES, type ShowValues } from '../report/reporter.js';
import { parseExportFlags } from '../export/write-exports.js';
import { GIL_STATES, type GilState } from '../python/gil-states.js';

/** The flags as commander hands them over (all optional strings/booleans). */
export interface RawRunFlags {
  modes?: string;
  workers?: string;
  param?: string[];
  python?: string;
  gil?: string;
  runs?: string;
  minRuns?: string;
  maxRuns?: string;
  warmup?: string;
  precision?: string;
  maxTime?: string;
  timeout?: string;
  valuesPerProcess?: string;
  show?: string;
  quick?: boolean;
  scenarios?: string[];
  output?: string;
  format?: string;
  startMethod?: string;
  chunksize?: string;
  failFast?: boolean;
  baselineScenarios?: string[];
  shard?: string;
  stepSummary?: boolean;
  charts?: boolean;
  showOutput?: boolean;
  /** `--export-<format>` values, by commander's attribute names (exportJson, exportBmf, …). */
  [exportFlag: `export${string}`]: string | undefined;
}

function splitList(value: string): string[] {
  return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

function integer(flag: string, value: string, min: number): number {
  const number = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < min) {
    throw new UsageError(`${flag}: expected an integer ≥ ${min}, got "${value}"`);
  }
  return number;
}

function positiveNumber(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new UsageError(`${flag}: expected a positive number, got "${value}"`);
  }
  return number;
}

/** Parses `--workers 1,2,auto`. */
export function parseWorkers(value: string): WorkerCount[] {
  const parts = splitList(value);
  if (parts.length === 0) throw new UsageError('--workers: expected a comma-separated list like 1,2,auto');
  return parts.map((part) => (part === 'auto' ? 'auto' : integer('--workers', part, 1)));
}

/** Parses `--modes a,b`. */
export function parseModes(value: string): Mode[] {
  const parts = splitList(value);
  if (parts.length === 0) throw new UsageError(`--modes: expected a comma-separated list of ${MODES.join(', ')}`);
  for (const part of parts) {
    if (!isMode(part)) throw new UsageError(`--modes: unknown mode "${part}"${didYouMean(part, MODES)}; modes are ${MODES.join(', ')}`);
  }
  return [...new Set(parts as Mode[])];
}

/** Parses repeated `--param name=v1,v2`. */
export function parseParams(values: readonly string[]): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  for (const value of values) {
    const match = /^([a-z_][a-z0-9_]*)=(.+)$/.exec(value.trim());
    const list = match?.[2] === undefined ? [] : splitList(match[2]);
    if (match?.[1] === undefined || list.length === 0) {
      throw new UsageError(`--param: expected name=value[,value...], got "${value}"`);
    }
    params[match[1]] = list;
  }
  return params;
}

/** Parses `--chunksize N|auto`. */
export function parseChunksize(value: string): number | 'auto' {
  return value.trim() === 'auto' ? 'auto' : integer('--chunksize', value, 1);
}

/** Parses `--shard K/N` (1 ≤ K ≤ N). */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard: expected K/N with 1 ≤ K ≤ N, like 1/3, got "${value}"`);
  }
  return { index, count };
}

function parseGil(value: string): GilState[] {
  const states = splitList(value);
  const wrong = states.find((state) => !(GIL_STATES as readonly string[]).includes(state));
  if (states.length === 0 || wrong !== undefined) throw new UsageError(`--gil: expected on, off or on,off, got "${value}"`);
  return [...new Set(states as GilState[])];
}

/** Parses `--show auto|cold|warm` (run and report). */
export function parseShow(value: string | undefined): ShowValues {
  if (value === undefined) return 'auto';
  if (!(SHOW_VALUES as readonly string[]).includes(value)) throw new UsageError(`--show: expected one of ${SHOW_VALUES.join(', ')}, got "${value}"`);
  return value as ShowValues;
}

/** Turns raw flags into RunOptions, checking each flag and the rules between flags once. */
export function parseRunOptions(scenarios: readonly string[], flags: RawRunFlags): RunOptions {
  const quick = flags.quick === true;
  const fixedRuns = flags.runs === undefined ? null : integer('--runs', flags.runs, 1);
  if (fixedRuns !== null && (flags.minRuns !== undefined || flags.maxRuns !== undefined)) {
    throw new UsageError('--runs fixes the count; it cannot be combined with --min-runs or --max-runs');
  }
  const minRuns = fixedRuns ?? (flags.minRuns === undefined ? (quick ? 3 : 5) : integer('--min-runs', flags.minRuns, 1));
  const maxRuns = fixedRuns ?? (flags.maxRuns === undefined ? Math.max(minRuns, quick ? 3 : 30) : integer('--max-runs', flags.maxRuns, 1));
  if (maxRuns < minRuns) throw new UsageError(`--max-runs (${maxRuns}) is smaller than --min-runs (${minRuns})`);
  const format = flags.format ?? 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: expected one of ${OUTPUT_FORMATS.join(', ')}, got "${format}"`);
  }
  const startMethod = flags.startMethod ?? null;
  if (startMethod !== null && !(START_METHODS as readonly string[]).includes(startMethod)) {
    throw new UsageError(`--start-method: expected one of ${START_METHODS.join(', ')}, got "${startMethod}"`);
  }
  const pythons = flags.python === undefined ? ['python3'] : splitList(flags.python);
  if (pythons.length === 0) throw new UsageError('--python: expected a path or a command name');
  const precisionPercent = flags.precision === undefined ? 3 : positiveNumber('--precision', flags.precision.replace(/%$/, ''));
  return {
    scenarios: [...new Set(scenarios)],
    scenarioDirs: flags.scenarios ?? [],
    modes: flags.modes === undefined ? null : parseModes(flags.modes),
    workers: flags.workers === undefined ? null : parseWorkers(flags.workers),
    params: parseParams(flags.param ?? []),
    pythons,
    gil: flags.gil === undefined ? null : parseGil(flags.gil),
    quick,
    minRuns,
    maxRuns,
    warmup: flags.warmup === undefined ? (quick ? 0 : 1) : integer('--warmup', flags.warmup, 0),
    precision: precisionPercent / 100,
    maxTimeS: flags.maxTime === undefined ? DEFAULT_MAX_TIME_S : positiveNumber('--max-time', flags.maxTime),
    timeoutS: flags.timeout === undefined ? 60 : positiveNumber('--timeout', flags.timeout),
    valuesPerProcess: flags.valuesPerProcess === undefined ? DEFAULT_VALUES_PER_PROCESS : integer('--values-per-process', flags.valuesPerProcess, 1),
    show: parseShow(flags.show),
    startMethod: startMethod as StartMethod | null,
    chunksize: flags.chunksize === undefined ? null : parseChunksize(String(flags.chunksize)),
    output: flags.output ?? null,
    format: format as OutputFormat,
    failFast: flags.failFast === true,
    baselineDirs: flags.baselineScenarios ?? [],
    exports: parseExportFlags(flags as Readonly<Record<string, unknown>>, { output: flags.output ?? null }),
    stepSummary: flags.stepSummary !== false,
    charts: flags.charts !== false,
    showOutput: flags.showOutput === true,
    shard: flags.shard === undefined ? null : parseShard(flags.shard),
  };
}
