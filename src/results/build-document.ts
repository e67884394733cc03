import type { Scenario } from '../catalogue/scenario-schema.js';
import { VERSION } from '../core/version.js';
import type { MachineInfo } from '../env/machine.js';
import type { Interpreter } from '../python/interpreter.js';
import {
  RESULTS_SCHEMA,
  type Cell,
  type Finding,
  type ResultsDocument,
  type RunSettings,
  type RunWarning,
  type ScenarioRecord,
} from './results-schema.js';

export interface DocumentParts {
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly interrupted: boolean;
  readonly machine: MachineInfo;
  readonly interpreters: readonly Interpreter[];
  readonly settings: RunSettings;
  readonly cells: readonly Cell[];
  readonly findings?: readonly Finding[];
  readonly warnings?: readonly RunWarning[];
  /** The scenarios the run covers; recorded so that `pyconc report` can render without the catalogue. */
  readonly scenarios?: readonly Scenario[];
}

/** What the document keeps of a scenario: its description, claims and what the reports show. */
export function scenarioRecord(scenario: Scenario): ScenarioRecord {
  const { name, title, kind, description, file, ideal, expectations, report, notDeclared, gate, variant, goal } = scenario;
  return {
    name,
    title,
    kind,
    description,
    file,
    ideal,
    expectations: [...expectations],
    report: { metrics: [...report.metrics], speedup: report.speedup },
    notDeclared: [...notDeclared],
    ...(gate === null ? {} : { gate: { ...gate } }),
    ...(variant === undefined ? {} : { variant }),
    goal: { ...goal },
  };
}

/** Assembles the versioned results document (field names: docs/architecture.md, "Results document"). */
export function buildDocument(parts: DocumentParts): ResultsDocument {
  return {
    schema: RESULTS_SCHEMA,
    tool: { name: 'pyconc', version: VERSION },
    startedAt: parts.startedAt.toISOString(),
    finishedAt: parts.finishedAt?.toISOString() ?? null,
    interrupted: parts.interrupted,
    machine: { ...parts.machine },
    interpreters: parts.interpreters.map((interpreter) => ({ ...interpreter })),
    settings: { ...parts.settings },
    cells: [...parts.cells],
    findings: [...(parts.findings ?? [])],
    warnings: [...(parts.warnings ?? [])],
    ...(parts.scenarios === undefined ? {} : { scenarios: parts.scenarios.map(scenarioRecord) }),
  };
}
