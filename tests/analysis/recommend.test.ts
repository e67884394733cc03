import { describe, expect, it } from 'vitest';
import { goalFigure } from '../../src/analysis/goal-figure.js';
import { isTied, recommend, TIE_MARGIN, type RankingFigure } from '../../src/analysis/recommend.js';
import type { Goal } from '../../src/catalogue/scenario-schema.js';
import { recommendDocument } from '../../src/analysis/recommend-document.js';
import { scenarioRecord } from '../../src/results/build-document.js';
import { recommendationSchema } from '../../src/results/recommendation-schema.js';
import type { Cell } from '../../src/results/results-schema.js';
import { MACHINE, makeDocument } from '../helpers/document.js';
import { groupCell, summarised } from '../helpers/group.js';
import { makeScenario } from '../helpers/scenario.js';

const figure = (goal: Goal = { metric: 'wallMs', better: 'lower' }): RankingFigure => ({ ...goal, of: (cell: Cell) => goalFigure(cell, goal) });
const judge = (cells: Cell[], extra: Partial<Parameters<typeof recommend>[0]> = {}) =>
  recommend({ cells: summarised(cells), figure: figure(), usableCpus: 2, load: null, ...extra });

describe('isTied', () => {
  it('calls a ratio tied while its interval reaches within the margin of 1', () => {
    expect(isTied({ value: 1.2, ciLow: 0.98, ciHigh: 1.4 })).toBe(true);
    expect(isTied({ value: 1.2, ciLow: 1 + TIE_MARGIN, ciHigh: 1.4 })).toBe(true);
    expect(isTied({ value: 1.2, ciLow: 1.1, ciHigh: 1.4 })).toBe(false);
  });
});

describe('recommend', () => {
  it('recommends the cheapest of the cells tied with the best, with its gain, and names the runner-up\'s loss', () => {
    const rec = judge([
      groupCell('sequential', 1, { wallMs: 400 }),
      groupCell('threading', 2, { wallMs: 405, rssKb: 11_000 }),
      groupCell('multiprocessing', 2, { wallMs: 220, setupMs: 15, rssKb: 40_000 }),
      groupCell('interpreters', 2, { wallMs: 226, setupMs: 5, rssKb: 20_000 }),
      groupCell('async-processes', 2, { wallMs: 300, setupMs: 90, rssKb: 45_000 }),
    ]);
    expect(rec.verdict).toBe('parallelise');
    expect(rec.best).toMatchObject({ mode: 'multiprocessing', workers: 2 });
    // Interpreters are tied with the best and cheaper than processes.
    expect(rec.pick).toMatchObject({ mode: 'interpreters', workers: 2 });
    expect(rec.pick?.gain?.ciLow).toBeGreaterThan(1.5);
    expect(rec.preferred).toMatch(/interpreters w=2 is the lighter model \(peak RSS 20 MB against 39 MB, start-up 5 ms against 15 ms\)/);
    const byMode = new Map(rec.alternatives.map((alternative) => [alternative.mode, alternative]));
    expect(byMode.get('multiprocessing')).toMatchObject({ verdict: 'tied', lossTo: null });
    expect(byMode.get('threading')).toMatchObject({ verdict: 'slower', lossTo: 'the-gil' });
    expect(byMode.get('sequential')).toMatchObject({ verdict: 'slower', lossTo: 'one-thread' });
    expect(byMode.get('async-processes')).toMatchObject({ verdict: 'slower', lossTo: 'start-up' });
    expect(rec.runnerUp).toMatchObject({ mode: 'async-processes', lossTo: 'start-up' });
    expect(rec.knee).toBeNull();
    expect(rec.text).toMatch(/^→ interpreters w=2: 1\.\d+× \(1\.\d+–1\.\d+\) faster than one loop; tied with the best, multiprocessing w=2 \(1\.\d+×\): interpreters w=2 is the lighter model/);
    expect(rec.text).toMatch(/; async-processes w=2 loses to start-up \(1\.\d+×\)$/);
    expect(() => recommendationSchema.parse(rec)).not.toThrow();
  });

  it('says "do not parallelise" when nothing beats one loop beyond the noise, and what the others lose to', () => {
    const rec = judge([
      groupCell('sequential', 1, { wallMs: 100 }),
      groupCell('threading', 2, { wallMs: 101 }),
      groupCell('multiprocessing', 2, { wallMs: 180, setupMs: 30, rssKb: 40_000 }),
    ]);
    expect(rec.verdict).toBe('sequential');
    expect(rec.pick).toMatchObject({ mode: 'sequential' });
    expect(rec.knee).toBeNull();
    expect(rec.text).toMatch(/^→ do not parallelise: nothing beats one loop beyond the noise/);
    expect(rec.alternatives.find((alternative) => alternative.mode === 'threading')?.verdict).toBe('tied');
    // 80 ms behind, 30 of them start-up: the rest is the hand-over of CPU-bound work.
    expect(rec.runnerUp).toMatchObject({ mode: 'multiprocessing', verdict: 'slower', lossTo: 'pickling' });
    expect(rec.text).toMatch(/multiprocessing w=2 loses to pickling \(0\.5\d×\)/);
  });

  it('prefers threads to processes when both wait equally well, naming the costs it compared', () => {
    const rec = judge([
      groupCell('sequential', 1, { wallMs: 200, cpuShare: 0.02 }),
      groupCell('threading', 8, { wallMs: 27, cpuShare: 0.1, rssKb: 12_000 }),
      groupCell('multiprocessing', 8, { wallMs: 26, cpuShare: 0.5, setupMs: 2, rssKb: 90_000 }),
    ]);
    expect(rec.verdict).toBe('parallelise');
    expect(rec.pick).toMatchObject({ mode: 'threading', workers: 8 });
    expect(rec.best).toMatchObject({ mode: 'multiprocessing' });
    expect(rec.text).toMatch(/tied with the best, multiprocessing w=8 \(7\.\d+×\): threading w=8 is the lighter model \(peak RSS 12 MB against 88 MB/);
  });

  it('finds the knee: the fewest workers within the noise of the best, and the oversubscribed ones', () => {
    const rec = judge([
      groupCell('sequential', 1, { wallMs: 400 }),
      groupCell('multiprocessing', 1, { wallMs: 410, setupMs: 5 }),
      groupCell('multiprocessing', 2, { wallMs: 222, setupMs: 8 }),
      groupCell('multiprocessing', 4, { wallMs: 218, setupMs: 12 }),
      groupCell('multiprocessing', 8, { wallMs: 300, setupMs: 20 }),
    ]);
    expect(rec.pick).toMatchObject({ mode: 'multiprocessing', workers: 2 });
    expect(rec.knee).toEqual({ mode: 'multiprocessing', workers: 2, tried: [1, 2, 4, 8], stillRising: false });
    expect(rec.text).toMatch(/knee at w=2: w=4, w=8 gain nothing beyond the noise/);
    expect(rec.alternatives.find((alternative) => alternative.workers === 8)).toMatchObject({ verdict: 'slower', lossTo: 'oversubscription' });
  });

  it('says the curve still rises when the best is the most workers tried; fewer in flight is the loss', () => {
    const rec = judge([
      groupCell('sequential', 1, { wallMs: 600, cpuShare: 0.01 }),
      groupCell('threading', 4, { wallMs: 150, cpuShare: 0.02 }),
      groupCell('threading', 24, { wallMs: 26, cpuShare: 0.05 }),
      groupCell('asyncio', 4, { wallMs: 152, cpuShare: 0.02 }),
    ], { aspects: { io: true, cpu: false } });
    expect(rec.pick).toMatchObject({ mode: 'threading', workers: 24 });
    expect(rec.knee).toMatchObject({ workers: 24, tried: [4, 24], stillRising: true });
    expect(rec.text).toMatch(/still rising at w=24, the most tried/);
    expect(rec.runnerUp).toMatchObject({ mode: 'asyncio', lossTo: 'fewer-in-flight' });
    expect(rec.runnerUp?.why).toBe('4 wait(s) in flight against 8');
  });

  it('gives no recommendation from CPU-bound cells measured under load that no parallel mode won', () => {
    const cells = [
      groupCell('sequential', 1, { wallMs: 400 }),
      groupCell('threading', 2, { wallMs: 402 }),
      groupCell('multiprocessing', 2, { wallMs: 395, setupMs: 20 }),
    ];
    const rec = judge(cells, { load: 'other work took 1.5 of 2 usable CPUs on average while these cells ran' });
    expect(rec.verdict).toBe('under-load');
    expect(rec.pick).toBeNull();
    expect(rec.text).toMatch(/^⚠ no recommendation under load: other work took 1\.5 of 2 usable CPUs .*; best measured: .*; rerun on a quiet machine$/);
    // The same cells on a quiet machine: do not parallelise.
    expect(judge(cells).verdict).toBe('sequential');
  });

  it('keeps an answer under load that the load cannot explain: a loss beyond the parallelism it took', () => {
    const cells = [
      groupCell('sequential', 1, { wallMs: 100 }),
      groupCell('threading', 2, { wallMs: 102 }),
      // 8 MiB payloads pickled: 50 times slower, where a busy machine could take at most 2 CPUs' worth.
      groupCell('multiprocessing', 2, { wallMs: 5000, setupMs: 20 }),
    ];
    const rec = judge(cells, { load: 'other work took 1.7 of 2 usable CPUs on average while these cells ran' });
    expect(rec.verdict).toBe('sequential');
    expect(rec.runnerUp).toMatchObject({ mode: 'multiprocessing', lossTo: 'pickling' });
    expect(rec.text).toMatch(/^→ do not parallelise: nothing beats one loop beyond the noise; multiprocessing w=2 loses to pickling \(0\.019×\); measured under load \(other work took 1\.7 .*\), which cannot explain losses this large$/);
  });

  it('reads the load from the cells where it is not given, and keeps a parallel win made under load', () => {
    const loadDuringGroup = { otherCpus: 1.2, loadAvgMax: 3, seconds: 10 };
    const cells = [
      groupCell('sequential', 1, { wallMs: 400 }),
      groupCell('multiprocessing', 2, { wallMs: 250, setupMs: 10 }),
    ].map((cell) => ({ ...cell, loadDuringGroup }));
    const rec = recommend({ cells: summarised(cells), figure: figure(), usableCpus: 2 });
    expect(rec.load).toMatch(/other work took 1\.2 of 2 usable CPUs/);
    expect(rec.verdict).toBe('parallelise');
    expect(rec.text).toMatch(/measured under load \(other work took 1\.2 .*\): parallel gains are understated$/);
    // Waiting work needs no free CPU: the load does not withhold its answer either.
    const waits = [groupCell('sequential', 1, { wallMs: 400, cpuShare: 0.01 }), groupCell('threading', 8, { wallMs: 402, cpuShare: 0.01 })];
    expect(recommend({ cells: summarised(waits.map((cell) => ({ ...cell, loadDuringGroup }))), figure: figure(), usableCpus: 2 }).verdict).toBe('sequential');
  });

  it('ranks by the goal a scenario names: a rate, higher is better', () => {
    const perSecond = (rate: number) => () => ({ items_per_s: rate });
    const rec = recommend({
      cells: summarised([
        groupCell('sequential', 1, { wallMs: 300, cpuShare: 0.3, metrics: perSecond(700) }),
        groupCell('threading', 8, { wallMs: 60, cpuShare: 0.6, metrics: perSecond(4000) }),
        // Faster on the wall (its start-up is shorter) but slower per item.
        groupCell('asyncio', 8, { wallMs: 50, cpuShare: 0.6, metrics: perSecond(3000) }),
      ]),
      figure: figure({ metric: 'metric:items_per_s', better: 'higher' }),
      usableCpus: 2,
      load: null,
    });
    expect(rec.goal).toEqual({ metric: 'metric:items_per_s', better: 'higher' });
    expect(rec.pick).toMatchObject({ mode: 'threading', workers: 8 });
    expect(rec.pick?.figure.value).toBe(4000);
    expect(rec.text).toMatch(/^→ threading w=8: items_per_s 4000 \(4000–4000\), 5\.7× \(5\.7–5\.7\) better than one loop; asyncio w=8 falls behind \(4\.29×\)$/);
  });

  it('ranks by a lower-is-better latency goal, not by the wall time', () => {
    const rec = recommend({
      cells: summarised([
        groupCell('sequential', 1, { wallMs: 300, p99Ms: () => 40 }),
        groupCell('asyncio', 2, { wallMs: 250, p99Ms: () => 30 }),
        groupCell('async-processes', 2, { wallMs: 280, setupMs: 20, p99Ms: () => 1.2 }),
      ]),
      figure: figure({ metric: 'latencyP99Ms', better: 'lower' }),
      usableCpus: 2,
      load: null,
    });
    expect(rec.pick).toMatchObject({ mode: 'async-processes' });
    expect(rec.text).toMatch(/^→ async-processes w=2: task p99 1\.2 ms \(1\.2–1\.2\), 33× \(33–33\) better than one loop; asyncio w=2 loses to one thread \(1\.33×\)$/);
  });

  it('has no baseline where the scenario says sequential is none, or where it did not run', () => {
    const cells = [
      groupCell('sequential', 1, { wallMs: 1 }),
      groupCell('threading', 4, { wallMs: 40 }),
      groupCell('asyncio', 4, { wallMs: 20 }),
    ];
    const rec = judge(cells, { baseline: false });
    expect(rec.verdict).toBe('no-baseline');
    expect(rec.pick).toMatchObject({ mode: 'asyncio', gain: null });
    expect(rec.alternatives.map((alternative) => alternative.mode)).toEqual(['threading']);
    expect(rec.text).toMatch(/^→ asyncio w=4: best wall time 19\.9 ms \(19\.7–20\.3\); threading w=4 is slower \(39\.3 ms\)$/);
    const noSequential = judge(cells.slice(1));
    expect(noSequential.verdict).toBe('no-baseline');
  });

  it('says when nothing was measured, and when nothing but one loop ran', () => {
    const failed = { ...groupCell('sequential', 1, { wallMs: 10 }), status: 'failed' as const, reason: 'boom' };
    const none = judge([failed]);
    expect(none).toMatchObject({ verdict: 'nothing-measured', pick: null, best: null, alternatives: [] });
    expect(none.text).toBe('no recommendation: no cell measured wall time');
    const alone = judge([groupCell('sequential', 1, { wallMs: 10 })]);
    expect(alone.verdict).toBe('sequential');
    expect(alone.text).toBe('→ one loop: no other model ran');
  });

  it('counts threads as parallel on an interpreter without a GIL', () => {
    const cells = [
      groupCell('sequential', 1, { wallMs: 400 }),
      groupCell('threading', 2, { wallMs: 215, rssKb: 11_000 }),
      groupCell('multiprocessing', 2, { wallMs: 222, setupMs: 15, rssKb: 40_000 }),
    ];
    const free = judge(cells, { gilEnabled: false, load: 'busy' });
    expect(free.verdict).toBe('parallelise');
    expect(free.pick).toMatchObject({ mode: 'threading' });
  });

  it('is the same for the same cells, and every figure is finite (the document stores it as JSON)', () => {
    const cells = [groupCell('sequential', 1, { wallMs: 100, cv: 0.3, n: 3 }), groupCell('threading', 2, { wallMs: 90, cv: 0.3, n: 3 })];
    const a = judge(cells);
    expect(judge(cells)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(recommendationSchema.parse(a)).toEqual(a);
  });
});

describe('recommendDocument', () => {
  const cells = () => summarised([
    groupCell('sequential', 1, { wallMs: 400, metrics: () => ({ items_per_s: 100 }) }),
    groupCell('threading', 2, { wallMs: 402, metrics: () => ({ items_per_s: 300 }) }),
    groupCell('multiprocessing', 2, { wallMs: 220, setupMs: 10, metrics: () => ({ items_per_s: 150 }) }),
  ]);

  it('gives one recommendation per table, by the goal its scenario record names', () => {
    const other = summarised([groupCell('sequential', 1, { wallMs: 100, key: { params: { tasks: 4 } } }), groupCell('threading', 2, { wallMs: 100, key: { params: { tasks: 4 } } })]);
    const document = makeDocument([...cells(), ...other], { scenarios: [{ ...scenarioRecord(makeScenario()), goal: { metric: 'metric:items_per_s', better: 'higher' } }] });
    const [first, second, ...rest] = recommendDocument(document);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ scenario: 'demo', params: { tasks: 8 }, goal: { metric: 'metric:items_per_s' }, verdict: 'parallelise', pick: { mode: 'threading' } });
    // A goal the workload does not report is said so, not swapped for another figure.
    expect(second).toMatchObject({ params: { tasks: 4 }, verdict: 'nothing-measured', text: 'no recommendation: no cell measured items_per_s' });
    // Without a goal in the record (older documents): wall time.
    expect(recommendDocument(makeDocument(cells()))[0]).toMatchObject({ goal: { metric: 'wallMs', better: 'lower' }, pick: { mode: 'multiprocessing' } });
  });

  it('leaves sequential out where the scenario says it is no baseline', () => {
    const record = scenarioRecord(makeScenario({ report: { metrics: [], speedup: false } }));
    const [rec] = recommendDocument(makeDocument(cells(), { scenarios: [record] }));
    expect(rec).toMatchObject({ verdict: 'no-baseline', pick: { mode: 'multiprocessing', gain: null } });
  });

  it('takes the load from the run where its cells do not carry their own', () => {
    // Processes no faster than one loop: with their CPUs given back they might have been.
    const same = summarised([groupCell('sequential', 1, { wallMs: 400 }), groupCell('threading', 2, { wallMs: 402 }), groupCell('multiprocessing', 2, { wallMs: 395, setupMs: 10 })]);
    const warned = makeDocument(same, { warnings: [{ code: 'machine-loaded', message: 'machine is loaded: load 7.52 on 2 usable CPUs; results will be noisy' }] });
    expect(recommendDocument(warned)[0]).toMatchObject({ verdict: 'under-load', load: 'machine is loaded: load 7.52 on 2 usable CPUs' });
    const measured = makeDocument(same, { machine: { ...MACHINE, loadDuringRun: { otherCpus: 1.5, loadAvgMax: 3, seconds: 60 } } });
    expect(recommendDocument(measured)[0]?.load).toMatch(/^other work took 1\.5 of 2 usable CPUs on average during the run$/);
    // A group's own measurement wins over the run's: quiet here.
    const own = same.map((cell) => ({ ...cell, loadDuringGroup: { otherCpus: 0, loadAvgMax: 1, seconds: 5 } }));
    expect(recommendDocument({ ...warned, cells: own })[0]).toMatchObject({ verdict: 'sequential', load: null });
  });
});
