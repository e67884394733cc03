import { describe, expect, it } from 'vitest';
import { speedupChart } from '../../src/report/speedup-chart.js';
import { groupCells } from '../../src/report/group-cells.js';
import { parameterDocument, scalingDocument } from '../html/documents.js';

describe('speedupChart', () => {
  it('draws a bar per mode and worker count, the ideal marked where the bar falls short', () => {
    const [group] = groupCells(scalingDocument());
    const lines = speedupChart(group!.cells, { color: false, barWidth: 20 });
    expect(lines).toEqual([
      '  speedup against workers (█ measured, ┆ ideal)',
      '  threading        w=1 ██████████▎           1.02× of 1.00×',
      '                   w=2 ██████████▎         ┆ 1.02× of 2.00×',
      '                   w=4 ██████████▎         ┆ 1.02× of 2.00×',
      '  multiprocessing  w=1 ████████▊ ┆           0.87× of 1.00×',
      '                   w=2 █████████████████▍  ┆ 1.74× of 2.00×',
      '                   w=4 █████████████████▍  ┆ 1.74× of 2.00×',
    ]);
  });

  it('draws nothing for a table of one worker count', () => {
    const [group] = groupCells(parameterDocument());
    expect(speedupChart(group!.cells, { color: false })).toEqual([]);
  });

  it('dims the legend and the ideal with colour on', () => {
    const [group] = groupCells(scalingDocument());
    expect(speedupChart(group!.cells, { color: true }).join('\n')).toContain('\x1b[2m┆\x1b[22m');
  });
});
