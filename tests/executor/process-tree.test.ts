import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { descendantsOf, parseStat, readProcessTable, sendSignal, startTimeOf, type ProcessEntry } from '../../src/executor/process-tree.js';

const entry = (pid: number, ppid: number, pgid = pid): ProcessEntry => ({ pid, ppid, pgid, state: 'S', startTime: 0 });

describe('parseStat', () => {
  it('reads pid, state, ppid, pgid and start time', () => {
    const line = '4242 (python3) S 4200 4242 4242 0 -1 4194560 1000 0 0 0 5 2 0 0 20 0 1 0 987654 123 456';
    expect(parseStat(line)).toEqual({ pid: 4242, ppid: 4200, pgid: 4242, state: 'S', startTime: 987654 });
  });

  it('survives a command name with spaces and parentheses', () => {
    const line = '77 (evil ) S 1 2 (x) R 70 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 555 0 0';
    expect(parseStat(line)).toMatchObject({ pid: 77, state: 'R', ppid: 70, pgid: 77, startTime: 555 });
  });

  it('refuses what is not a stat line', () => {
    expect(parseStat('garbage')).toBeNull();
  });
});

describe('descendantsOf', () => {
  it('follows parent links whatever group the children moved to, and nothing else', () => {
    const table = [entry(1, 0), entry(10, 1), entry(11, 10, 10), entry(12, 10, 12), entry(13, 12, 12), entry(14, 13, 99), entry(20, 1)];
    expect(descendantsOf(10, table).map((e) => e.pid).sort()).toEqual([11, 12, 13, 14]);
    expect(descendantsOf(20, table)).toEqual([]);
  });
});

describe('the live process table (Linux)', () => {
  it('finds a child and its own child, and a pid whose start time no longer matches is not ours', async () => {
    const child = execa('sh', ['-c', 'sleep 30 & wait'], { reject: false, detached: true });
    try {
      let found: ProcessEntry[] = [];
      const deadline = Date.now() + 5000;
      while (found.length < 2 && Date.now() < deadline) {
        found = descendantsOf(process.pid, readProcessTable()).filter((e) => e.pgid === child.pid);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(found.map((e) => e.ppid)).toContain(child.pid);
      expect(startTimeOf(child.pid as number)).toBe(found.find((e) => e.pid === child.pid)?.startTime);
    } finally {
      sendSignal(-(child.pid as number), 'SIGKILL');
      await child;
    }
    expect(startTimeOf(child.pid as number)).toBeNull();
  });

  it('never signals our own group, init or ourselves', () => {
    expect(sendSignal(0, 'SIGTERM')).toBe(false);
    expect(sendSignal(1, 'SIGTERM')).toBe(false);
    expect(sendSignal(-1, 'SIGTERM')).toBe(false);
    expect(sendSignal(process.pid, 'SIGTERM')).toBe(false);
  });
});
