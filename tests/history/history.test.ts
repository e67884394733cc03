import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyAddCommand, historyCheckCommand, historyReportCommand, parseThreshold } from '../../src/commands/history-command.js';
import { InputError, UsageError } from '../../src/core/errors.js';
import { matchId } from '../../src/core/cell-key.js';
import { fitSteps } from '../../src/history/change-point.js';
import { cellSeries } from '../../src/history/series.js';
import { sparkline } from '../../src/history/history-report.js';
import { INDEX_FILE } from '../../src/history/store.js';
import { mulberry32 } from '../../src/stats/random.js';
import { buildStore, commitOf, demoRuns, normal, snapshot, tempDir } from './runs.js';

/** Runs a command that must refuse its input: the error's one line, and whether the store stayed as it was. */
function refusal(store: string, command: () => unknown): { message: string; unchanged: boolean } {
  const before = existsSync(store) ? snapshot(store) : null;
  let message = '';
  try {
    command();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    message = (error as InputError).message;
  }
  const after = existsSync(store) ? snapshot(store) : null;
  return { message, unchanged: JSON.stringify(before) === JSON.stringify(after) };
}

describe('history check', () => {
  it('finds the step of 12 runs whose last 6 are 30% slower, names run 7\'s commit and exits 1', () => {
    const store = buildStore(demoRuns(12, { slowFrom: 7, slowdown: 1.3 }));
    const outcome = historyCheckCommand({ store, threshold: '10%' });
    expect(outcome.exitCode).toBe(1);
    const regressions = outcome.text.split('\n').filter((line) => line.startsWith('REGRESSION'));
    expect(regressions).toHaveLength(3);
    for (const line of regressions) expect(line).toContain(`from commit ${commitOf(7)} (run 7, 2026-11-07)`);
    expect(regressions[0]).toMatch(/^REGRESSION demo\/sequential\/w1\/tasks=8: \+\d+\.\d% \(95% CI \+\d+\.\d% to \+\d+\.\d%\)/);
    // The step's size is about 30%, and its interval holds it.
    const size = Number(/: \+(\d+\.\d)%/.exec(regressions[0] ?? '')?.[1]);
    expect(size).toBeGreaterThan(20);
    expect(size).toBeLessThan(40);
  });

  it('finds no step in 6 unchanged runs and exits 0', () => {
    const outcome = historyCheckCommand({ store: buildStore(demoRuns(6, { seed: 11 })) });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.text).toContain('no regression step beyond 10% in the latest runs');
  });

  it('does not report a slowdown below the threshold', () => {
    const store = buildStore(demoRuns(12, { slowFrom: 7, slowdown: 1.3 }));
    expect(historyCheckCommand({ store, threshold: '50%' }).exitCode).toBe(0);
  });

  it('reads --threshold as a percentage and refuses anything else', () => {
    expect(parseThreshold('10%')).toBeCloseTo(0.1);
    expect(parseThreshold('2.5')).toBeCloseTo(0.025);
    expect(() => parseThreshold('ten')).toThrow(UsageError);
    expect(() => parseThreshold('0%')).toThrow('--threshold: the threshold must be above 0%, got "0%"');
  });
});

describe('stores that cannot be read: exit 2, one line, nothing changed', () => {
  it('refuses a missing store', () => {
    const store = path.join(tempDir(), 'nowhere');
    const { message, unchanged } = refusal(store, () => historyCheckCommand({ store }));
    expect(message).toBe(`${store}: no history store (the folder does not exist); start one with pyconc history add`);
    expect(unchanged && !existsSync(store)).toBe(true);
  });

  it('refuses a corrupt index, for check, report and add', () => {
    const store = buildStore(demoRuns(2));
    writeFileSync(path.join(store, INDEX_FILE), '{"schema": "pyconc/history@1", "runs": [');
    const [file] = [path.join(path.dirname(store), 'run-1.json')];
    for (const command of [() => historyCheckCommand({ store }), () => historyReportCommand({ store, format: 'markdown' }), () => historyAddCommand([file ?? ''], { store })]) {
      const { message, unchanged } = refusal(store, command);
      expect(message).toBe(`${path.join(store, INDEX_FILE)}: cannot read the history index (not valid JSON)`);
      expect(message).not.toContain('\n');
      expect(unchanged).toBe(true);
    }
  });

  it('refuses an index of another schema and a stored document of an unknown schema', () => {
    const store = buildStore(demoRuns(2));
    const index = JSON.parse(readFileSync(path.join(store, INDEX_FILE), 'utf8')) as { runs: { file: string }[] };
    const runFile = path.join(store, index.runs[1]?.file ?? '');
    writeFileSync(runFile, readFileSync(runFile, 'utf8').replace('"pyconc/results@1"', '"pyconc/results@9"'));
    const stored = refusal(store, () => historyCheckCommand({ store }));
    expect(stored.message).toBe(`${runFile}: unknown results schema "pyconc/results@9"; this pyconc reads "pyconc/results@1"`);
    expect(stored.unchanged).toBe(true);
    writeFileSync(path.join(store, INDEX_FILE), JSON.stringify({ schema: 'pyconc/history@7', runs: [] }));
    expect(refusal(store, () => historyCheckCommand({ store })).message).toBe(`${path.join(store, INDEX_FILE)}: unknown history schema "pyconc/history@7"; this pyconc reads "pyconc/history@1"`);
  });

  it('refuses a folder with other files in it as a new store', () => {
    const store = tempDir();
    writeFileSync(path.join(store, 'notes.txt'), 'mine');
    const file = path.join(tempDir(), 'r.json');
    writeFileSync(file, JSON.stringify(demoRuns(1)[0]));
    const { message, unchanged } = refusal(store, () => historyAddCommand([file], { store }));
    expect(message).toBe(`${store}: not a history store (no ${INDEX_FILE}); start one with pyconc history add`);
    expect(unchanged).toBe(true);
  });
});

describe('history add', () => {
  it('creates the store, keeps runs in date order, and refuses a run already in it', () => {
    const dir = tempDir();
    const store = path.join(dir, 'store');
    const [first, second] = demoRuns(2).map((document, index) => {
      const file = path.join(dir, `r${index}.json`);
      writeFileSync(file, JSON.stringify(document, null, index === 0 ? 2 : 0));
      return file;
    });
    expect(historyAddCommand([second ?? ''], { store, commit: 'bbb' }).text).toMatch(/^added run [0-9a-f]{16} \(commit bbb\) of 2026-11-02T10:00:00.000Z to /);
    historyAddCommand([first ?? ''], { store, commit: 'aaa', date: '2026-11-01' });
    const index = JSON.parse(readFileSync(path.join(store, INDEX_FILE), 'utf8')) as { runs: { commit: string; date: string }[] };
    expect(index.runs.map((run) => run.commit)).toEqual(['aaa', 'bbb']);
    expect(index.runs[0]?.date).toBe('2026-11-01T00:00:00.000Z');
    const again = refusal(store, () => historyAddCommand([first ?? ''], { store, commit: 'ccc' }));
    expect(again.message).toMatch(new RegExp(`^${first}: this run is already in ${store} \\(run [0-9a-f]{16}\\); nothing was added$`));
    expect(again.unchanged).toBe(true);
  });

  it('refuses the same run given twice in one add, and adds neither', () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.json');
    writeFileSync(file, JSON.stringify(demoRuns(1)[0]));
    const store = path.join(dir, 'store');
    expect(refusal(store, () => historyAddCommand([file, file], { store })).message).toContain('is already in');
    expect(existsSync(store)).toBe(false);
  });

  it('refuses a date that is not one', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'store'));
    const file = path.join(dir, 'r.json');
    writeFileSync(file, JSON.stringify(demoRuns(1)[0]));
    expect(() => historyAddCommand([file], { store: path.join(dir, 'store'), date: 'yesterday' })).toThrow('--date yesterday: not a date (expected ISO 8601, e.g. 2026-11-24T10:00:00Z)');
  });
});

describe('history report', () => {
  const store = buildStore(demoRuns(12, { slowFrom: 7, slowdown: 1.3 }));

  it('writes a trend per cell in Markdown, regressions first, with the step', () => {
    const { text, exitCode } = historyReportCommand({ store, format: 'markdown' });
    expect(exitCode).toBe(0);
    const rows = text.split('\n').filter((line) => line.startsWith('| **regression**'));
    expect(rows).toHaveLength(3);
    // Markdown escapes the parentheses of the step's text.
    expect(rows[0]).toContain(`from commit ${commitOf(7)} \\(run 7, 2026-11-07\\)`);
  });

  it('writes a self-contained HTML page with one trend chart per cell', () => {
    const { text } = historyReportCommand({ store, format: 'html' });
    expect(text.startsWith('<!doctype html>')).toBe(true);
    expect(text.match(/<figure id="h-[0-9a-f]{10}"/g)).toHaveLength(3);
  });

  it('refuses another format', () => {
    expect(() => historyReportCommand({ store, format: 'csv' })).toThrow('--format csv: expected one of html, markdown');
  });
});

describe('fitSteps', () => {
  it('puts a step where the level changes and none in a flat series', () => {
    const random = mulberry32(3);
    const run = (level: number) => ({ samples: Array.from({ length: 10 }, () => level * Math.exp(0.12 * normal(random))) });
    const stepped = fitSteps([...Array.from({ length: 8 }, () => run(100)), ...Array.from({ length: 8 }, () => run(125))]);
    expect(stepped.steps.map((step) => step.at)).toEqual([8]);
    expect(stepped.steps[0]?.ratio.value).toBeGreaterThan(1.15);
    expect(stepped.steps[0]?.ratio.ciLow).toBeGreaterThan(1);
    expect(fitSteps(Array.from({ length: 16 }, () => run(100))).steps).toEqual([]);
  });

  it('never puts a step in fewer than four runs', () => {
    expect(fitSteps([{ samples: [1, 1, 1] }, { samples: [1, 1, 1] }, { samples: [5, 5, 5] }]).steps).toEqual([]);
  });
});

describe('sparkline', () => {
  it('draws the lowest as the lowest block and the highest as the highest', () => {
    expect(sparkline([1, 2, 3, 8])).toBe('▁▂▃█');
    expect(sparkline([5, 5])).toBe('▄▄');
  });
});

describe('cellSeries', () => {
  it('matches cells by matchId, counts the candidate of an A/B run and skips shard copies of a baseline', () => {
    const [document] = demoRuns(1);
    const [sequential, threading] = document!.cells;
    const cells = [
      { ...sequential!, key: { ...sequential!.key, variant: 'baseline' as const } },
      { ...sequential!, key: { ...sequential!.key, variant: 'candidate' as const } },
      { ...threading!, baselineCopy: true },
    ];
    const series = cellSeries([{ entry: { id: 'a', file: 'runs/a.json', commit: null, date: document!.startedAt, startedAt: document!.startedAt, tool: '0.1.0' }, document: { ...document!, cells } }]);
    expect(series.map((cell) => [cell.id, cell.name])).toEqual([[matchId(sequential!.key), 'demo/sequential/w1/tasks=8']]);
  });
});
