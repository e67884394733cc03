/**
 * A failed workload's traceback under the table. The cell's reason is its last line
 * (`KeyError: 'missing_column_3'`), which rarely says where; the traceback travelled in the
 * results document only (`stderrTail`), lost without `-o`. The tables show its last frames,
 * the workload's own, and `run --show-output` all of it.
 */

/** Frames shown by default: the innermost ones, where a workload's own code raised. */
export const LAST_FRAMES = 3;

const FRAME = /^\s*File "/;
/** pyconc's own frames (the harness calling the workload) are not where a workload's error is. */
const HARNESS_FRAME = /^\s*File ".*(?:[/\\]pyconc_harness[/\\]|[/\\]harness\.py")/;

/**
 * The lines to show under a failed cell's note: with `all`, the whole kept text; else, when it is a
 * Python traceback, its last {@link LAST_FRAMES} frames after pyconc's harness (file and line, the
 * code, carets) and the exception line, after a line saying how many earlier frames were left out.
 * Nothing otherwise.
 */
export function tracebackLines(text: string | undefined, all = false): string[] {
  if (text === undefined || text.trim() === '') return [];
  // A results file may come from anywhere: no terminal control reaches the screen from it.
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD').trimEnd().split('\n');
  if (all) return lines;
  // The last traceback of a chain ("During handling of the above exception…") is the one that ended the sample.
  const start = lines.findLastIndex((line) => line.startsWith('Traceback (most recent call last):'));
  const body = start < 0 ? lines : lines.slice(start + 1);
  const every = body.flatMap((line, index) => (FRAME.test(line) ? [index] : []));
  // The workload's frames are those after pyconc's last one (the harness calling into the workload).
  const lastHarness = every.findLast((index) => HARNESS_FRAME.test(body[index] as string)) ?? -1;
  const own = every.filter((index) => index > lastHarness);
  const frames = own.length > 0 ? own : every;
  if (frames.length === 0) return [];
  const first = frames[Math.max(0, frames.length - LAST_FRAMES)] as number;
  const earlier = every.indexOf(first);
  const note = earlier > 0 ? [`… ${earlier} earlier frame${earlier === 1 ? '' : 's'} (all of them: pyconc run --show-output, or the results file's stderrTail)`] : [];
  return [...note, ...body.slice(first)];
}
