import { describe, expect, it } from 'vitest';
import { tracebackLines } from '../../src/report/traceback-text.js';

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/opt/pyconc/python/pyconc_harness/runner.py", line 80, in run_sample',
  '    values = mode.run(workload, params)',
  '  File "/opt/pyconc/python/pyconc_harness/workload.py", line 101, in blocking_task',
  '    return self.compute(data, params)',
  '  File "/home/u/bench/columns.py", line 3, in compute',
  '    return parse_row(row, i)',
  '  File "/home/u/bench/columns.py", line 7, in parse_row',
  '    return lookup(row, "missing_column_%d" % i)',
  '  File "/home/u/bench/columns.py", line 11, in lookup',
  '    return row[key]',
  '           ~~~^^^^^',
  "KeyError: 'missing_column_3'",
].join('\n');

describe('tracebackLines', () => {
  it('keeps the last frames of the workload (after the harness) and the exception, saying how many were left out', () => {
    expect(tracebackLines(TRACEBACK)).toEqual([
      '… 2 earlier frames (all of them: pyconc run --show-output, or the results file\'s stderrTail)',
      '  File "/home/u/bench/columns.py", line 3, in compute',
      '    return parse_row(row, i)',
      '  File "/home/u/bench/columns.py", line 7, in parse_row',
      '    return lookup(row, "missing_column_%d" % i)',
      '  File "/home/u/bench/columns.py", line 11, in lookup',
      '    return row[key]',
      '           ~~~^^^^^',
      "KeyError: 'missing_column_3'",
    ]);
  });

  it('gives everything with `all`, the harness\'s last frames when the error is its own, nothing for text that is no traceback', () => {
    expect(tracebackLines(TRACEBACK, true)).toEqual(TRACEBACK.split('\n'));
    const own = ['Traceback (most recent call last):', '  File "/opt/pyconc/python/pyconc_harness/runner.py", line 80, in run_sample', '    boom()', 'RuntimeError: x'].join('\n');
    expect(tracebackLines(own)).toEqual(own.split('\n').slice(1));
    expect(tracebackLines('Fatal Python error: Segmentation fault')).toEqual([]);
    expect(tracebackLines(undefined)).toEqual([]);
  });

  it('shows the last traceback of a chain, and no terminal control', () => {
    const chained = `${TRACEBACK}\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File "/home/u/bench/columns.py", line 20, in compute\n    raise ValueError("\u001b[31mred")\nValueError: \u001b[31mred`;
    expect(tracebackLines(chained)).toEqual(['  File "/home/u/bench/columns.py", line 20, in compute', '    raise ValueError("\uFFFD[31mred")', 'ValueError: \uFFFD[31mred']);
  });
});
