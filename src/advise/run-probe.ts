import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { InputError, PyconcError, ExitCode } from '../core/errors.js';
import { harnessFlags } from '../executor/python-executor.js';
import { LiveSample, liveSamples } from '../executor/live-samples.js';
import { OutputWatch } from '../executor/output-watch.js';
import { lastLine, oneLine } from '../executor/sanitise-output.js';
import type { Interpreter } from '../python/interpreter.js';
import { pythonEnvironment } from '../python/python-env.js';
import { createRunTempDir, removeRunTempDir } from '../run/run-temp-dir.js';
import { probeEventSchema, type ProbeError, type ProbeEvent, type ProbeMeasures } from './probe-schema.js';

/** The probe's entry point (python/advise_probe.py). */
export const PROBE_PATH = fileURLToPath(new URL('../../python/advise_probe.py', import.meta.url));

/** How long the probe may take in all: its own measurements take seconds, but an import or a first call may be slow. */
export const PROBE_TIMEOUT_MS = 180_000;
/** What the probe's stderr (the user's prints) keeps for a failure's reason. */
const STDERR_KEEP_BYTES = 16 * 1024;

/** What the probe is asked to measure (python/pyconc_advise/probe.py reads these keys). */
export interface ProbeSpec {
  readonly target: string;
  /** The target as the user wrote it, for the probe's messages. */
  readonly label: string;
  readonly cwd: string;
  readonly inputs: string | null;
  readonly tasks: number | null;
  readonly sync: string | null;
  readonly async: string | null;
  readonly setup: string | null;
  readonly teardown: string | null;
}

/** The probe's measurements, and what pyconc timed around them. */
export interface ProbeOutcome {
  readonly measures: ProbeMeasures;
  /** From spawning the interpreter to its first line: what each sample pays before the harness runs. */
  readonly interpreterStartNs: number;
  /** The probe's whole real time. */
  readonly elapsedNs: number;
}

/** The probe ended because the run was interrupted (exit 130, nothing to report). */
export class ProbeInterrupted extends PyconcError {
  constructor() {
    super('interrupted during the probe', ExitCode.interrupted);
  }
}

/** One line for an error the probe found in the user's code: the message, then where (the innermost frames of theirs). */
export function probeErrorLine(error: ProbeError): string {
  const frames = error.frames.map((frame) => `${frame.file.split('/').at(-1) ?? frame.file}:${frame.line ?? '?'} in ${frame.function}`);
  const where = frames.length === 0 ? '' : ` (at ${frames.reverse().join(' ← ')})`;
  return oneLine(`${error.message}${where}`, 600);
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** Splits a stream into lines, calling `onLine` for each complete one. */
function lineReader(onLine: (line: string) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += String(chunk);
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  };
}

/**
 * Runs the probe in a fresh interpreter (its own process group, killed when it ends or on an
 * interrupt), hands each event to `onEvent` as it arrives, and returns the measurements. The user's
 * code not importing, not callable or raising is an InputError (one line, its last frames).
 */
export async function runProbe(interpreter: Interpreter, spec: ProbeSpec, onEvent: (event: ProbeEvent) => void, signal?: AbortSignal): Promise<ProbeOutcome> {
  if (signal?.aborted === true) throw new ProbeInterrupted();
  const started = process.hrtime.bigint();
  // The probe's pools (and the user's code) write their temporary files in a directory of its own, removed after it.
  const tmp = createRunTempDir();
  const subprocess = execa(interpreter.executable, [...harnessFlags(interpreter), PROBE_PATH, JSON.stringify(spec), '--reply-fd', '3'], {
    reject: false,
    env: { ...pythonEnvironment(), TMPDIR: tmp, TEMP: tmp, TMP: tmp },
    extendEnv: false,
    cwd: spec.cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
    buffer: false,
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
  });
  const live = subprocess.pid === undefined ? null : new LiveSample(subprocess.pid);
  if (live !== null) liveSamples.add(live);
  const onAbort = (): void => live?.killNow();
  signal?.addEventListener('abort', onAbort, { once: true });
  const stderr = new OutputWatch(STDERR_KEEP_BYTES);
  subprocess.stderr?.on('data', (chunk: Buffer | string) => stderr.add(chunk));
  subprocess.stdout?.resume();
  let interpreterStartNs = 0;
  let done: ProbeMeasures | null = null;
  let failure: ProbeError | null = null;
  let malformed: string | null = null;
  subprocess.stdio[3]?.on('data', lineReader((line) => {
    if (line.trim() === '' || done !== null || failure !== null) return;
    let parsed;
    try {
      parsed = probeEventSchema.safeParse(JSON.parse(line));
    } catch {
      parsed = null;
    }
    if (parsed === null || !parsed.success) {
      malformed ??= oneLine(line, 80);
      return;
    }
    const event = parsed.data;
    if (event.event === 'started') interpreterStartNs = Number(process.hrtime.bigint() - started);
    if (event.event === 'done') done = event;
    else if (event.event === 'error') failure = event;
    onEvent(event);
  }));
  try {
    const result = await subprocess;
    // Read again after the wait: the signal may have been aborted meanwhile.
    if (isAborted(signal)) throw new ProbeInterrupted();
    const elapsedNs = Number(process.hrtime.bigint() - started);
    if (failure !== null) throw new InputError(probeErrorLine(failure));
    if (done !== null) return { measures: done, interpreterStartNs, elapsedNs };
    const why = result.timedOut
      ? `did not finish within ${PROBE_TIMEOUT_MS / 1000} s`
      : malformed !== null
        ? `wrote something else on its reply channel (${malformed})`
        : result.signal !== undefined && result.signal !== null
          ? `was killed by ${result.signal}${lastLine(stderr.text())}`
          : `exited with code ${result.exitCode ?? '?'} before it had measured anything${lastLine(stderr.text())}`;
    throw new InputError(`the probe of ${spec.label} ${why}`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Whatever the user's code left behind (a pool, a server) goes with the probe's process group.
    if (live !== null) {
      live.exited = true;
      live.signal('SIGKILL');
      liveSamples.delete(live);
    }
    removeRunTempDir(tmp);
  }
}
