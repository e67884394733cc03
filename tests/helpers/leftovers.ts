import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The environment variable that tags every process a test's CLI starts (inherited all the way down). */
export const MARKER_VARIABLE = 'PYCONC_TEST_MARKER';

export interface LeftoverProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly args: string;
}

/**
 * Processes alive now (zombies excluded) whose environment carries `marker` in PYCONC_TEST_MARKER or
 * whose command line mentions it: what `ps -eo pid,ppid,pgid,args` plus the environment would show.
 */
export function processesWithMarker(marker: string): LeftoverProcess[] {
  const found: LeftoverProcess[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (args.includes(marker) || environ.includes(`${MARKER_VARIABLE}=${marker}`)) {
        found.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]), args });
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Listening TCP sockets by inode: the local address (hex, as /proc/net/tcp writes it) and port. */
export function listeningSockets(): Map<string, { address: string; port: number }> {
  const sockets = new Map<string, { address: string; port: number }>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (state !== '0A' || local === undefined || inode === undefined) continue;
      const colon = local.lastIndexOf(':');
      sockets.set(inode, { address: local.slice(0, colon), port: parseInt(local.slice(colon + 1), 16) });
    }
  }
  return sockets;
}

/** TCP ports in LISTEN state on this machine (IPv4 and IPv6), from /proc/net. */
export function listeningPorts(): Set<number> {
  return new Set([...listeningSockets().values()].map((socket) => socket.port));
}

/** The ports the fixtures' loopback servers wrote into `portDir` (`port-<pid>` files). */
export function recordedPorts(portDir: string): number[] {
  return readdirSync(portDir)
    .filter((name) => name.startsWith('port-'))
    .map((name) => Number(readFileSync(path.join(portDir, name), 'utf8')));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One test's private world: a marker, a TMPDIR the CLI must leave empty, a directory for the fixtures'
 * port files, and the checks that nothing was left behind.
 */
export class Sandbox {
  readonly marker = `pyconc-test-${randomUUID()}`;
  readonly root: string;
  readonly tmpDir: string;
  readonly portDir: string;

  constructor() {
    this.root = mkdtempSync(path.join(os.tmpdir(), 'pyconc-sandbox-'));
    this.tmpDir = path.join(this.root, 'tmp');
    this.portDir = path.join(this.root, 'ports');
    mkdirSync(this.tmpDir);
    mkdirSync(this.portDir);
  }

  /** The environment for the CLI: TMPDIR inside the sandbox, the marker on every process. */
  env(): Record<string, string> {
    return { TMPDIR: this.tmpDir, [MARKER_VARIABLE]: this.marker };
  }

  /**
   * Processes that carry the marker. A process killed a moment ago may still be on its way out, so
   * this waits up to `graceMs` for them to go: a bound on how long death takes, not a timing assertion.
   */
  async leftoverProcesses(graceMs = 2000): Promise<LeftoverProcess[]> {
    const deadline = Date.now() + graceMs;
    let found = processesWithMarker(this.marker);
    while (found.length > 0 && Date.now() < deadline) {
      await sleep(50);
      found = processesWithMarker(this.marker);
    }
    return found;
  }

  /** Processes that carry the marker right now. */
  leftoverProcessesNow(): LeftoverProcess[] {
    return processesWithMarker(this.marker);
  }

  /** Entries left in the CLI's TMPDIR (pyconc-* run directories, pymp-*, anything). */
  leftoverTempEntries(): string[] {
    return readdirSync(this.tmpDir);
  }

  /** How many servers recorded their port (the proof that the server existed before the check). */
  recordedPortCount(): number {
    return recordedPorts(this.portDir).length;
  }

  /** Ports the fixtures' servers listened on that are still listening. */
  stillListening(): number[] {
    const listening = listeningPorts();
    return recordedPorts(this.portDir).filter((port) => listening.has(port));
  }

  /** Kills whatever a failed test left behind and removes the sandbox. */
  dispose(): void {
    for (const leftover of processesWithMarker(this.marker)) {
      try {
        process.kill(leftover.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
