import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load-catalogue.js';
import { groupId, type CellKey } from '../../src/core/cell-key.js';
import { recommendationDisagreements } from '../helpers/agreement.js';
import { runCli } from '../helpers/cli.js';

describe('the whole catalogue, --quick, on the real local python3', () => {
  it('runs every scenario with every applicable cell ok', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pyconc-catalogue-'));
    const output = path.join(dir, 'quick.json');
    // Two runs per cell keep this test short; the quick run itself uses three.
    const result = await runCli(['run', '--quick', '--runs', '2', '-o', output], { timeout: 240_000 });
    const document = JSON.parse(readFileSync(output, 'utf8'));
    // The saved document renders again exactly as the run printed it (every scenario's columns).
    const report = await runCli(['report', output]);
    rmSync(dir, { recursive: true, force: true });
    expect(report.stderr).toBe('');
    expect(report.stdout).toBe(result.stdout);
    const problems = document.cells
      .filter((cell: { status: string }) => cell.status !== 'ok' && cell.status !== 'unsupported')
      .map((cell: { key: { scenario: string; mode: string }; status: string; reason: string }) => `${cell.key.scenario}/${cell.key.mode}: ${cell.status}: ${cell.reason}`);
    expect(problems).toEqual([]);
    expect(result.exitCode).toBe(0);
    const scenarios = new Set(document.cells.map((cell: { key: { scenario: string } }) => cell.key.scenario));
    expect([...scenarios].sort()).toEqual(loadCatalogue().map((scenario) => scenario.name).sort());
    // Every unsupported cell says why.
    for (const cell of document.cells.filter((c: { status: string }) => c.status === 'unsupported')) expect(cell.reason).toMatch(/\w{4,}/);
    expect(document.findings.length).toBeGreaterThan(10);
    // Every table ends with its recommendation, and for the scenarios with clear answers it agrees with their claims.
    const groups = new Set(document.cells.map((cell: { key: CellKey }) => groupId(cell.key)));
    expect(document.recommendations).toHaveLength(groups.size);
    for (const recommendation of document.recommendations) expect(result.stdout).toContain(`\n${recommendation.text}\n`);
    expect(recommendationDisagreements(document, ['cpu-pure', 'sleep-fanout', 'data-transfer']).disagreements).toEqual([]);
  }, 300_000);
});
