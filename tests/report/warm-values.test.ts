import { describe, expect, it } from 'vitest';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { warmCell } from '../helpers/warm.js';

/** A slowly starting pool measured with 3 values per process: cold wall 300 ms, warm work 50 ms; sequential 200 ms either way. */
function warmDocument() {
  const cells = summariseGroup([warmCell('sequential', 1, 200e6, 200e6, 3, 8, 0), warmCell('multiprocessing', 2, 300e6, 50e6)], null, 2);
  return makeDocument(cells, { settings: { minRuns: 8, maxRuns: 8, warmup: 0, precision: 0.03, maxTimeS: 5, timeoutS: 60, valuesPerProcess: 3 } });
}

const header = (text: string): string => text.split('\n').find((line) => line.includes('mode')) ?? '';

describe('tables with warm values', () => {
  it('show the warm work time beside the cold wall by default, and say what warm means', () => {
    const text = REPORTERS.table(warmDocument(), { color: false, charts: false });
    expect(header(text)).toMatch(/wall ±CI.*warm work ±CI.*speedup, 95% CI/);
    expect(text).toMatch(/│ (49\.9|50\.\d) ms ±/);
    expect(text).toMatch(/8 runs, 3 values per process, /);
    expect(text).toMatch(/warm: runs 2\.\.K of the tasks in each sample process \(K = 3\), after its pool is up; 95% CI by a cluster bootstrap over processes/);
  });

  it('--show warm puts the warm work time and the steady-state speedup in place of the cold ones', () => {
    const text = REPORTERS.table(warmDocument(), { color: false, charts: false, show: 'warm' });
    expect(header(text)).toMatch(/warm work ±CI.*warm speedup/);
    expect(header(text)).not.toMatch(/wall ±CI|speedup, 95% CI|ideal|CPU/);
    expect(text).toMatch(/4\.0\d?× \(/);
  });

  it('--show cold is the table of one value per process', () => {
    const text = REPORTERS.table(warmDocument(), { color: false, charts: false, show: 'cold' });
    expect(header(text)).not.toMatch(/warm work/);
    expect(text).not.toMatch(/warm:/);
  });

  it('are unchanged where the run took one value per process', () => {
    const cells = summariseGroup([okCell('sequential', 1, 2e8), okCell('threading', 2, 2e8)], null, 2);
    const document = makeDocument(cells);
    expect(REPORTERS.table(document, { color: false, show: 'warm' })).toBe(REPORTERS.table(document, { color: false }));
    expect(REPORTERS.table(document, { color: false })).not.toMatch(/warm work|warm:/);
  });

  it('say which cells stopped on their warm interval', () => {
    const document = warmDocument();
    document.cells = document.cells.map((cell) => ({ ...cell, stopReason: 'precision', stopStatistic: cell.key.mode === 'sequential' ? 'wall' : 'warm-work' }));
    expect(REPORTERS.table(document, { color: false, charts: false })).toMatch(/sampling stopped: precision reached \(sequential, 8 runs\); warm work precision reached \(multiprocessing w=2, 8 runs\)/);
  });

  it('in markdown too', () => {
    const text = REPORTERS.markdown(warmDocument(), { color: false });
    expect(text).toMatch(/\| wall ±CI \| warm work ±CI \|/);
    expect(REPORTERS.markdown(warmDocument(), { color: false, show: 'warm' })).toMatch(/\| warm work ±CI \| warm speedup \|/);
  });
});

describe('csv with warm values', () => {
  it('carries the cold and the warm figures of every cell', () => {
    const rows = REPORTERS.csv(warmDocument(), { color: false }).trim().split('\n').map((row) => row.split(','));
    const head = rows[0] ?? [];
    const field = (mode: string, name: string): string | undefined => rows.find((row) => row[3] === mode)?.[head.indexOf(name)];
    expect(head).toEqual(expect.arrayContaining(['wall_median_ns', 'warm_values', 'warm_processes', 'warm_work_median_ns', 'warm_icc', 'warm_speedup', 'stop_statistic']));
    expect(field('multiprocessing', 'warm_values')).toBe('16');
    expect(field('multiprocessing', 'warm_processes')).toBe('8');
    expect(Number(field('multiprocessing', 'warm_speedup'))).toBeCloseTo(4, 1);
    expect(Number(field('multiprocessing', 'wall_median_ns')) / 300e6).toBeCloseTo(1, 2);
  });
});

describe('the HTML report with warm values', () => {
  it('has the warm work column beside the wall, and says what warm means', () => {
    const html = REPORTERS.html(warmDocument(), { color: false });
    expect(html).toContain('warm work ±CI');
    expect(html).toMatch(/warm: runs 2\.\.K of the tasks in each sample process/);
  });
});
