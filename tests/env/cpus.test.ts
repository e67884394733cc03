import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  parseCpuList,
  parseCpusAllowedList,
  readAffinityCpus,
  readUsableCpus,
} from '../../src/env/cpus.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url));
const MISSING = fixture('does-not-exist');
// Fixed logical counts so results do not depend on the machine running the tests.
const SIXTEEN = { logicalCpus: 16, availableParallelism: 16 };

describe('parseCpuList', () => {
  it('parses single CPUs, ranges and mixtures', () => {
    expect(parseCpuList('0')).toEqual([0]);
    expect(parseCpuList('0-3')).toEqual([0, 1, 2, 3]);
    expect(parseCpuList('0-3,8,10-11')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('  5,1-2\n')).toEqual([1, 2, 5]);
  });

  it('counts overlapping parts once', () => {
    expect(parseCpuList('0-3,2-5,4')).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('returns null for malformed lists', () => {
    for (const bad of ['', ' ', '3-1', 'a', '0-', '-2', '0,,1', '0-3:2', '1-99999999']) {
      expect(parseCpuList(bad), bad).toBeNull();
    }
  });
});

describe('parseCpusAllowedList', () => {
  it('finds the list in a status file', () => {
    const status = 'Name:\tnode\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n';
    expect(parseCpusAllowedList(status)).toEqual([0, 1]);
  });

  it('returns null when the field is absent', () => {
    expect(parseCpusAllowedList('Name:\tnode\n')).toBeNull();
  });
});

describe('readAffinityCpus', () => {
  it('counts the CPUs of the affinity mask', async () => {
    expect(await readAffinityCpus({ root: fixture('cgroup-v1') })).toBe(7);
  });

  it('is null without /proc', async () => {
    expect(await readAffinityCpus({ root: MISSING })).toBeNull();
  });
});

describe('readUsableCpus', () => {
  it('takes the tighter of affinity (7) and the v1 quota (3)', async () => {
    expect(await readUsableCpus({ root: fixture('cgroup-v1'), ...SIXTEEN })).toEqual({
      logical: 16,
      availableParallelism: 16,
      affinity: 7,
      cgroupQuota: 3,
      capacity: 3,
      usable: 3,
    });
  });

  it('uses a v2 quota of 2 CPUs', async () => {
    const cpus = await readUsableCpus({ root: fixture('cgroup-v2-quota'), ...SIXTEEN });
    expect(cpus).toMatchObject({ affinity: 8, cgroupQuota: 2, usable: 2 });
  });

  it('rounds a fractional quota down but keeps it in capacity', async () => {
    const cpus = await readUsableCpus({ root: fixture('cgroup-v2-nested'), ...SIXTEEN });
    expect(cpus).toMatchObject({ cgroupQuota: 1.5, capacity: 1.5, usable: 1 });
  });

  it('never reports fewer than one usable CPU', async () => {
    const cpus = await readUsableCpus({ root: fixture('cgroup-v2-host-path'), ...SIXTEEN });
    expect(cpus).toMatchObject({ cgroupQuota: 0.5, capacity: 0.5, usable: 1 });
  });

  it('falls back to the logical count when nothing else is exposed', async () => {
    expect(await readUsableCpus({ root: MISSING, ...SIXTEEN })).toEqual({
      logical: 16,
      availableParallelism: 16,
      affinity: null,
      cgroupQuota: null,
      capacity: 16,
      usable: 16,
    });
  });

  it('is limited by availableParallelism where /proc is absent (e.g. macOS, Windows)', async () => {
    const cpus = await readUsableCpus({ root: MISSING, logicalCpus: 8, availableParallelism: 4 });
    expect(cpus).toMatchObject({ logical: 8, availableParallelism: 4, usable: 4 });
  });

  it('reads the real machine without throwing', async () => {
    const cpus = await readUsableCpus();
    expect(cpus.usable).toBeGreaterThanOrEqual(1);
    expect(cpus.usable).toBeLessThanOrEqual(cpus.logical);
  });
});
