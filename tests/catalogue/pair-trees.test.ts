import { describe, expect, it } from 'vitest';
import { shapeDifferences } from '../../src/catalogue/pair-trees.js';

describe('shapeDifferences', () => {
  it('names every differing field with both values, under the scenario file\'s field names', () => {
    const candidate = { params: { tasks: { default: [8], quick: [4] } }, workers: { default: [2, 4], quick: [2] }, modes: ['sequential', 'threading'] };
    const baseline = { params: { tasks: { default: [4], quick: [4] }, spin: { default: [100], quick: [100] } }, workers: { default: [2], quick: [2] }, modes: ['sequential', 'threading'] };
    expect(shapeDifferences(candidate, baseline)).toEqual([
      'params.tasks.default: [8] in the candidate, [4] in the baseline',
      'params.spin: (none) in the candidate, {"default":[100],"quick":[100]} in the baseline',
      'workers.default: [2,4] in the candidate, [2] in the baseline',
    ]);
    expect(shapeDifferences(candidate, candidate)).toEqual([]);
  });
});
