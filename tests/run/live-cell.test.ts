import { describe, expect, it } from 'vitest';
import { planRun } from '../../src/plan/planner.js';
import { describeCell } from '../../src/run/live-cell.js';
import { makeInterpreter, makeScenario } from '../helpers/scenario.js';

describe('describeCell', () => {
  it('names the interpreter only when asked (a run of several interpreters)', () => {
    const [group] = planRun([makeScenario()], [makeInterpreter()], { modes: null, workers: [2], params: {}, quick: true }, 2);
    const cell = group?.cells.find((one) => one.key.mode === 'threading');
    if (cell === undefined) throw new Error('no threading cell planned');
    expect(describeCell(cell)).not.toContain('@');
    expect(describeCell(cell, true)).toMatch(/^threading w=2 .*@cpython-3\.11\.7$/);
  });
});
