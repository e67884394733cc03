import { describe, expect, it } from 'vitest';
import { summariseGroup } from '../../src/analysis/summarise-group.js';
import { collectRunWarnings } from '../../src/analysis/run-warnings.js';
import type { Scenario } from '../../src/catalogue/scenario-schema.js';
import type { Cell } from '../../src/results/results-schema.js';
import { makeDocument, okCell } from '../helpers/document.js';
import { makeScenario } from '../helpers/scenario.js';

function codes(scenario: Scenario, cells: Cell[]): string[] {
  const document = makeDocument(summariseGroup(cells, (scenario).ideal, 2));
  return collectRunWarnings(document, [scenario]).map((warning) => warning.code);
}

describe('collectRunWarnings', () => {
  const cells = (): Cell[] => [okCell('sequential', 1, 100e6), okCell('multiprocessing', 4, 60e6)];

  it('warns of more workers than CPUs where the scenario claims CPU scaling (an ideal of model cpu)', () => {
    expect(codes(makeScenario({ ideal: { model: 'cpu' } }), cells())).toContain('oversubscribed');
  });

  it('does not for scenarios without that model, whatever their kind (spawn-overhead starts no-op units)', () => {
    expect(codes(makeScenario({ kind: 'cpu', ideal: null }), cells())).not.toContain('oversubscribed');
  });
});
