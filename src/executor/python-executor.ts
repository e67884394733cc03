import { execa } from 'execa';
import { HARNESS_PATH, harnessReplySchema } from '../python/harness-protocol.js';
import { pythonEnvironment } from '../python/python-env.js';
import type { Executor, SampleOutcome, SampleRequest } from './executor.js';

const STDERR_TAIL_LINES = 8;
const STDERR_TAIL_CHARS = 1000;
const MAX_STDERR_BYTES = 4 * 1024 * 1024;

/** The last few lines of a stream, bounded in size, for failure reasons. */
export function tail(text: string, lines = STDERR_TAIL_LINES, chars = STDERR_TAIL_CHARS): string {
  const kept = text.trimEnd().split('\n').slice(-lines).join('\n');
  return kept.length > chars ? `…${kept.slice(-chars)}` : kept;
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // The harness leads its own process group (detached), so this reaches pool workers and servers too.
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs each sample in a fresh interpreter via execa; never rejects. */
export class PythonExecutor implements Executor {
  private readonly env = pythonEnvironment();

  async runSample(request: SampleRequest): Promise<SampleOutcome> {
    const { interpreter, spec, timeoutMs, signal } = request;
    if (signal?.aborted) return { kind: 'aborted', reason: 'interrupted before start' };
    const subprocess = execa(
      interpreter.executable,
      ['-X', 'faulthandler', HARNESS_PATH, 'run', JSON.stringify(spec), '--reply-fd', '3'],
      {
        reject: false,
        env: this.env,
        extendEnv: false,
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
        detached: true,
        maxBuffer: MAX_STDERR_BYTES,
        encoding: 'utf8',
        stripFinalNewline: false,
      },
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(subprocess.pid);
    }, timeoutMs);
    const onAbort = (): void => killTree(subprocess.pid);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await subprocess;
      // Pool workers or servers left behind by a crashed harness die with their group.
      killTree(subprocess.pid);
      const stderr = String(result.stderr ?? '');
      if (signal?.aborted) return { kind: 'aborted', reason: 'interrupted' };
      if (timedOut) return { kind: 'timeout', reason: `sample exceeded the ${timeoutMs / 1000} s timeout; process tree killed` };
      if (result.isMaxBuffer) return { kind: 'failed', reason: `the sample wrote more than ${MAX_STDERR_BYTES / 1024 / 1024} MiB to stderr` };
      if (result.signal !== undefined && result.signal !== null) {
        return { kind: 'failed', reason: `interpreter killed by ${result.signal}`, stderrTail: tail(stderr) };
      }
      const replyText = String(result.stdio[3] ?? '').trim();
      if (result.exitCode !== 0) {
        return { kind: 'failed', reason: `interpreter exited with code ${result.exitCode}`, stderrTail: tail(stderr) };
      }
      if (replyText === '') return { kind: 'failed', reason: 'the harness sent no reply', stderrTail: tail(stderr) };
      let json: unknown;
      try {
        json = JSON.parse(replyText);
      } catch {
        return { kind: 'failed', reason: 'the harness reply is not JSON', stderrTail: tail(stderr) };
      }
      const parsed = harnessReplySchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { kind: 'failed', reason: `malformed harness reply: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() };
      }
      const reply = parsed.data;
      if (reply.status === 'unsupported') return { kind: 'unsupported', reason: reply.reason ?? 'unsupported' };
      if (reply.status === 'failed') {
        return { kind: 'failed', reason: reply.reason ?? 'the workload failed', stderrTail: reply.error?.traceback === undefined ? tail(stderr) : tail(reply.error.traceback) };
      }
      return { kind: 'ok', reply };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
