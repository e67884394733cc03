import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cell } from '../../src/results/results-schema.js';
import { createRunRecorder, type RunAnalysis } from '../../src/results/run-recorder.js';
import { MACHINE, okCell } from '../helpers/document.js';
import { makeInterpreter } from '../helpers/scenario.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pyconc-recorder-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An analysis that marks what it did in each cell's reason, so the documents show which step ran. */
const analysis: RunAnalysis = {
  provisional: (cells) => cells.map((cell) => ({ ...cell, reason: 'provisional' })),
  group: (cells) => cells.map((cell) => ({ ...cell, reason: 'group' })),
  run: (cells) => cells.map((cell) => ({ ...cell, reason: `${cell.reason ?? ''}+run` })),
  judge: (document) => ({ findings: [], warnings: [{ code: 'oversubscribed', message: `${document.cells.length} cell(s)` }] }),
};

const parts = {
  startedAt: new Date('2026-11-24T10:00:00Z'),
  machine: MACHINE,
  interpreters: [makeInterpreter()],
  settings: { minRuns: 3, maxRuns: 3, warmup: 0, precision: 0.03, maxTimeS: 5, timeoutS: 60 },
};

const read = (file: string): { cells: Cell[]; finishedAt: string | null; warnings: unknown[]; machine: Record<string, unknown> } => JSON.parse(readFileSync(file, 'utf8'));

describe('the run recorder', () => {
  it('saves a provisional document after each cell, the summarised group after each group, and the judged document at the end', () => {
    const output = path.join(dir, 'r.json');
    const recorder = createRunRecorder({ output, parts, analysis, loadMonitor: null, say: () => {} });
    const [first, second] = [okCell('sequential', 1, 1e8), okCell('threading', 2, 5e7)];
    recorder.cellDone([first]);
    expect(read(output).cells.map((cell) => cell.reason)).toEqual(['provisional']);
    recorder.groupDone([first, second]);
    expect(read(output).cells.map((cell) => cell.reason)).toEqual(['group', 'group']);
    expect(read(output).finishedAt).toBeNull();
    const document = recorder.finish(false);
    expect(document.cells.map((cell) => cell.reason)).toEqual(['group+run', 'group+run']);
    expect(document.warnings).toEqual([{ code: 'oversubscribed', message: '2 cell(s)' }]);
    expect(read(output)).toEqual(JSON.parse(JSON.stringify(document)));
    expect(recorder.saveError).toBeNull();
  });

  it('keeps finished groups before the group in progress, and records the load per group and for the run', () => {
    let laps = 0;
    const load = () => ({ otherCpus: 0.5, loadAvgMax: 1, seconds: ++laps });
    const recorder = createRunRecorder({ output: null, parts, analysis, loadMonitor: { lap: load, stop: load }, say: () => {} });
    recorder.groupDone([okCell('sequential', 1, 1e8)]);
    const document = recorder.finish(true);
    expect(document.cells[0]?.loadDuringGroup?.seconds).toBe(1);
    expect(document.machine.loadDuringRun?.seconds).toBe(2);
    expect(document.interrupted).toBe(true);
  });

  it('goes on when the results file cannot be written, says so once, and clears the error once a save succeeds', () => {
    const output = path.join(dir, 'r.json');
    mkdirSync(output);
    const said: string[] = [];
    const recorder = createRunRecorder({ output, parts, analysis, loadMonitor: null, say: (line) => said.push(line) });
    recorder.cellDone([okCell('sequential', 1, 1e8)]);
    recorder.groupDone([okCell('sequential', 1, 1e8)]);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^pyconc: cannot write .*r\.json \(\w+\); the run goes on$/);
    expect(recorder.saveError).toMatch(/^cannot write /);
    rmSync(output, { recursive: true });
    recorder.finish(false);
    expect(recorder.saveError).toBeNull();
    expect(read(output).cells).toHaveLength(1);
  });
});
