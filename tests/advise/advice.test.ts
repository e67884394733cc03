import { describe, expect, it } from 'vitest';
import { ADVICE_REPORTERS } from '../../src/advise/advice-reporters.js';
import { adviceSchema } from '../../src/advise/advice-schema.js';
import { adviseWith } from './advise-with.js';
import { KINDS } from './probes.js';

describe('the advice: run\'s judgement, said in the probe\'s terms', () => {
  it('recommends a process pool for a pure-Python loop, with the knee, and says threads lose to the GIL the probe saw', async () => {
    const { advice, requests } = await adviseWith(KINDS.holdsGil, { sequential: 400, 'multiprocessing w=2': 215, 'multiprocessing w=4': 220, threading: 410, 'async-threads': 420 });
    expect(adviceSchema.parse(advice)).toBeTruthy();
    expect(advice.verdict).toBe('parallelise');
    expect(advice.recommendation).toMatchObject({ mode: 'multiprocessing', workers: 2 });
    expect(advice.recommendation?.speedup?.value).toBeGreaterThan(1.5);
    expect(advice.recommendation?.snippet).toContain('ProcessPoolExecutor(max_workers=2)');
    expect(advice.knee).toMatchObject({ mode: 'multiprocessing', workers: 2, tried: [2, 4], stillRising: false });
    const threads = advice.alternatives.find((one) => one.mode === 'threading');
    expect(threads).toMatchObject({ verdict: 'slower', lossTo: 'the-gil' });
    expect(threads?.why).toMatch(/in the probe two threads kept 1\.00 CPUs busy/);
    expect(advice.alternatives.find((one) => one.mode === 'interpreters')).toMatchObject({ verdict: 'unsupported' });
    // The cells' keys say what was measured; the executor adds where the function is.
    expect(requests[0]?.cell.params).toEqual({ tasks: 64, target: '/abs/work.py:check', cwd: '/abs', check: 'value' });
    expect(advice.results.cells.every((cell) => Object.keys(cell.key.params).join() === 'tasks')).toBe(true);
  });

  it('says do not parallelise when nothing beats one loop, and why in the probe\'s words', async () => {
    const { advice } = await adviseWith(KINDS.tiny, { sequential: 20, threading: 40, multiprocessing: 300, 'async-threads': 45 }, 20_000, (mode) => (mode === 'sequential' ? null : 2500));
    expect(advice.verdict).toBe('do-not-parallelise');
    expect(advice.recommendation).toMatchObject({ mode: 'sequential', workers: 1 });
    expect(advice.recommendation?.why).toMatch(/nothing beat one loop beyond the noise; the probe: a call \(130 ns\) costs less than handing it to a process/);
    const oneAtATime = advice.alternatives.find((one) => one.chunksize === 1);
    expect(oneAtATime).toMatchObject({ mode: 'multiprocessing', lossTo: 'hand-overs' });
    expect(ADVICE_REPORTERS.table(advice, { color: false })).toMatch(/do not parallelise/);
  });

  it('says once that results were checked by count and type only', async () => {
    const { advice } = await adviseWith({ ...KINDS.waits, deterministic: false, nondeterminism: 'two calls with the same input returned different values' }, { sequential: 650, threading: 60, 'async-threads': 70, multiprocessing: 200, 'process-loops': 220 });
    expect(advice.notes.filter((note) => note.includes('checked by count and type only'))).toHaveLength(1);
    expect(advice.recommendation?.mode).toBe('threading');
  });

  it('withholds a recommendation for computing work measured under load, even when the starved loop looks idle', async () => {
    const { advice } = await adviseWith(KINDS.holdsGil, { sequential: 400, multiprocessing: 390, threading: 410, 'async-threads': 420 }, 64, undefined, true);
    expect(advice.verdict).toBe('under-load');
    expect(advice.recommendation).toBeNull();
    expect(advice.notes.some((note) => note.startsWith('Measured under load'))).toBe(true);
  });

  it('does not blame pickling where the probe says moving the data costs next to nothing', async () => {
    const { advice } = await adviseWith(KINDS.holdsGil, { sequential: 400, multiprocessing: 480, threading: 410, 'async-threads': 420 });
    const processes = advice.alternatives.find((one) => one.mode === 'multiprocessing' && one.workers === 2);
    expect(processes?.lossTo).not.toBe('pickling');
    expect(processes?.why).toMatch(/moving an input and its result costs only \d+ ns a task against a 10\.0 ms call/);
  });

  it('writes every format from the one document', async () => {
    const { advice } = await adviseWith(KINDS.holdsGil, { sequential: 400, multiprocessing: 215, threading: 410, 'async-threads': 420 });
    expect(ADVICE_REPORTERS.markdown(advice, { color: false })).toMatch(/^_pyconc advise · work\.py:check/);
    expect(ADVICE_REPORTERS.markdown(advice, { color: false })).toContain('```python');
    expect(adviceSchema.parse(JSON.parse(ADVICE_REPORTERS.json(advice, { color: false })))).toBeTruthy();
    expect(ADVICE_REPORTERS.html(advice, { color: false })).toContain('advice-scaling');
  });
});
