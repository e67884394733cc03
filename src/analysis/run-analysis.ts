import type { RunAnalysis } from '../results/run-recorder.js';
import type { ScenarioRecord } from '../results/results-schema.js';
import { checkExpectations, type ClaimingScenario } from './check-expectations.js';
import { compareInterpreters } from './interpreter-comparisons.js';
import { recommendDocument } from './recommend-document.js';
import { collectRunWarnings } from './run-warnings.js';
import { failMismatchedCandidates, summariseCell, summariseGroups, type SummarisedScenario } from './summarise-group.js';

/** What a run's analysis reads of its scenarios: claims for the findings, ideals for the summaries and warnings. */
export type AnalysedScenario = ClaimingScenario & SummarisedScenario & Pick<ScenarioRecord, 'name' | 'ideal'>;

/**
 * The analysis of one run, for its recorder: `judged` are the scenarios whose claims are checked
 * (an A/B run's candidates), `recorded` every scenario of the run (the baseline tree's too, for
 * their ideals); `cpus` the machine's unrounded capacity: a 1.5-CPU quota must not make a real
 * 1.4x speedup look impossible.
 */
export function runAnalysis(judged: readonly AnalysedScenario[], recorded: readonly SummarisedScenario[], cpus: number): RunAnalysis {
  return {
    provisional: (cells) => cells.map((cell) => ({ ...cell, summary: summariseCell(cell.samples) })),
    group: (cells) => summariseGroups(cells, recorded, cpus),
    // Candidate cells are checked against the baseline tree's checksums once both variants are summarised.
    run: (cells) => failMismatchedCandidates(cells),
    judge: (document) => {
      // Findings and warnings judge the load measured during the run, which the document now holds.
      const run = { ...document.machine, interpreters: document.interpreters, startMethod: document.settings.startMethod ?? null };
      const findings = checkExpectations(judged, document.cells, cpus, run);
      const warnings = collectRunWarnings(document, judged);
      // The recommendations read the warnings (what load did to the answer).
      const recommendations = recommendDocument({ ...document, warnings });
      return { findings, warnings, recommendations, interpreterComparisons: compareInterpreters(document) };
    },
  };
}
