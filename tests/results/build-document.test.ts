import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResults } from '../../src/results/read-results.js';
import { writeResultsAtomically } from '../../src/results/write-results.js';
import { buildDocument, type DocumentParts } from '../../src/results/build-document.js';
import { MACHINE, okCell } from '../helpers/document.js';
import { makeInterpreter, makeScenario } from '../helpers/scenario.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pyconc-document-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildDocument', () => {
  const report = { metrics: ['us_per_unit'], speedup: false };
  const parts: DocumentParts = {
    startedAt: new Date('2026-11-24T10:00:00Z'),
    finishedAt: null,
    interrupted: false,
    machine: MACHINE,
    interpreters: [makeInterpreter()],
    settings: { minRuns: 3, maxRuns: 3, warmup: 0, precision: 0.03, maxTimeS: 5, timeoutS: 60 },
    cells: [],
  };

  it('records each scenario with its report settings, which survive a write and a read', () => {
    const document = buildDocument({ ...parts, cells: [okCell('sequential', 1, 1e6)], scenarios: [makeScenario({ report })] });
    expect(document.scenarios).toEqual([expect.objectContaining({ name: 'demo', title: 'Demo', ideal: { model: 'cpu' }, report })]);
    const file = path.join(dir, 'r.json');
    writeResultsAtomically(file, document);
    expect(readResults(file).scenarios?.[0]?.report).toEqual(report);
  });

  it('reads documents without scenarios, or with scenarios recorded before report settings existed', () => {
    const document = buildDocument({ ...parts, cells: [] });
    expect(document.scenarios).toBeUndefined();
    const file = path.join(dir, 'old.json');
    writeFileSync(file, JSON.stringify({ ...document, scenarios: [{ name: 'demo', title: 'Demo', kind: 'cpu', ideal: null, expectations: [] }] }));
    expect(readResults(file).scenarios).toEqual([{ name: 'demo', title: 'Demo', kind: 'cpu', ideal: null, expectations: [] }]);
  });
});
