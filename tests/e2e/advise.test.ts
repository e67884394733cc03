import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Advice } from '../../src/advise/advice-schema.js';
import { adviceSchema } from '../../src/advise/advice-schema.js';
import { parseAdviseOptions, type RawAdviseFlags } from '../../src/cli/advise-flags.js';
import { adviseCommand } from '../../src/commands/advise-command.js';
import { classify } from '../../src/advise/classify.js';
import { runProbe } from '../../src/advise/run-probe.js';
import { PyconcError } from '../../src/core/errors.js';
import { resolvePythons } from '../../src/env/resolve-pythons.js';
import type { Interpreter } from '../../src/python/interpreter.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { Sandbox } from '../helpers/leftovers.js';

// pyconc advise on the fixture functions of each class (python/tests/fixtures/advise/), end to end
// on this machine's python3, with budgets of a few seconds, side by side (the suite must stay short).
// Classifications are asserted as they are: the probe reads run-queue time, so a busy machine does not
// change them. Recommendations are asserted with wide ratios only, and a busy machine (these runs
// load it themselves) may withhold one for CPU-bound work (the judgement's `under-load`), which the
// assertions accept as such.
const FIXTURES = path.join(ROOT, 'python', 'tests', 'fixtures', 'advise');

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

let python: Interpreter;
beforeAll(async () => {
  [python] = (await resolvePythons(['python3'])) as [Interpreter];
});

/**
 * `pyconc advise TARGET flags`, spawned from the fixtures' folder (so that each run's load monitor
 * counts the others as other work): the advice and what went to stderr. The budgets are small so that
 * the tests are quick on a quiet machine; where a busy one makes them too small, advise says the
 * smallest that would do, and the run is made again with it.
 */
type Advised = { advice: Advice; stderr: string; exitCode: number };
async function advise(target: string, flags: Record<string, string>, needs: (advice: Advice) => boolean = () => true, again = true): Promise<Advised> {
  const args = ['advise', target, '--format', 'json', ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value])];
  const result = await runCli(args, { cwd: FIXTURES });
  const smallest = /the smallest budget that would is --budget (\d+)$/.exec(result.stderr.trimEnd())?.[1];
  if (result.exitCode === 2 && smallest !== undefined && flags['budget'] !== smallest) return advise(target, { ...flags, budget: smallest }, needs, again);
  if (result.stdout === '') throw new Error(`advise ${target} printed nothing (exit ${result.exitCode}): ${result.stderr.slice(-400)}`);
  const advice = adviceSchema.parse(JSON.parse(result.stdout));
  // The budget left out a cell the assertions need: once more with twice the budget.
  if (again && !needs(advice) && advice.experiment.leftOut > 0) {
    return advise(target, { ...flags, budget: String(2 * Number(flags['budget'])) }, needs, false);
  }
  return { advice, stderr: result.stderr, exitCode: result.exitCode };
}

/** The speedups of a mode's measured cells (from the run behind the advice, whatever the verdict). */
const speedupOf = (advice: Advice, mode: string) => advice.results.cells.flatMap((cell) => (cell.key.mode === mode && cell.status === 'ok' && cell.summary?.speedup ? [cell.summary.speedup] : []));

// Side by side: the probe's classification does not depend on the load (it reads run-queue time), nor
// does waiting work's advice.
describe.concurrent('the probe classifies each kind of function; waiting work advised meanwhile', () => {
  it.each([
    ['a blocking wait', 'adv_waits.py:wait', 'waits'],
    ['a pure-Python loop', 'adv_pure.py:spin', 'holds-gil'],
    ['a C call that releases the GIL on large buffers', 'adv_releases.py:digest', 'releases-gil'],
    ['a large result for little work', 'adv_large.py:blob', 'payload-bound'],
    ['tiny calls', 'adv_tiny.py:square', 'fine-grained'],
    ['an async def with a sync twin', 'adv_twins.py:fetch', 'waits'],
    ['a clock', 'adv_clock.py:stamp', 'waits'],
    ['a lambda', 'adv_lambda.py:spin', 'holds-gil'],
  ])('%s (%s): %s', async (_name, target, expected) => {
    const [where = '', fn = ''] = target.split(':');
    const spec = { target: `${path.join(FIXTURES, where)}:${fn}`, label: target, cwd: FIXTURES, inputs: null, tasks: 8, sync: target.startsWith('adv_twins') ? 'fetch_sync' : null, async: null, setup: null, teardown: null };
    const { measures } = await runProbe(python, spec, () => {});
    expect(classify(measures).classification).toBe(expected);
    if (target.startsWith('adv_clock')) expect(measures.deterministic).toBe(false);
    if (target.startsWith('adv_lambda')) expect(measures.functionPickleError).toMatch(/lambda/);
  });

  it('an async def with its sync twin: asyncio or threads, natively, many in flight', async () => {
    const { advice, stderr } = await advise('adv_twins.py:fetch', { tasks: '24', budget: '8', sync: 'fetch_sync', 'max-workers': '24' });
    expect(stderr).toMatch(/first call .* \(async def\), with its twin/);
    expect(advice.probe.classification).toBe('waits');
    expect(['asyncio', 'threading', 'async-threads']).toContain(advice.recommendation?.mode);
    expect(advice.recommendation?.speedup?.value).toBeGreaterThan(3);
    expect(advice.results.cells.some((cell) => cell.key.mode === 'asyncio' && cell.status === 'ok')).toBe(true);
  });
});

describe('the advice on each kind of function (one at a time: each measures its own)', () => {
  it('a pure-Python loop: holds the GIL; a process-based model, and threads no faster than one loop', async () => {
    const { advice } = await advise('adv_pure.py:spin', { tasks: '16', budget: '8', modes: 'threading,multiprocessing', 'max-workers': '2' }, (one) => speedupOf(one, 'threading').length > 0);
    expect(advice.probe.classification).toBe('holds-gil');
    if (advice.verdict !== 'under-load') {
      expect(advice.verdict).toBe('parallelise');
      expect(['multiprocessing', 'interpreters', 'process-loops']).toContain(advice.recommendation?.mode);
    }
    const threads = speedupOf(advice, 'threading');
    expect(threads.length).toBeGreaterThan(0);
    for (const speedup of threads) expect(speedup.ciLow).toBeLessThan(1.25);
  });

  it('a C call that releases the GIL on large buffers: releases-gil; threads run it in parallel', async () => {
    const { advice } = await advise('adv_releases.py:digest', { tasks: '16', budget: '7', modes: 'threading,multiprocessing', 'max-workers': '2' });
    expect(advice.probe.classification).toBe('releases-gil');
    expect(advice.probe.releasesGil).toBe(true);
    if (advice.verdict !== 'under-load') expect(['threading', 'multiprocessing', 'async-threads', 'interpreters']).toContain(advice.recommendation?.mode);
    expect(advice.results.cells.some((cell) => cell.key.mode === 'threading' && cell.key.workers >= 2 && cell.status === 'ok')).toBe(true);
  });

  it('a large result for little work: payload-bound; processes lose to moving the data', async () => {
    const measured = (one: Advice): boolean => speedupOf(one, 'multiprocessing').length > 0 && speedupOf(one, 'threading').length > 0;
    const { advice } = await advise('adv_large.py:blob', { tasks: '8', budget: '8', modes: 'threading,multiprocessing', 'max-workers': '2' }, measured);
    expect(advice.probe.classification).toBe('payload-bound');
    expect(advice.recommendation?.mode).not.toBe('multiprocessing');
    const processes = speedupOf(advice, 'multiprocessing');
    const threads = speedupOf(advice, 'threading');
    expect(Math.max(...processes.map((one) => one.value))).toBeLessThan(Math.max(...threads.map((one) => one.value)));
  });

  it('tiny calls: fine-grained; one task per hand-over loses to the hand-overs', async () => {
    const { advice } = await advise('adv_tiny.py:square', { tasks: '1000', budget: '6', modes: 'threading,multiprocessing', 'max-workers': '2' });
    expect(advice.probe.classification).toBe('fine-grained');
    expect(advice.recommendation?.mode === 'multiprocessing' && advice.recommendation.chunksize === 1).toBe(false);
    const oneAtATime = advice.alternatives.find((one) => one.chunksize === 1 && one.mode === 'multiprocessing');
    if (oneAtATime !== undefined) {
      expect(oneAtATime.speedup?.value ?? 0).toBeLessThan(0.5);
      expect(oneAtATime.lossTo).toBe('hand-overs');
    }
  });

});

describe.concurrent('the command line: bad input in one line on stderr, exit 2, nothing left running; files written', () => {
  async function expectOneLine(args: string[], message: RegExp, lines: 'one' | 'last' = 'one'): Promise<void> {
    const own = new Sandbox();
    try {
      const result = await runCli(['advise', ...args], { env: own.env(), cwd: FIXTURES });
      const said = result.stderr.trimEnd().split('\n');
      expect(said.at(-1)).toMatch(message);
      if (lines === 'one') expect(said).toHaveLength(1);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
      expect(result.stdout).toBe('');
      expect(await own.leftoverProcesses()).toEqual([]);
      expect(own.leftoverTempEntries()).toEqual([]);
    } finally {
      own.dispose();
    }
  }

  it('a function that raises on its first call: its last frames', async () => {
    await expectOneLine(['adv_raises.py:lookup'], /^pyconc: adv_raises\.py:lookup raised ValueError: no record 0 on its first call \(input 0\) \(at adv_raises\.py:5 in _check ← adv_raises\.py:9 in lookup\)$/);
  });

  it('--tasks 0', async () => {
    await expectOneLine(['adv_waits.py:wait', '--tasks', '0'], /^pyconc: --tasks: expected an integer ≥ 1, got "0"$/);
  });

  it('a budget too small to measure anything: the smallest that would (after the probe\'s lines)', async () => {
    await expectOneLine(['adv_pure.py:spin', '--tasks', '400', '--budget', '3'], /^pyconc: --budget 3: too small to measure anything here: .*; the smallest budget that would is --budget \d+$/, 'last');
  });

  it('a lambda leaves every process mode unsupported, saying why, and runs in threads', async () => {
    const own = new Sandbox();
    try {
      const output = path.join(own.root, 'advice.json');
      const html = path.join(own.root, 'advice.html');
      const run = (budget: string) => runCli(['advise', 'adv_lambda.py:spin', '--tasks', '4', '--budget', budget, '-o', output, '--export-html', html], { env: own.env(), cwd: FIXTURES });
      let result = await run('8');
      // As in advise() above: a busy machine may need the budget advise names.
      const smallest = /the smallest budget that would is --budget (\d+)$/.exec(result.stderr.trimEnd())?.[1];
      if (result.exitCode === 2 && smallest !== undefined) result = await run(smallest);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^pyconc advise · adv_lambda\.py:spin/);
      const advice = adviceSchema.parse(JSON.parse(readFileSync(output, 'utf8')));
      for (const mode of ['multiprocessing', 'process-loops']) {
        const cell = advice.results.cells.find((one) => one.key.mode === mode);
        expect(cell).toMatchObject({ status: 'unsupported' });
        expect(cell?.reason).toMatch(/the function cannot be pickled \(PicklingError: .*lambda.*\), so no process pool can be sent it/);
      }
      expect(advice.probe.functionPickles).toBe(false);
      expect(advice.results.cells.find((one) => one.key.mode === 'threading')?.status).toBe('ok');
      expect(readFileSync(html, 'utf8')).toContain('<h1>pyconc advise: adv_lambda.py:spin</h1>');
      expect(own.leftoverTempEntries()).toEqual([]);
    } finally {
      own.dispose();
    }
  });
});

describe.concurrent('bad input: what each says', () => {
  const own = new Sandbox();
  afterAll(() => own.dispose());

  async function failure(target: string, flags: RawAdviseFlags = {}): Promise<string> {
    try {
      const options = parseAdviseOptions(target, flags, FIXTURES);
      await adviseCommand(options, { stdout: sink(), stderr: sink(), color: false, interpreters: [python], startedAtMs: Date.now() });
    } catch (error) {
      expect(error).toBeInstanceOf(PyconcError);
      expect((error as PyconcError).exitCode).toBe(2);
      return (error as Error).message;
    }
    throw new Error(`advise ${target} did not fail`);
  }

  it.each([
    ['a target file that is not there', 'nope.py:f', /^TARGET nope\.py:f: file not found: .*nope\.py$/],
    ['a module that is not there', 'no_such_module:f', /^module no_such_module not found \(looked in .*advise and on sys\.path\)$/],
    ['a missing function', 'adv_raises.py:missing', /^adv_raises has no function missing \(it defines lookup\)$/],
    ['a name that is no function', 'adv_raises.py:NOT_A_FUNCTION', /^adv_raises\.NOT_A_FUNCTION is not a function but a value of type int$/],
    ['no function named', 'adv_raises.py', /^TARGET adv_raises\.py: expected path\/to\/file\.py:function or package\.module:function$/],
  ])('%s', async (_name, target, message) => {
    expect(await failure(target)).toMatch(message);
  });

  it('a twin of the same kind', async () => {
    expect(await failure('adv_twins.py:fetch', { sync: 'fetch' })).toBe('twin fetch is an async def function like the target; it must be the other kind');
  });

  it('a module that does not compile: its file and line', async () => {
    writeFileSync(path.join(own.root, 'broken.py'), 'def f(i):\n    return (i\n');
    expect(await failure(`${own.root}/broken.py:f`)).toMatch(/^.*broken\.py:2: .*$/);
  });

  it('an inputs file that is not JSON Lines: its line', async () => {
    writeFileSync(path.join(own.root, 'in.jsonl'), '{"n": 1}\n{n: 2}\n');
    expect(await failure('adv_hooks.py:work', { inputs: path.join(own.root, 'in.jsonl') })).toMatch(/^--inputs .*in\.jsonl: line 2 is not JSON \(.*\); expected JSON Lines, one value per line$/);
  });
});
