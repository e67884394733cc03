import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

// `pyconc report FILE`: a saved results document rendered again, and documents it must refuse.
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'misbehaving');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-report-'));
const results = path.join(tmp, 'results.json');
let run: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  run = await runCli(['run', 'fx-raises', 'fx-slow', '--scenarios', FIXTURES, '--runs', '1', '--warmup', '0', '--modes', 'threading', '--param', 'tasks=3', '--param', 'sleep_ms=1', '-o', results]);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pyconc report', () => {
  it('prints the same tables as the run that wrote the document', async () => {
    expect(run.exitCode).toBe(1); // fx-raises fails
    const report = await runCli(['report', results]);
    expect(report.exitCode).toBe(0);
    expect(report.stdout).toBe(run.stdout);
    expect(report.stdout).toMatch(/fx-slow — Slow/);
  });

  it('renders every format; text from a workload stays text in Markdown', async () => {
    const markdown = await runCli(['report', results, '--format', 'markdown']);
    expect(markdown.exitCode).toBe(0);
    expect(markdown.stdout).toMatch(/^### fx-slow/m);
    expect(markdown.stdout).toContain('ValueError: boom at task 2 \\| \\<b\\>bold\\</b\\>');
    expect(markdown.stdout).not.toMatch(/\u001b/);
    const csv = await runCli(['report', results, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(/scenario/);
    const json = await runCli(['report', results, '--format', 'json']);
    expect(JSON.parse(json.stdout).cells).toHaveLength(JSON.parse(readFileSync(results, 'utf8')).cells.length);
  });

  it.each([
    ['an unknown schema', '{"schema": "pyconc/results@9", "cells": []}', /: unknown results schema "pyconc\/results@9"; this pyconc reads "pyconc\/results@1"$/],
    ['no schema at all', '{"cells": []}', /: unknown results schema null; this pyconc reads "pyconc\/results@1"$/],
    ['a file that is not JSON', 'schema: pyconc/results@1', /: cannot read results \(not valid JSON\)$/],
    ['the right schema, malformed', '{"schema": "pyconc/results@1", "tool": {"name": "pyconc", "version": "0"}, "startedAt": "x", "finishedAt": null, "interrupted": "no"}', /: interrupted: .*expected boolean/],
  ])('refuses %s in one line, exit 2', async (_name, content, message) => {
    const file = path.join(tmp, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, content);
    const result = await runCli(['report', file]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('refuses a missing file and an unknown format', async () => {
    const missing = await runCli(['report', path.join(tmp, 'nope.json')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read results \(ENOENT\)/);
    const format = await runCli(['report', results, '--format', 'html5']);
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toMatch(/--format.*html5.*invalid/i);
  });
});
