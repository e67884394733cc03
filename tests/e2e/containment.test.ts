import { execa } from 'execa';
import { readdirSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { listeningSockets, processesWithMarker, Sandbox } from '../helpers/leftovers.js';

// Loopback servers listen on 127.0.0.1 only: watched from outside, on a real run of a scenario
// that starts one, by mapping every listening socket to the process that holds it.

/** Socket inodes held by the given processes. */
function socketInodes(pids: readonly number[]): Set<string> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1] !== undefined) inodes.add(match[1]);
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return inodes;
}

const IPV4_LOOPBACK = '0100007F'; // 127.0.0.1, little-endian hex

let sandbox: Sandbox;
afterEach(() => sandbox?.dispose());

describe('containment', () => {
  it('the servers a run starts listen on 127.0.0.1 only, and are gone afterwards', async () => {
    const catalogue = JSON.parse((await execa('node', [BIN, 'list', '--json'], { cwd: ROOT })).stdout) as { name: string }[];
    if (!catalogue.some((scenario) => scenario.name === 'http-fetch')) return; // no loopback scenario in this catalogue
    sandbox = new Sandbox();
    const child = execa('node', [BIN, 'run', 'http-fetch', '--quick', '--runs', '2', '--warmup', '0', '--modes', 'threading,multiprocessing'], {
      reject: false,
      cwd: ROOT,
      env: { NO_COLOR: '1', ...sandbox.env() },
      stdin: 'ignore',
    });
    const seen = new Map<number, string>();
    while (child.exitCode === null) {
      const ours = socketInodes(processesWithMarker(sandbox.marker).map((found) => found.pid));
      for (const [inode, socket] of listeningSockets()) if (ours.has(inode)) seen.set(socket.port, socket.address);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const result = await child;
    expect(result.stderr).not.toMatch(/internal error/);
    expect(seen.size).toBeGreaterThan(0);
    for (const address of seen.values()) expect(address).toBe(IPV4_LOOPBACK);
    expect(await sandbox.leftoverProcesses()).toEqual([]);
    const listening = new Set([...listeningSockets().values()].map((socket) => socket.port));
    expect([...seen.keys()].filter((port) => listening.has(port))).toEqual([]);
    expect(sandbox.leftoverTempEntries()).toEqual([]);
  });
});
