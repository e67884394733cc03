import type { MachineInfo } from '../env/machine.js';
import type { Interpreter } from '../python/interpreter.js';
import type { SamplingSettings } from '../run/stop-rule.js';
import { VERSION } from '../version.js';
import { RESULTS_SCHEMA, type Cell, type Finding, type ResultsDocument, type RunWarning } from './results-schema.js';

export interface DocumentParts {
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly interrupted: boolean;
  readonly machine: MachineInfo;
  readonly interpreters: readonly Interpreter[];
  readonly settings: SamplingSettings & Record<string, unknown>;
  readonly cells: readonly Cell[];
  readonly findings?: readonly Finding[];
  readonly warnings?: readonly RunWarning[];
}

/** Assembles the versioned results document (DESIGN.md field names). */
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
  };
}
