import type { Cell } from '../../src/results/results-schema.js';
import { okCell } from './document.js';

/** An ok cell whose samples have these wall (and work) times in ms, with the stop reason given. */
export function timedCell(
  mode: Cell['key']['mode'],
  workers: number,
  wallMs: readonly number[],
  extra: Partial<Cell> & { params?: Record<string, number | string>; scenario?: string } = {},
): Cell {
  const { params, scenario, ...rest } = extra;
  const base = okCell(mode, workers, 1, {
    ...rest,
    ...(params === undefined && scenario === undefined ? {} : { key: { scenario: scenario ?? 'demo', mode, workers, params: params ?? { tasks: 8 }, python: 'cpython-3.11.7' } }),
  });
  const sample = base.samples[0];
  if (sample === undefined) throw new Error('okCell has samples');
  return {
    stopReason: 'max-time',
    ...base,
    samples: wallMs.map((ms) => ({ ...sample, wallNs: ms * 1e6, workNs: ms * 1e6, cpuUserNs: ms * 1e6 })),
  };
}
