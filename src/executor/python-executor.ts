import { execa, type Result } from 'execa';
import { HARNESS_PATH } from '../python/harness-path.js';
import { pythonEnvironment } from '../python/python-env.js';
import type { Executor, SampleOutcome, SampleRequest } from './executor.js';
import { HARNESS_PROTOCOL, type HarnessSpec } from './harness-protocol.js';
import { LiveSample, liveSamples } from './live-samples.js';
import { MAX_OUTPUT_BYTES, OutputWatch } from './output-watch.js';
import { parseReply } from './parse-reply.js';
import { faultReport, lastLine, oneLine, tail } from './sanitise-output.js';

/** The harness reply is about a kilobyte; anything near this means something else wrote to the reply pipe. */
const MAX_REPLY_CHARS = 1024 * 1024;
/** Kept from the end of stderr for failure reasons. */
const STDERR_KEEP_BYTES = 64 * 1024;
/** How long the pipes may stay open after the harness exited (held by a process it left behind). */
const STREAM_GRACE_MS = 500;

/** Between SIGTERM (the harness unwinds: teardown, pool shutdown, temp dir) and SIGKILL of the whole tree. */
export const DEFAULT_TERM_GRACE_MS = 500;

const SIGNAL_HINTS: Readonly<Record<string, string>> = {
  SIGKILL: 'killed outright: out of memory, or by another process',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'arithmetic error',
  SIGILL: 'illegal instruction',
  SIGTERM: 'terminated by another process',
};

/** The interpreter's own flags before the harness path: faulthandler, and the GIL state `--gil` asked for. */
export function harnessFlags(interpreter: Pick<SampleRequest['interpreter'], 'gil'>): string[] {
  return ['-X', 'faulthandler', ...(interpreter.gil === undefined ? [] : ['-X', `gil=${interpreter.gil}`])];
}

export interface PythonExecutorOptions {
  /** How long the harness gets to unwind after SIGTERM before the tree is killed (ms). */
  readonly termGraceMs?: number;
  /** `run --show-output`: each sample's stdout and stderr pass through to here as they arrive (still counted and capped). */
  readonly passOutput?: { write(chunk: Buffer | string): unknown };
}

/** The wire spec of one sample (`executor/harness-protocol.ts`). */
function harnessSpec(request: SampleRequest): HarnessSpec {
  const { cell } = request;
  return {
    protocol: HARNESS_PROTOCOL,
    workload: cell.workload,
    scenario: cell.scenario,
    mode: cell.mode,
    workers: cell.workers,
    params: cell.params,
    startMethod: request.startMethod,
    tmpDir: request.tmpDir,
    chunksize: cell.chunksize ?? null,
    values: cell.values ?? null,
  };
}

/** Why a sample was stopped from outside, if it was: its time was up, the run was interrupted, or it flooded an output. */
type Stopping = 'timeout' | 'aborted' | 'stdout' | 'stderr' | null;

/** What ended a sample, as an outcome: stopped from outside, not started, killed by a signal, an oversized reply, an exit code, or the reply itself. */
function sampleOutcome(
  result: Pick<Result, 'signal' | 'signalDescription' | 'isMaxBuffer' | 'exitCode' | 'shortMessage'> & { readonly stdio: readonly unknown[] },
  { stopping: why, started, stderrText, request }: { stopping: Stopping; started: boolean; stderrText: string; request: SampleRequest },
): SampleOutcome {
  if (why === 'aborted') return { kind: 'aborted', reason: 'interrupted' };
  if (why === 'timeout') return { kind: 'timeout', reason: `sample exceeded the ${request.timeoutMs / 1000} s timeout (--timeout); process tree killed` };
  if (why === 'stdout' || why === 'stderr') {
    return { kind: 'failed', reason: `the sample wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB to ${why}; stopped (output this large distorts the timing)`, stderrTail: tail(stderrText) };
  }
  if (!started) {
    return { kind: 'failed', reason: `could not start ${request.interpreter.executable}: ${oneLine(result.shortMessage ?? 'spawn failed')}` };
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
}

/** Runs each sample in a fresh interpreter via execa, builds the wire spec and reads the reply; never rejects. */
export class PythonExecutor implements Executor {
  private readonly env = pythonEnvironment();
  private readonly termGraceMs: number;
  private readonly passOutput: PythonExecutorOptions['passOutput'];

  constructor(options: PythonExecutorOptions = {}) {
    this.termGraceMs = options.termGraceMs ?? DEFAULT_TERM_GRACE_MS;
    this.passOutput = options.passOutput;
  }

  async runSample(request: SampleRequest): Promise<SampleOutcome> {
    const { interpreter, timeoutMs, signal, tmpRoot } = request;
    const spec = harnessSpec(request);
    if (signal?.aborted) return { kind: 'aborted', reason: 'interrupted before start' };
    // Python's tempfile and multiprocessing (pymp-* directories) then write inside the run's own directory.
    const env = tmpRoot === undefined ? this.env : { ...this.env, TMPDIR: tmpRoot, TEMP: tmpRoot, TMP: tmpRoot };
    const subprocess = execa(
      interpreter.executable,
      [...harnessFlags(interpreter), HARNESS_PATH, 'run', JSON.stringify(spec), '--reply-fd', '3'],
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

    let stopping: Stopping = null;
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
      this.passOutput?.write(chunk);
      if (stdout.add(chunk)) stop('stdout');
    });
    subprocess.stderr?.on('data', (chunk: Buffer | string) => {
      this.passOutput?.write(chunk);
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
      return sampleOutcome(result, { stopping: stopping as Stopping, started: pid !== undefined, stderrText: stderr.text(), request });
    } finally {
      clearTimeout(timer);
      clearTimeout(escalation);
      clearTimeout(afterExit);
      signal?.removeEventListener('abort', onAbort);
      if (live !== null) liveSamples.delete(live);
    }
  }
}
