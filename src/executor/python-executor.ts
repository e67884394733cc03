import { execa } from 'execa';
import path from 'node:path';
import { HARNESS_PATH, harnessReplySchema } from '../python/harness-protocol.js';
import { pythonEnvironment } from '../python/python-env.js';
import type { Executor, SampleOutcome, SampleRequest } from './executor.js';
import { descendantsOf, readProcessTable, sendSignal, startTimeOf, type ProcessEntry } from './process-tree.js';

const STDERR_TAIL_LINES = 8;
const STDERR_TAIL_CHARS = 1000;
/** What a sample may write on stdout and on stderr before it is stopped: more distorts its timing and pyconc's memory. */
export const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
/** The harness reply is about a kilobyte; anything near this means something else wrote to the reply pipe. */
const MAX_REPLY_CHARS = 1024 * 1024;
/** Kept from the end of stderr for failure reasons. */
const STDERR_KEEP_BYTES = 64 * 1024;
const REASON_CHARS = 300;
/** How long the pipes may stay open after the harness exited (held by a process it left behind). */
const STREAM_GRACE_MS = 500;
/** Between SIGTERM (the harness unwinds: teardown, pool shutdown, temp dir) and SIGKILL of the whole tree. */
export const DEFAULT_TERM_GRACE_MS = 500;

// C0/C1 control characters (ANSI escapes included) from a workload must not reach a terminal or a report.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** One line of plain text, bounded: what a workload says becomes data, never terminal control or layout. */
export function oneLine(text: string, max = REASON_CHARS): string {
  const line = text.replace(/[\r\n\t]+/g, ' ').replace(CONTROL, '\uFFFD').replace(/ {2,}/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The last few lines of a stream, bounded in size, control characters replaced, for failure reasons. */
export function tail(text: string, lines = STDERR_TAIL_LINES, chars = STDERR_TAIL_CHARS): string {
  const kept = text.replace(/\r\n?/g, '\n').replace(CONTROL, '\uFFFD').trimEnd().split('\n').slice(-lines).join('\n');
  return kept.length > chars ? `…${kept.slice(-chars)}` : kept;
}

/** The last non-empty line of a stream, as a reason suffix (`: …`), or ''. */
function lastLine(text: string): string {
  const line = text.trimEnd().split('\n').at(-1) ?? '';
  return line.trim() === '' ? '' : `: ${oneLine(line, 200)}`;
}

/**
 * Where faulthandler (`-X faulthandler`) says the interpreter died: its report lists the innermost
 * frame first, so ` in fx.py:8 compute()`, and the report itself as the excerpt; null without one.
 */
export function faultReport(stderr: string): { where: string; excerpt: string } | null {
  const lines = stderr.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((line) => line.startsWith('Fatal Python error:'));
  if (start < 0) return null;
  const frame = lines.slice(start).map((line) => /^\s*File "(.+)", line (\d+) in (.+)$/.exec(line)).find((match) => match !== null);
  const where = frame?.[1] === undefined ? '' : ` in ${oneLine(path.basename(frame[1]), 80)}:${frame[2]} ${oneLine(frame[3] ?? '', 60)}()`;
  const report = lines.slice(start, start + STDERR_TAIL_LINES + 2).join('\n');
  return { where, excerpt: tail(report, STDERR_TAIL_LINES + 2) };
}

const SIGNAL_HINTS: Readonly<Record<string, string>> = {
  SIGKILL: 'killed outright: out of memory, or by another process',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'arithmetic error',
  SIGILL: 'illegal instruction',
  SIGTERM: 'terminated by another process',
};

/** Counts a stream's bytes and keeps its last `keep` bytes. */
class OutputWatch {
  bytes = 0;
  private chunks: Buffer[] = [];
  private kept = 0;

  constructor(private readonly keep: number) {}

  /** Adds a chunk; true when the stream has now passed MAX_OUTPUT_BYTES. */
  add(chunk: Buffer | string): boolean {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += buffer.length;
    if (this.keep > 0) {
      this.chunks.push(buffer);
      this.kept += buffer.length;
      while (this.kept - (this.chunks[0]?.length ?? 0) >= this.keep) this.kept -= this.chunks.shift()?.length ?? 0;
    }
    return this.bytes > MAX_OUTPUT_BYTES;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * A running sample. The harness leads its own process group (detached), so one group signal reaches
 * its pool workers, forkserver and the servers a workload starts; descendants that left the group
 * (setsid, start_new_session) are found by parent links in /proc while the harness still lives and
 * signalled one by one. Recorded pids are re-checked by start time before a signal, so a reused pid
 * is never hit.
 */
class LiveSample {
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

const liveSamples = new Set<LiveSample>();

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

export interface PythonExecutorOptions {
  /** How long the harness gets to unwind after SIGTERM before the tree is killed (ms). */
  readonly termGraceMs?: number;
}

/** Runs each sample in a fresh interpreter via execa; never rejects. */
export class PythonExecutor implements Executor {
  private readonly env = pythonEnvironment();
  private readonly termGraceMs: number;

  constructor(options: PythonExecutorOptions = {}) {
    this.termGraceMs = options.termGraceMs ?? DEFAULT_TERM_GRACE_MS;
  }

  async runSample(request: SampleRequest): Promise<SampleOutcome> {
    const { interpreter, spec, timeoutMs, signal, tmpRoot } = request;
    if (signal?.aborted) return { kind: 'aborted', reason: 'interrupted before start' };
    // Python's tempfile and multiprocessing (pymp-* directories) then write inside the run's own directory.
    const env = tmpRoot === undefined ? this.env : { ...this.env, TMPDIR: tmpRoot, TEMP: tmpRoot, TMP: tmpRoot };
    const subprocess = execa(
      interpreter.executable,
      ['-X', 'faulthandler', HARNESS_PATH, 'run', JSON.stringify(spec), '--reply-fd', '3'],
      {
        reject: false,
        env,
        extendEnv: false,
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
        detached: true,
        // stdout and stderr are counted and tailed here, never buffered whole: a flood cannot exhaust memory.
        buffer: { stdout: false, stderr: false, fd3: true },
        maxBuffer: { fd3: MAX_REPLY_CHARS },
        encoding: 'utf8',
        stripFinalNewline: false,
      },
    );
    const pid = subprocess.pid;
    const live = pid === undefined ? null : new LiveSample(pid);
    if (live !== null) liveSamples.add(live);

    let stopping: 'timeout' | 'aborted' | 'stdout' | 'stderr' | null = null;
    let escalation: NodeJS.Timeout | undefined;
    const stop = (why: NonNullable<typeof stopping>): void => {
      if (stopping !== null || live === null) return;
      stopping = why;
      // Recorded first: once the harness has unwound and exited, its escaped children are orphans nobody can find.
      live.noteEscapees();
      live.signal('SIGTERM');
      escalation = setTimeout(() => live.killNow(), this.termGraceMs);
    };
    const stdout = new OutputWatch(0);
    const stderr = new OutputWatch(STDERR_KEEP_BYTES);
    subprocess.stdout?.on('data', (chunk: Buffer | string) => {
      if (stdout.add(chunk)) stop('stdout');
    });
    subprocess.stderr?.on('data', (chunk: Buffer | string) => {
      if (stderr.add(chunk)) stop('stderr');
    });
    // A process that outlived the harness and still holds its pipes would keep the sample open forever:
    // shortly after the harness exits, its group is killed and the pipes are let go.
    let afterExit: NodeJS.Timeout | undefined;
    subprocess.once('exit', () => {
      if (live !== null) live.exited = true;
      afterExit = setTimeout(() => {
        live?.signal('SIGKILL');
        for (const stream of subprocess.stdio) stream?.destroy();
      }, STREAM_GRACE_MS);
    });
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = (): void => stop('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await subprocess;
      clearTimeout(escalation);
      // Pool workers or servers left behind by a crashed or killed harness die with their group.
      live?.signal('SIGKILL');
      const why = stopping as typeof stopping;
      if (why === 'aborted') return { kind: 'aborted', reason: 'interrupted' };
      if (why === 'timeout') return { kind: 'timeout', reason: `sample exceeded the ${timeoutMs / 1000} s timeout (--timeout); process tree killed` };
      const stderrText = stderr.text();
      if (why === 'stdout' || why === 'stderr') {
        return { kind: 'failed', reason: `the sample wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB to ${why}; stopped (output this large distorts the timing)`, stderrTail: tail(stderrText) };
      }
      if (pid === undefined) {
        return { kind: 'failed', reason: `could not start ${interpreter.executable}: ${oneLine(result.shortMessage ?? 'spawn failed')}` };
      }
      if (result.signal !== undefined && result.signal !== null) {
        const hint = SIGNAL_HINTS[result.signal] ?? result.signalDescription ?? '';
        const fault = faultReport(stderrText);
        return {
          kind: 'failed',
          reason: `interpreter killed by ${result.signal}${hint === '' ? '' : ` (${hint})`}${fault?.where ?? lastLine(stderrText)}`,
          stderrTail: fault?.excerpt ?? tail(stderrText),
        };
      }
      if (result.isMaxBuffer) {
        return { kind: 'failed', reason: `the harness reply on fd 3 is larger than ${MAX_REPLY_CHARS / 1024} KiB: something else (the workload?) wrote to the reply pipe`, stderrTail: tail(stderrText) };
      }
      if (result.exitCode !== 0) {
        return { kind: 'failed', reason: `interpreter exited with code ${result.exitCode}${lastLine(stderrText)}`, stderrTail: tail(stderrText) };
      }
      return parseReply(String(result.stdio[3] ?? ''), stderrText);
    } finally {
      clearTimeout(timer);
      clearTimeout(escalation);
      clearTimeout(afterExit);
      signal?.removeEventListener('abort', onAbort);
      if (live !== null) liveSamples.delete(live);
    }
  }
}

/** The outcome a reply text stands for: validated, never trusted. */
function parseReply(text: string, stderrText: string): SampleOutcome {
  const replyText = text.trim();
  if (replyText === '') return { kind: 'failed', reason: `the harness exited without a reply${lastLine(stderrText)}`, stderrTail: tail(stderrText) };
  let json: unknown;
  try {
    json = JSON.parse(replyText);
  } catch {
    const start = JSON.stringify(replyText.slice(0, 40));
    return {
      kind: 'failed',
      reason: `the harness reply is not valid JSON (${replyText.length} characters starting ${oneLine(start, 60)}): did the workload write to fd 3, the reply pipe?`,
      stderrTail: tail(stderrText),
    };
  }
  const parsed = harnessReplySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'failed', reason: oneLine(`malformed harness reply: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`) };
  }
  const reply = parsed.data;
  if (reply.status === 'ok') return { kind: 'ok', reply };
  if (reply.status === 'unsupported') return { kind: 'unsupported', reason: oneLine(reply.reason ?? 'unsupported') };
  return { kind: 'failed', reason: oneLine(reply.reason ?? 'the workload failed'), stderrTail: reply.error?.traceback === undefined ? tail(stderrText) : tail(reply.error.traceback) };
}
