import { formatParams, type CellKey } from '../core/cell-key.js';
import type { ResultsDocument } from '../results/results-schema.js';
import { namedCells, type NamedCell } from './cell-names.js';
import type { Exporter } from './exporter.js';

/** One entry of github-action-benchmark's custom tools (`customSmallerIsBetter`). */
export interface GabEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

/**
 * Milliseconds: pyconc's cells take from about a millisecond to a few seconds, so values read as
 * 41.2 or 1230 rather than 41200000 ns or 0.0412 s; the action charts the number as given and
 * never converts units.
 */
export const GAB_UNIT = 'ms';

const NS_PER_MS = 1e6;

type Interpreters = ResultsDocument['interpreters'];

/** Milliseconds to the microsecond, without trailing zeros: 405.123, 412. */
function ms(ns: number): string {
  return String(Number((ns / NS_PER_MS).toFixed(3)));
}

function interpreterText(id: string, interpreters: Interpreters): string {
  const interpreter = interpreters.find((candidate) => candidate.id === id);
  if (interpreter === undefined) return id;
  // The id already names implementation and version; what it may not say is how the GIL stood.
  const build = interpreter.freeThreadedBuild ? 'free-threaded build, ' : '';
  return `${id} (${build}GIL ${interpreter.gilEnabled ? 'enabled' : 'disabled'})`;
}

/** What the tooltip shows under the value: the rest of the key and how many samples the median is of. */
function extraText({ cell }: NamedCell, interpreters: Interpreters): string {
  // The core key type: the results schema's own key does not name the variant yet.
  const key: CellKey = cell.key;
  const lines = [
    `mode: ${key.mode}`,
    `workers: ${key.workers}`,
    `params: ${Object.keys(key.params).length === 0 ? 'none' : formatParams(key.params)}`,
    `python: ${interpreterText(key.python, interpreters)}`,
    ...(key.variant === undefined ? [] : [`variant: ${key.variant}`]),
    `samples: ${cell.summary.wallNs.n}`,
  ];
  return lines.join('\n');
}

/**
 * The entries: each ok cell's median wall time in ms; `range` is its 95% confidence interval,
 * written out as low–high because a median's interval is rarely symmetric (a `± x` would hide that).
 */
export function toGab(document: ResultsDocument): GabEntry[] {
  return namedCells(document).map((named) => {
    const { median, ciLow, ciHigh } = named.cell.summary.wallNs;
    return {
      name: named.name,
      unit: GAB_UNIT,
      value: median / NS_PER_MS,
      range: `95% CI ${ms(ciLow)}–${ms(ciHigh)}`,
      extra: extraText(named, document.interpreters),
    };
  });
}

/** `--export-gab`: the JSON list for github-action-benchmark with `tool: customSmallerIsBetter`. */
export const gabExporter: Exporter = (document) => `${JSON.stringify(toGab(document), null, 2)}\n`;
