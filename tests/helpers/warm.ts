import type { Cell } from '../../src/results/results-schema.js';
import { okCell } from './document.js';

/**
 * An ok cell of `processes` samples whose cold wall is `coldNs` (setup `setupNs` of it) and whose K − 1
 * warm work times are `warmNs` scaled a little per process (±1%), so every interval has some width.
 */
export function warmCell(mode: Cell['key']['mode'], workers: number, coldNs: number, warmNs: number, k = 3, processes = 8, setupNs = coldNs * 0.5): Cell {
  const cell = okCell(mode, workers, coldNs);
  const base = cell.samples[0];
  if (base === undefined) throw new Error('okCell has samples');
  cell.samples = Array.from({ length: processes }, (_, i) => {
    const f = 1 + ((i % 5) - 2) * 0.005;
    const warmWorkNs = Array.from({ length: k - 1 }, (_, j) => warmNs * f * (1 + j * 0.001));
    return { ...base, wallNs: coldNs * f, setupNs, workNs: (coldNs - setupNs) * f, warmWorkNs };
  });
  return cell;
}
