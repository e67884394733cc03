import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../../src/html/chart-spec.js';
import { DRAW_SCRIPT } from '../../src/html/draw-charts.js';

/** A stand-in for Observable Plot that records what each chart asked for. */
const mark = (name: string) => () => ({ name });
const Plot = {
  plot: (options: { ariaLabel: string; marks: unknown[] }) => ({ label: options.ariaLabel, marks: options.marks.length }),
  dot: mark('dot'), line: mark('line'), ruleX: mark('ruleX'), ruleY: mark('ruleY'), tickX: mark('tickX'), rectX: mark('rectX'), text: mark('text'),
};

describe('the page\'s drawing script', () => {
  it('stands alone as source text and draws each kind of chart with its own builder', () => {
    const colors = { domain: ['threading'], range: ['#4269d0'] };
    const charts = [
      { kind: 'wall', id: 'w', label: 'wall', unit: 'ms', colors, points: [{ label: 'threading w=2', mode: 'threading', median: 1, low: 0.9, high: 1.1, ideal: null }] },
      { kind: 'speedup', id: 's', label: 'speedup', xLabel: 'workers', colors, points: [{ series: 'threading', x: 2, value: 1.5, low: 1.4, high: 1.6 }], ideal: [] },
      { kind: 'ratio', id: 'r', label: 'ratio', threshold: 0.1, points: [{ name: 'demo/threading/w2', value: 1, low: 0.95, high: 1.05, verdict: 'unchanged' }] },
      { kind: 'trend', id: 't', label: 'trend', unit: 'ms', points: [{ run: 1, median: 1, low: 1, high: 1, commit: 'abc' }], steps: [], levels: [] },
    ] as unknown as ChartSpec[];
    const drawn: [string, unknown][] = [];
    const root = { getElementById: (id: string) => ({ clientWidth: 640, append: (node: unknown) => drawn.push([id, node]) }), createElement: () => ({}) };
    // The page runs the script in its own scope: nothing of this module is there.
    new Function('Plot', 'charts', 'root', `${DRAW_SCRIPT}\ndrawCharts(Plot, charts, root, {});`)(Plot, charts, root);
    expect(drawn).toEqual([
      ['w-plot', { label: 'wall', marks: 3 }],
      ['s-plot', { label: 'speedup', marks: 7 }],
      ['r-plot', { label: 'ratio', marks: 4 }],
      ['t-plot', { label: 'trend', marks: 5 }],
    ]);
  });
});
