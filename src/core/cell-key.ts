import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BASELINE_MODE, MODES } from './modes.js';

/** Which tree of an A/B run a cell comes from. */
export const VARIANTS = ['baseline', 'candidate'] as const;
export type Variant = (typeof VARIANTS)[number];

/** A cell's key: what it measured. Its id is derived from it, never stored apart from it. */
export const cellKeySchema = z.object({
  scenario: z.string(),
  mode: z.enum(MODES),
  workers: z.number().int().positive(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  python: z.string(),
  variant: z.enum(VARIANTS).optional(),
});

export type CellKey = z.infer<typeof cellKeySchema>;

/** The key as canonical JSON: fixed field order, parameters sorted by name, no variant when absent. */
function canonical(key: CellKey): string {
  const params = Object.fromEntries(Object.entries(key.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const parts: unknown[] = [key.scenario, key.mode, key.workers, params, key.python];
  if (key.variant !== undefined) parts.push(key.variant);
  return JSON.stringify(parts);
}

/** Hex digits of a cell id: 40 bits, so a collision among a few thousand cells is about one in a million. */
export const CELL_ID_LENGTH = 10;

/** The stable short id of a cell: a hash of its key. Every match of cells (tables, findings, compare, merge) uses it. */
export function cellId(key: CellKey): string {
  return createHash('sha256').update(canonical(key)).digest('hex').slice(0, CELL_ID_LENGTH);
}

/** The key without its variant: what a baseline and a candidate cell have in common. */
export function withoutVariant(key: CellKey): CellKey {
  const { variant: _variant, ...rest } = key;
  return rest;
}

/** The id a cell is matched by across documents or variants (its key without the variant). */
export function matchId(key: CellKey): string {
  return cellId(withoutVariant(key));
}

/** The id of the group a cell belongs to: same scenario, params, interpreter and variant (one table, one baseline). */
export function groupId(key: CellKey): string {
  return cellId({ ...key, mode: BASELINE_MODE, workers: 1 });
}

/** `mode w=2`, or `sequential`: how tables and findings name a cell within its group. */
export function cellLabel(key: Pick<CellKey, 'mode' | 'workers'>): string {
  return key.mode === BASELINE_MODE ? BASELINE_MODE : `${key.mode} w=${key.workers}`;
}

/** `tasks=8 span=6000`. */
export function formatParams(params: Readonly<Record<string, string | number>>): string {
  return Object.entries(params).map(([name, value]) => `${name}=${value}`).join(' ');
}

/**
 * A readable, stable name for exports and CI dashboards: `scenario/mode/w2/param=v…`, with the
 * interpreter (`@cpython-3.12.1`) and the variant (`#baseline`) where asked for or present.
 */
export function cellName(key: CellKey, options: { python?: boolean } = {}): string {
  const params = Object.entries(key.params).map(([name, value]) => `${name}=${value}`);
  const parts = [key.scenario, key.mode, `w${key.workers}`, ...params];
  return `${parts.join('/')}${options.python === true ? `@${key.python}` : ''}${key.variant === undefined ? '' : `#${key.variant}`}`;
}
