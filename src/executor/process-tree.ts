import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc/<pid>/stat describes it. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly state: string;
  /** Clock ticks since boot at which it started: with the pid, identifies the process (pids are reused). */
  readonly startTime: number;
}

/** Parses a /proc/<pid>/stat line; the command name may hold spaces and parentheses, so fields start after the last ')'. */
export function parseStat(text: string): ProcessEntry | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // After the name: state(3) ppid(4) pgrp(5) session(6) tty(7) tpgid(8) flags(9) … starttime(22).
  const fields = text.slice(close + 1).trim().split(/\s+/);
  const [state, ppid, pgid] = [fields[0], Number(fields[1]), Number(fields[2])];
  const startTime = Number(fields[19]);
  if (!Number.isInteger(pid) || state === undefined || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return null;
  return { pid, ppid, pgid, state, startTime: Number.isFinite(startTime) ? startTime : 0 };
}

/** Every process visible in /proc (Linux); empty where there is no /proc. */
export function readProcessTable(procRoot = '/proc'): ProcessEntry[] {
  let names: string[];
  try {
    names = readdirSync(procRoot);
  } catch {
    return [];
  }
  const table: ProcessEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const entry = parseStat(readFileSync(`${procRoot}/${name}/stat`, 'utf8'));
      if (entry !== null) table.push(entry);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return table;
}

/** The processes below `rootPid` by parent links, whatever process group or session they moved to. */
export function descendantsOf(rootPid: number, table: readonly ProcessEntry[]): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table) {
    const siblings = children.get(entry.ppid);
    if (siblings === undefined) children.set(entry.ppid, [entry]);
    else siblings.push(entry);
  }
  const found: ProcessEntry[] = [];
  const seen = new Set<number>([rootPid]);
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    for (const child of children.get(pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      found.push(child);
      stack.push(child.pid);
    }
  }
  return found;
}

/** The start time of `pid` now, or null when it is gone (to check a recorded pid was not reused). */
export function startTimeOf(pid: number, procRoot = '/proc'): number | null {
  try {
    return parseStat(readFileSync(`${procRoot}/${pid}/stat`, 'utf8'))?.startTime ?? null;
  } catch {
    return null;
  }
}

/** Sends `signal` to a pid (or, negative, a process group); false when there was nobody to signal. */
export function sendSignal(target: number, signal: NodeJS.Signals): boolean {
  // 0 would be our own process group, 1 init, our own pid ourselves: never targets of a clean-up.
  if (!Number.isInteger(target) || Math.abs(target) <= 1 || Math.abs(target) === process.pid) return false;
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false;
  }
}
