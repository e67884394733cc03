import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  parseCfsQuota,
  parseCpuMax,
  parseProcCgroup,
  readCgroupCpuQuota,
} from '../../src/env/cgroup.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url));

describe('parseProcCgroup', () => {
  it('parses v1 and v2 lines', () => {
    const text = '4:cpu,cpuacct:/docker/abc\n1:name=systemd:/\n0::/user.slice/a:b\n\ngarbage\n';
    expect(parseProcCgroup(text)).toEqual([
      { hierarchy: 4, controllers: ['cpu', 'cpuacct'], path: '/docker/abc' },
      { hierarchy: 1, controllers: ['name=systemd'], path: '/' },
      { hierarchy: 0, controllers: [], path: '/user.slice/a:b' },
    ]);
  });
});

describe('parseCpuMax', () => {
  it('turns quota/period into CPUs', () => {
    expect(parseCpuMax('200000 100000\n')).toBe(2);
    expect(parseCpuMax('150000 100000')).toBe(1.5);
    expect(parseCpuMax('50000 100000')).toBe(0.5);
  });

  it('is null for no limit or junk', () => {
    expect(parseCpuMax('max 100000\n')).toBeNull();
    expect(parseCpuMax('max')).toBeNull();
    expect(parseCpuMax('')).toBeNull();
    expect(parseCpuMax('lots 100000')).toBeNull();
    expect(parseCpuMax('100000 0')).toBeNull();
  });
});

describe('parseCfsQuota', () => {
  it('turns quota/period into CPUs, -1 meaning no limit', () => {
    expect(parseCfsQuota('300000\n', '100000\n')).toBe(3);
    expect(parseCfsQuota('-1\n', '100000\n')).toBeNull();
  });
});

describe('readCgroupCpuQuota', () => {
  it('reads a v2 quota at the root of the namespace', async () => {
    expect(await readCgroupCpuQuota({ root: fixture('cgroup-v2-quota') })).toBe(2);
  });

  it('is null when every level says max', async () => {
    expect(await readCgroupCpuQuota({ root: fixture('cgroup-v2-max') })).toBeNull();
  });

  it('takes the tightest ancestor of a nested v2 cgroup', async () => {
    // ctr-a: max, pod-1: 1.5, kubepods.slice: 4
    expect(await readCgroupCpuQuota({ root: fixture('cgroup-v2-nested') })).toBe(1.5);
  });

  it('walks past levels that do not exist (host path seen inside a container)', async () => {
    expect(await readCgroupCpuQuota({ root: fixture('cgroup-v2-host-path') })).toBe(0.5);
  });

  it('reads a v1 quota under a combined cpu,cpuacct mount', async () => {
    expect(await readCgroupCpuQuota({ root: fixture('cgroup-v1') })).toBe(3);
  });

  it('is null for an unlimited v1 cgroup', async () => {
    expect(await readCgroupCpuQuota({ root: fixture('cgroup-v1-unlimited') })).toBeNull();
  });

  it('is null when /proc/self/cgroup is missing', async () => {
    expect(await readCgroupCpuQuota({ root: fixture('does-not-exist') })).toBeNull();
  });

  it('is null when /proc names cgroups but nothing is mounted under /sys/fs/cgroup', async () => {
    expect(await readCgroupCpuQuota({ root: fixture('cgroup-no-sys') })).toBeNull();
  });
});
