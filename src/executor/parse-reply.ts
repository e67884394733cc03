import type { SampleOutcome } from './executor.js';
import { harnessReplySchema, toSample } from './harness-protocol.js';
import { lastLine, oneLine, tail } from './sanitise-output.js';

/** The outcome a reply text stands for: validated, never trusted. */
export function parseReply(text: string, stderrText: string): SampleOutcome {
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
  if (reply.status === 'ok') return { kind: 'ok', sample: toSample(reply), checksum: reply.checksum, chunksize: reply.chunksize ?? null };
  if (reply.status === 'unsupported') return { kind: 'unsupported', reason: oneLine(reply.reason ?? 'unsupported') };
  // The whole traceback the harness sends (its last 40 lines): the tables show its last frames, --show-output all of it.
  const traceback = reply.error?.traceback;
  return { kind: 'failed', reason: oneLine(reply.reason ?? 'the workload failed'), stderrTail: traceback === undefined || traceback === '' ? tail(stderrText) : tail(traceback, 40, 4000) };
}

