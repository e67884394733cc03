import { describe, expect, it } from 'vitest';
import { classify, MIXED_SHARE, WAITS_SHARE, waitingShare } from '../../src/advise/classify.js';
import { KINDS, probeOf } from './probes.js';

describe('classify: what kind of work a call is', () => {
  it.each([
    ['a blocking wait', KINDS.waits, 'waits'],
    ['a pure-Python loop', KINDS.holdsGil, 'holds-gil'],
    ['a C call that releases the GIL', KINDS.releasesGil, 'releases-gil'],
    ['half waiting, half computing', KINDS.mixed, 'mixed'],
    ['a large result for little work', KINDS.largeResult, 'payload-bound'],
    ['a call far cheaper than a hand-over', KINDS.tiny, 'fine-grained'],
    ['a pure-Python loop on a loaded machine', KINDS.holdsGilLoaded, 'holds-gil'],
  ] as const)('%s is %s', (_name, probe, expected) => {
    expect(classify(probe).classification).toBe(expected);
  });

  it('keeps the nature beside the class: tiny pure-Python calls still hold the GIL', () => {
    const tiny = classify(KINDS.tiny);
    expect(tiny.nature).toBe('holds-gil');
    // Fine-grained against a process's hand-over: the pool such work would need.
    expect(tiny.handoverNs).toBe(KINDS.tiny.processHandoverNs);
    expect(tiny.why).toMatch(/costs less than handing it to a process/);
  });

  it('counts run-queue time as CPU asked for, not waiting', () => {
    expect(waitingShare(KINDS.holdsGilLoaded)).toBe(0);
    expect(waitingShare(KINDS.waits)).toBeGreaterThan(WAITS_SHARE);
    expect(waitingShare(probeOf({ callWallNs: 10, callCpuNs: 0, callQueuedNs: 0 }))).toBe(1);
  });

  it('puts the thresholds where the shares say', () => {
    const at = (share: number) => classify(probeOf({ callWallNs: 10e6, callCpuNs: (1 - share) * 10e6 })).classification;
    expect(at(WAITS_SHARE)).toBe('waits');
    expect(at(WAITS_SHARE - 0.01)).toBe('mixed');
    expect(at(MIXED_SHARE + 0.01)).toBe('mixed');
    expect(at(MIXED_SHARE)).toBe('holds-gil');
  });

  it('cannot tell the GIL on one CPU, and says so', () => {
    const one = classify(probeOf({ twoThreadsCpuPerWall: null, twoThreadsSpeedup: null }));
    expect(one.releasesGil).toBeNull();
    expect(one.classification).toBe('holds-gil');
    expect(one.why).toMatch(/one usable CPU/);
  });

  it('leaves transfers out when something does not pickle', () => {
    const lambda = classify(probeOf({ functionPickleError: "PicklingError: Can't pickle <lambda>" }));
    expect(lambda.transferNs).not.toBeNull();
    const unpicklable = classify(probeOf({ resultPickleError: 'TypeError: cannot pickle generator', resultPickleBytes: null, resultPickleNs: null }));
    expect(unpicklable.transferNs).toBeNull();
  });
});
