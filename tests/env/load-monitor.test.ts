import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { otherCpusBetween, readCpuTicks, startLoadMonitor } from '../../src/env/load-monitor.js';
import { machineInfoSchema } from '../../src/env/machine.js';
import { MACHINE } from '../helpers/document.js';

const root = mkdtempSync(path.join(tmpdir(), 'pyconc-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeProc(stat: string, self: string): string {
  const dir = mkdtempSync(path.join(root, 'r-'));
  mkdirSync(path.join(dir, 'proc', 'self'), { recursive: true });
  writeFileSync(path.join(dir, 'proc', 'stat'), stat);
  writeFileSync(path.join(dir, 'proc', 'self', 'stat'), self);
  return `${dir}/`;
}

describe('readCpuTicks', () => {
  it('reads busy and total ticks of all CPUs and this process’s own and reaped children’s ticks', () => {
    // /proc/stat: user nice system idle iowait irq softirq steal; /proc/self/stat with a command name holding spaces.
    const dir = fakeProc(
      'cpu  100 5 50 800 20 3 2 10 0 0\ncpu0 50 2 25 400 10 1 1 5 0 0\ncpu1 50 3 25 400 10 2 1 5 0 0\nintr 1\n',
      '4242 (node my app) S 1 4242 4242 0 -1 4194304 100 0 0 0 30 7 40 3 20 0 11 0 100 1000 100\n',
    );
    expect(readCpuTicks(dir)).toEqual({ busy: 170, total: 990, cpus: 2, own: 80 });
  });

  it('is null where /proc is missing', () => {
    expect(readCpuTicks(`${root}/nowhere/`)).toBeNull();
  });
});

describe('otherCpusBetween', () => {
  it('is others’ busy ticks over the elapsed ticks of one CPU: 1.2 of 2 CPUs', () => {
    // 10 s at 100 ticks/s on 2 CPUs: 2000 ticks; 1500 busy, 300 of them pyconc's → 1200 / 1000 = 1.2 CPUs.
    const first = { busy: 0, total: 0, cpus: 2, own: 0 };
    expect(otherCpusBetween(first, { busy: 1500, total: 2000, cpus: 2, own: 300 })).toBeCloseTo(1.2, 10);
    expect(otherCpusBetween(first, { busy: 200, total: 2000, cpus: 2, own: 300 })).toBe(0);
    expect(otherCpusBetween(first, first)).toBeNull();
  });
});

describe('startLoadMonitor', () => {
  it('samples until stopped and reports others’ CPUs, the highest load average and the seconds covered', () => {
    let t = 0;
    const readings = [{ busy: 0, total: 0, cpus: 2, own: 0 }, { busy: 1500, total: 2000, cpus: 2, own: 300 }];
    let calls = 0;
    const monitor = startLoadMonitor({
      read: () => readings[Math.min(calls++, 1)] ?? null,
      loadAvg: () => 6.51,
      now: () => t,
      intervalMs: 60_000,
    });
    t = 76_900;
    expect(monitor.stop()).toEqual({ otherCpus: 1.2, loadAvgMax: 6.51, seconds: 76.9 });
  });

  it('says what each lap saw (a group of cells), and the whole run at the end', () => {
    let t = 0;
    // Quiet for 10 s, then others take 1.5 of 2 CPUs for 10 s (100 ticks/s per CPU).
    const readings = [
      { busy: 0, total: 0, cpus: 2, own: 0 },
      { busy: 200, total: 2000, cpus: 2, own: 200 },
      { busy: 1900, total: 4000, cpus: 2, own: 400 },
    ];
    let index = 0;
    const loads = [0.5, 0.5, 1.9];
    const monitor = startLoadMonitor({ read: () => readings[index] ?? null, loadAvg: () => loads[index] ?? 0, now: () => t, intervalMs: 60_000 });
    index = 1;
    t = 10_000;
    expect(monitor.lap()).toEqual({ otherCpus: 0, loadAvgMax: 0.5, seconds: 10 });
    index = 2;
    t = 20_000;
    expect(monitor.lap()).toEqual({ otherCpus: 1.5, loadAvgMax: 1.9, seconds: 10 });
    expect(monitor.stop()).toEqual({ otherCpus: 0.75, loadAvgMax: 1.9, seconds: 20 });
  });

  it('keeps what it saw when /proc cannot be read: null, not zero', () => {
    const monitor = startLoadMonitor({ read: () => null, loadAvg: () => Number.NaN, now: () => 0, intervalMs: 60_000 });
    expect(monitor.stop()).toEqual({ otherCpus: null, loadAvgMax: null, seconds: 0 });
  });

  it('is recorded as machine.loadDuringRun, an optional field older documents lack', () => {
    expect(machineInfoSchema.parse({ ...MACHINE, loadDuringRun: { otherCpus: 1.19, loadAvgMax: 6.51, seconds: 76.9 } }).loadDuringRun?.otherCpus).toBe(1.19);
    expect(machineInfoSchema.parse(MACHINE).loadDuringRun).toBeUndefined();
  });
});
