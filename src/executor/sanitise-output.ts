import path from 'node:path';

const STDERR_TAIL_LINES = 8;
const STDERR_TAIL_CHARS = 1000;
const REASON_CHARS = 300;

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
export function lastLine(text: string): string {
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


