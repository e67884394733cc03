import { describe, expect, it } from 'vitest';
import { metricInterval } from '../../src/analysis/metric-values.js';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import type { Cell } from '../../src/results/results-schema.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { makeDocument, okCell } from '../helpers/document.js';

/** A cell whose samples spend `setupNs` starting a pool and `workNs` on the tasks, with a little noise. */
function pooled(mode: Cell['key']['mode'], workers: number, setupNs: number, workNs: number): Cell {
  const cell = okCell(mode, workers, setupNs + workNs);
  cell.samples = [0.98, 1, 1.02, 0.99, 1.01].map((f) => ({ ...cell.samples[0]!, setupNs: setupNs * f, workNs: workNs * f, wallNs: (setupNs + workNs) * f }));
  return cell;
}

const slowStart = () => summariseGroup([pooled('sequential', 1, 0, 400e6), pooled('threading', 2, 0.1e6, 400e6), pooled('interpreters', 2, 300e6, 200e6)], { model: 'cpu' }, 2);

describe('work speedup', () => {
  it('is median sequential work over median work, beside the wall speedup', () => {
    const interpreters = slowStart()[2]!;
    expect(interpreters.summary?.speedup?.value).toBeCloseTo(0.8, 5);
    expect(interpreters.summary?.workSpeedup?.value).toBeCloseTo(2, 5);
    expect(interpreters.summary?.workSpeedup?.ciLow).toBeLessThanOrEqual(2);
    expect(metricInterval(interpreters, 'workSpeedup')?.value).toBeCloseTo(2, 5);
  });

  it('gets a column, and the setup one, where a pool starts slowly; the table stays within 120 columns (both optional columns take 27)', () => {
    const text = REPORTERS.table(makeDocument(slowStart()), { color: false });
    expect(text).toContain('work speedup');
    expect(text).toMatch(/setup/);
    expect(text).toMatch(/interpreters.*0\.8.*2(\.0)?×?/);
    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThanOrEqual(120);
    const markdown = REPORTERS.markdown(makeDocument(slowStart()), { color: false });
    expect(markdown).toContain('| work speedup |');
  });

  it('stays out of a table where work and wall agree', () => {
    const cells = summariseGroup([pooled('sequential', 1, 0, 400e6), pooled('threading', 2, 0.1e6, 200e6)], { model: 'cpu' }, 2);
    const text = REPORTERS.table(makeDocument(cells), { color: false });
    expect(text).not.toContain('work speedup');
    expect(text).not.toMatch(/\bsetup\b/);
  });
});
