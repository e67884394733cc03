import { describe, expect, it } from 'vitest';
import { checkExpectations, ratioInterval, verdictOf } from '../../src/analysis/check-expectations.js';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { okCell } from '../helpers/document.js';
import { makeScenario } from '../helpers/scenario.js';

const noisy = (mode: 'sequential' | 'threading' | 'multiprocessing', workers: number, base: number) => {
  const cell = okCell(mode, workers, base);
  cell.samples = [0.98, 1, 1.02, 0.99, 1.01, 1].map((f) => ({ ...cell.samples[0]!, wallNs: base * f, workNs: base * f }));
  return cell;
};

describe('verdictOf', () => {
  it('needs the whole interval on one side', () => {
    expect(verdictOf({ value: 2, ciLow: 1.8, ciHigh: 2.2 }, '>=', 1.5)).toBe('confirmed');
    expect(verdictOf({ value: 1, ciLow: 0.9, ciHigh: 1.1 }, '>=', 1.5)).toBe('contradicted');
    expect(verdictOf({ value: 1.5, ciLow: 1.4, ciHigh: 1.6 }, '>=', 1.5)).toBe('inconclusive');
    expect(verdictOf({ value: 1, ciLow: 0.9, ciHigh: 1.1 }, '<=', 1.15)).toBe('confirmed');
    expect(verdictOf({ value: 2, ciLow: 1.9, ciHigh: 2.1 }, '<=', 1.15)).toBe('contradicted');
  });
});

describe('ratioInterval', () => {
  it('is conservative', () => {
    expect(ratioInterval({ value: 2, ciLow: 1, ciHigh: 3 }, { value: 1, ciLow: 0.5, ciHigh: 2 })).toEqual({ value: 2, ciLow: 0.5, ciHigh: 6 });
  });
});

describe('checkExpectations', () => {
  const scenario = makeScenario({
    expectations: [
      { claim: 'threads give no speedup', mode: 'threading', metric: 'speedup', op: '<=', value: 1.15 },
      { claim: 'processes are faster', mode: 'multiprocessing', metric: 'speedup', op: '>=', value: 1.3, minUsableCpus: 2 },
      { claim: 'threads scale like processes', mode: 'threading', metric: 'speedup', op: '>=', value: 0.7, than: 'multiprocessing' },
      { claim: 'about a tiny param', mode: 'threading', metric: 'speedup', op: '>=', value: 1, params: { tasks: 99 } },
    ],
  });
  const cells = summariseGroup([noisy('sequential', 1, 400e6), noisy('threading', 2, 400e6), noisy("multiprocessing", 2, 200e6)], scenario.ideal, 2);

  it('confirms, contradicts and reports evidence in numbers', () => {
    const findings = checkExpectations([scenario], cells, 2);
    expect(findings.map((finding) => finding.verdict)).toEqual(['confirmed', 'confirmed', 'contradicted', 'inconclusive']);
    expect(findings[0]?.evidence).toMatch(/^threading w=2 speedup = 1\.00 \(95% CI 0\.9\d–1\.0\d\), claimed <= 1\.15$/);
    expect(findings[2]?.evidence).toMatch(/threading w=2 \/ multiprocessing w=2 speedup = 0\.50/);
    expect(findings[3]?.evidence).toMatch(/not measured/);
  });

  it('is inconclusive on a machine with too few CPUs', () => {
    const findings = checkExpectations([scenario], cells, 1);
    expect(findings[1]).toMatchObject({ verdict: 'inconclusive', evidence: expect.stringMatching(/needs ≥ 2 usable CPUs; this machine has 1/) });
  });
});
