import { describe, expect, it } from 'vitest';
import { efficiencyInterval, isSuspect, SUSPECT_MARGIN } from '../../src/analysis/efficiency.js';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { scenarioRecord } from '../../src/results/build-document.js';
import { makeDocument } from '../helpers/document.js';
import { timedCell } from '../helpers/samples.js';
import { makeScenario } from '../helpers/scenario.js';

describe('isSuspect', () => {
  it('is suspect exactly when the whole efficiency interval lies above the ideal, past a 2% margin', () => {
    // cpu-pure asyncio w=2 in a real run: speedup 1.41× (0.84–2.5), efficiency interval 1.06–1.61.
    expect(isSuspect({ value: 1.41, ciLow: 1.06, ciHigh: 1.61 })).toBe(true);
    expect(isSuspect({ value: 1.2, ciLow: 0.97, ciHigh: 1.5 })).toBe(false);
    expect(isSuspect({ value: 1.05, ciLow: 1 + SUSPECT_MARGIN, ciHigh: 1.1 })).toBe(false);
  });
});

describe('efficiencyInterval', () => {
  it('is ideal / median(work) with the work resampled, for a fixed (I/O) ideal', () => {
    const interval = efficiencyInterval(100e6, [100e6, 104e6, 110e6, 102e6, 106e6], null);
    expect(interval?.value).toBeCloseTo(100 / 104, 10);
    expect(interval!.ciLow).toBeLessThan(interval!.value);
    expect(interval!.ciHigh).toBeLessThanOrEqual(1);
  });

  it('carries the baseline’s uncertainty too for a CPU ideal: wider than with the baseline fixed', () => {
    const work = [420e6, 430e6, 425e6, 415e6, 435e6];
    const baseline = [590e6, 600e6, 610e6, 620e6, 900e6];
    const both = efficiencyInterval(600e6, work, baseline)!;
    const fixed = efficiencyInterval(600e6, work, null)!;
    // The estimate is the same ideal at sequential's median; only the interval grows.
    expect(both.value).toBeCloseTo(fixed.value, 10);
    expect(both.ciHigh - both.ciLow).toBeGreaterThan(fixed.ciHigh - fixed.ciLow);
  });
});

describe('a result the ideal forbids', () => {
  // Like cpu-pure on a busy machine: sequential disturbed (one slow round pulls nothing, its median
  // is what counts), asyncio w=2 on one CPU measured 1.41× faster than the sequential it must equal.
  const scenario = makeScenario({ name: 'demo', ideal: { model: 'cpu' }, modes: ['sequential', 'asyncio', 'multiprocessing'] });
  const cells = summariseGroup(
    [
      timedCell('sequential', 1, [580, 590, 600, 610, 900]),
      timedCell('asyncio', 2, [415, 420, 425, 430, 435]),
      timedCell('multiprocessing', 2, [300, 305, 310, 315, 320]),
      timedCell('async-processes', 2, [285, 295, 298, 305, 310]),
    ],
    scenario.ideal,
    2,
  );
  const asyncio = cells[1]!;
  const text = REPORTERS.table(makeDocument(cells, { scenarios: [scenarioRecord(scenario)] }), { color: false });
  const row = text.split('\n').find((line) => line.includes('asyncio')) ?? '';

  it('is suspect on one efficiency interval that lies wholly above 100%', () => {
    expect(asyncio.summary?.speedup?.value).toBeCloseTo(600 / 425, 10);
    expect(asyncio.summary?.efficiency?.ciLow).toBeGreaterThan(1.02);
    expect(asyncio.summary?.suspect).toBe(true);
  });

  it('shows the interval’s estimate (141%), never ≈100%, and SUSPECT with a note in plain words', () => {
    expect(row).toMatch(/141%/);
    expect(row).not.toMatch(/≈100%/);
    expect(row).toMatch(/SUSPECT \[1\]/);
    expect(text).toMatch(/\[1\] asyncio w=2: faster than the ideal allows \(ideal 141% \(\d+–\d+%\)\), which no mode can be: the baseline or these samples were disturbed/);
    expect(text).toMatch(/not a fast mode/);
  });

  it('keeps ≈100% for a cell whose interval reaches down to the ideal, and a plain percentage below it', () => {
    const mp = cells[2]!;
    expect(mp.summary?.suspect).toBe(false);
    const mpRow = text.split('\n').find((line) => line.includes('multiprocessing')) ?? '';
    expect(mpRow).toMatch(/97%/); // 600 / 2 CPUs over 310 ms
    const near = cells[3]!;
    expect(near.summary?.efficiency?.value).toBeCloseTo(300 / 298, 10);
    expect(near.summary?.suspect).toBe(false);
    expect(text.split('\n').find((line) => line.includes('async-processes'))).toMatch(/≈100%.*ok/);
  });
});
