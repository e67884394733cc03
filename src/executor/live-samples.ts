import { onExitCleanUp } from '../core/exit-cleanup.js';
import { descendantsOf, readProcessTable, sendSignal, startTimeOf, type ProcessEntry } from './process-tree.js';

/**
 * A running sample. The harness leads its own process group (detached), so one group signal reaches
 * its pool workers, forkserver and the servers a workload starts; descendants that left the group
 * (setsid, start_new_session) are found by parent links in /proc while the harness still lives and
 * signalled one by one. Recorded pids are re-checked by start time before a signal, so a reused pid
 * is never hit.
 */
export class LiveSample {
  private readonly escapees = new Map<number, ProcessEntry>();
  /** Set when the harness has been reaped: its pid may then be reused, so its tree is no longer walked. */
  exited = false;

  constructor(readonly pid: number) {}

  /** Records the descendants that a group signal would miss (Linux; a no-op without /proc). */
  noteEscapees(): void {
    if (this.exited) return;
    for (const entry of descendantsOf(this.pid, readProcessTable())) {
      if (entry.pgid !== this.pid && entry.state !== 'Z') this.escapees.set(entry.pid, entry);
    }
  }

  signal(signal: NodeJS.Signals): void {
    sendSignal(-this.pid, signal);
    for (const entry of this.escapees.values()) {
      if (startTimeOf(entry.pid) !== entry.startTime) continue;
      // An escapee that leads its own group takes that group (its own children) with it.
      sendSignal(entry.pgid === entry.pid ? -entry.pid : entry.pid, signal);
    }
  }

  /** SIGKILL to everything the sample started that can still be found; synchronous. */
  killNow(): void {
    this.noteEscapees();
    this.signal('SIGKILL');
  }
}

export const liveSamples = new Set<LiveSample>();

/**
 * Kills every running sample's process tree at once (SIGKILL, synchronous), for an immediate exit:
 * a second Ctrl-C, or the process exiting with samples still running. Returns how many there were.
 */
export function killAllSamples(): number {
  const count = liveSamples.size;
  for (const sample of liveSamples) sample.killNow();
  liveSamples.clear();
  return count;
}

// A process that must exit at once (a second Ctrl-C, a closed stdout) takes its samples with it.
onExitCleanUp(killAllSamples);
