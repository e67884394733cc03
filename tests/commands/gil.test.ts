import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseRunOptions } from '../../src/cli/parse-run-flags.js';
import { runCommand } from '../../src/commands/run-command.js';
import { harnessFlags } from '../../src/executor/python-executor.js';
import { MockExecutor } from '../../src/executor/mock-executor.js';
import { assignInterpreterIds } from '../../src/python/interpreter.js';
import { probeSchema } from '../../src/python/probe-schema.js';
import { withGilStates } from '../../src/python/gil-states.js';
import { MACHINE } from '../helpers/document.js';
import { makeInterpreter } from '../helpers/scenario.js';

// What `harness.py probe` prints on a free-threaded CPython 3.13.1 (3.13t): freeThreadedBuild true, gilEnabled false.
const probe = probeSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/probes/cpython-3.13.1t.json', import.meta.url), 'utf8')));
const [freeThreaded] = assignInterpreterIds([{ ...probe, requested: '3.13t' }]);
if (freeThreaded === undefined) throw new Error('fixture probe did not give an interpreter');

const sink = (): Writable & { text: string } => {
  const stream = new Writable({ write(chunk, _encoding, done) { stream.text += String(chunk); done(); } }) as Writable & { text: string };
  stream.text = '';
  return stream;
};

describe('withGilStates', () => {
  it('runs a free-threaded build once per state: +gil with -X gil=1, the plain id with -X gil=0', () => {
    const both = withGilStates([freeThreaded], ['on', 'off']);
    expect(both.map((interpreter) => [interpreter.id, interpreter.gil, interpreter.gilEnabled])).toEqual([
      ['cpython-3.13.1t+gil', 1, true],
      ['cpython-3.13.1t', 0, false],
    ]);
    expect(both.map(harnessFlags)).toEqual([['-X', 'faulthandler', '-X', 'gil=1'], ['-X', 'faulthandler', '-X', 'gil=0']]);
    expect(harnessFlags(makeInterpreter())).toEqual(['-X', 'faulthandler']);
  });

  it('leaves everything as it is without --gil, and a GIL build as it is for on', () => {
    expect(withGilStates([freeThreaded], null)).toEqual([freeThreaded]);
    expect(withGilStates([makeInterpreter()], ['on'])).toEqual([makeInterpreter()]);
  });

  it('refuses off for a GIL build, naming it', () => {
    expect(() => withGilStates([makeInterpreter()], ['on', 'off'])).toThrow(/^--gil off: cpython-3\.11\.7 \(.*\) is not a free-threaded build; its GIL cannot be turned off$/);
  });

  it('parses --gil on,off and rejects anything else', () => {
    expect(parseRunOptions([], { gil: 'on,off' }).gil).toEqual(['on', 'off']);
    expect(parseRunOptions([], {}).gil).toBeNull();
    expect(() => parseRunOptions([], { gil: 'maybe' })).toThrow('--gil: expected on, off or on,off, got "maybe"');
  });
});

describe('pyconc run --gil on,off on a free-threaded build (mock executor)', () => {
  it('measures both states and judges each cpu-pure claim only in its own GIL state', async () => {
    // Threads halve the time only without the GIL; everything else takes as long as sequential.
    const executor = new MockExecutor((request) => ({ wallNs: request.cell.mode === 'threading' && request.interpreter.gil === 0 ? 5e7 : 1e8 }));
    const options = parseRunOptions(['cpu-pure'], { gil: 'on,off', quick: true, modes: 'threading', runs: '5', format: 'json' });
    const stdout = sink();
    const io = { stdout, stderr: sink(), color: false, executor, machine: MACHINE, interpreters: [freeThreaded] };
    const { document, exitCode } = await runCommand(options, io);
    expect(exitCode).toBe(0);
    expect(document.interpreters.map((interpreter) => [interpreter.id, interpreter.gil, interpreter.gilEnabled])).toEqual([
      ['cpython-3.13.1t+gil', 1, true],
      ['cpython-3.13.1t', 0, false],
    ]);
    expect(new Set(document.cells.map((cell) => cell.key.python))).toEqual(new Set(['cpython-3.13.1t+gil', 'cpython-3.13.1t']));
    const verdicts = document.findings
      .filter((finding) => finding.claim.startsWith('threads'))
      .map((finding) => [finding.claim, finding.verdict, finding.evidence.match(/\[.*\]$/)?.[0]]);
    expect(verdicts).toEqual([
      ['threads give no speedup on pure-Python CPU work under the GIL', 'confirmed', '[tasks=8 span=15000 cpython-3.13.1t+gil]'],
      ['threads scale without the GIL (a free-threaded build run with -X gil=0)', 'confirmed', '[tasks=8 span=15000 cpython-3.13.1t]'],
    ]);
    // The run records its interpreters side by side: threads twice as fast with the GIL off as with it on.
    const rows = document.interpreterComparisons?.flatMap((comparison) => comparison.rows) ?? [];
    expect(rows.find((row) => row.label.startsWith('threading') && row.python === 'cpython-3.13.1t')?.vsFirst?.value).toBeCloseTo(2, 5);
  });

  it('gives a gil: false claim no finding when every interpreter ran with the GIL', async () => {
    const executor = new MockExecutor(() => ({ wallNs: 1e8 }));
    const options = parseRunOptions(['cpu-pure'], { quick: true, modes: 'threading', runs: '3', format: 'json' });
    const io = { stdout: sink(), stderr: sink(), color: false, executor, machine: MACHINE, interpreters: [makeInterpreter()] };
    const { document } = await runCommand(options, io);
    expect(document.findings.map((finding) => finding.claim)).not.toContain('threads scale without the GIL (a free-threaded build run with -X gil=0)');
    expect(document.findings.map((finding) => finding.claim)).toContain('threads give no speedup on pure-Python CPU work under the GIL');
  });
});
