import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recommendDocument } from '../../src/analysis/recommend-document.js';
import { groupId } from '../../src/core/cell-key.js';
import { scenarioRecord } from '../../src/results/build-document.js';
import { parseResults } from '../../src/results/read-results.js';
import { recommendationDisagreements } from '../helpers/agreement.js';
import { ROOT } from '../helpers/cli.js';
import { makeDocument } from '../helpers/document.js';
import { groupCell, summarised } from '../helpers/group.js';
import { makeScenario } from '../helpers/scenario.js';

/** The scenarios whose recommendations must agree with the claims the catalogue checks. */
const AGREEING = ['cpu-pure', 'sleep-fanout', 'data-transfer'];

/** Real runs kept as files: quick runs of the three scenarios, and older documents written before recommendations. */
const RECORDED = [
  ...readdirSync(path.join(ROOT, 'tests/fixtures/recommend')).filter((name) => name.endsWith('.json')).map((name) => `tests/fixtures/recommend/${name}`),
  'tests/fixtures/html/quick-run.json',
  'bench/fixtures/cpu-pure-runs20.json',
];

describe('recommendations of recorded runs', () => {
  for (const file of RECORDED) {
    it(`agree with the claims the catalogue checks: ${file}`, () => {
      const document = parseResults(readFileSync(path.join(ROOT, file), 'utf8'), file);
      const recommendations = document.recommendations ?? recommendDocument(document);
      // One recommendation per table, each with its line.
      expect(recommendations.map((one) => `${one.scenario} ${JSON.stringify(one.params)}`)).toEqual(
        [...new Map(document.cells.map((cell) => [groupId(cell.key), `${cell.key.scenario} ${JSON.stringify(cell.key.params)}`])).values()],
      );
      for (const recommendation of recommendations) expect(recommendation.text).toMatch(/^(→|⚠) /);
      const { disagreements } = recommendationDisagreements({ ...document, recommendations }, AGREEING);
      expect(disagreements).toEqual([]);
    });
  }

  it('hold some confirmed claims against a recommendation (the check is not empty)', () => {
    const checked = RECORDED.map((file) => recommendationDisagreements(parseResults(readFileSync(path.join(ROOT, file), 'utf8'), file), AGREEING).checked);
    expect(checked.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
  });
});

describe('recommendationDisagreements', () => {
  it('catches a recommendation that picks what a confirmed claim rules out, or keeps one loop against a confirmed speedup', () => {
    const scenario = makeScenario({
      expectations: [
        { claim: 'threads give no speedup', mode: 'threading', metric: 'speedup', op: '<=', value: 1.15 },
        { claim: 'processes are faster', mode: 'multiprocessing', metric: 'speedup', op: '>=', value: 1.3 },
      ],
    });
    const cells = summarised([
      groupCell('sequential', 1, { wallMs: 400 }),
      groupCell('threading', 2, { wallMs: 404 }),
      groupCell('multiprocessing', 2, { wallMs: 220, setupMs: 10 }),
    ]);
    const document = makeDocument(cells, { scenarios: [scenarioRecord(scenario)] });
    const right = recommendDocument(document);
    expect(recommendationDisagreements({ ...document, recommendations: right })).toEqual({ disagreements: [], checked: 2 });
    const [first] = right;
    if (first?.pick === null || first === undefined) throw new Error('no pick');
    const threads = { ...first, pick: { ...first.pick, mode: 'threading' as const } };
    expect(recommendationDisagreements({ ...document, recommendations: [threads] }).disagreements).toEqual([expect.stringMatching(/confirmed "threads give no speedup", but the recommendation picks threading/)]);
    const sequential = { ...first, verdict: 'sequential' as const };
    expect(recommendationDisagreements({ ...document, recommendations: [sequential] }).disagreements).toEqual([expect.stringMatching(/confirmed "processes are faster", but the recommendation says "do not parallelise"/)]);
  });
});
