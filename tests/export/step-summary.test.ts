import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';
import { STEP_SUMMARY_LIMIT_BYTES, appendStepSummary, stepSummaryHeading } from '../../src/export/step-summary.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { makeDocument } from '../helpers/document.js';
import { interpreterRecord, summarisedCell } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pyconc-summary-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const document = makeDocument([summarisedCell('sequential', 1, { median: 1e8, ciLow: 9e7, ciHigh: 1.1e8 })]);
const markdown = REPORTERS.markdown(document, { color: false });

function stderr(): { write(text: string): boolean; text: string } {
  return { text: '', write(text: string) { this.text += text; return true; } };
}

describe('stepSummaryHeading', () => {
  it("names pyconc's version, the CPU and the interpreters", () => {
    expect(stepSummaryHeading(document)).toBe(`## pyconc ${VERSION} · Test CPU · cpython-3.11.7`);
    const two = makeDocument([], { interpreters: [interpreterRecord({ id: 'cpython-3.12.1' }), interpreterRecord({ id: 'cpython-3.13.0t' })] });
    expect(stepSummaryHeading({ ...two, machine: { ...two.machine, cpuModel: null } })).toBe(`## pyconc ${VERSION} · unknown CPU · cpython-3.12.1, cpython-3.13.0t`);
    // A CPU model is data: Markdown in it is escaped.
    expect(stepSummaryHeading({ ...document, machine: { ...document.machine, cpuModel: 'Intel(R) Xeon(R) *' } })).toBe(`## pyconc ${VERSION} · Intel\\(R\\) Xeon\\(R\\) \\* · cpython-3.11.7`);
  });
});

describe('appendStepSummary', () => {
  it('appends, never overwrites: what was there stays, and a second call adds a second summary', () => {
    const file = path.join(dir, 'step_summary');
    writeFileSync(file, '# Earlier step output\n');
    const err = stderr();
    const first = appendStepSummary(document, { GITHUB_STEP_SUMMARY: file }, { enabled: true, stderr: err });
    const second = appendStepSummary(document, { GITHUB_STEP_SUMMARY: file }, { enabled: true, stderr: err });
    const section = `${stepSummaryHeading(document)}\n\n${markdown}`;
    expect(readFileSync(file, 'utf8')).toBe(`# Earlier step output\n\n${section}\n${section}`);
    expect(first).toEqual({ status: 'appended', file, bytes: Buffer.byteLength(`\n${section}`) });
    expect(second.status).toBe('appended');
    expect(err.text).toBe('');
  });

  it('creates the file when the step has none yet, without a leading blank line', () => {
    const file = path.join(dir, 'new_summary');
    appendStepSummary(document, { GITHUB_STEP_SUMMARY: file }, { enabled: true, stderr: stderr() });
    expect(readFileSync(file, 'utf8')).toBe(`${stepSummaryHeading(document)}\n\n${markdown}`);
  });

  it('does nothing outside GitHub Actions or with --no-step-summary', () => {
    const file = path.join(dir, 'summary');
    expect(appendStepSummary(document, {}, { enabled: true, stderr: stderr() })).toEqual({ status: 'no-summary-file' });
    expect(appendStepSummary(document, { GITHUB_STEP_SUMMARY: '' }, { enabled: true, stderr: stderr() })).toEqual({ status: 'no-summary-file' });
    expect(appendStepSummary(document, { GITHUB_STEP_SUMMARY: file }, { enabled: false, stderr: stderr() })).toEqual({ status: 'disabled' });
    expect(existsSync(file)).toBe(false);
  });

  it('tells a write failure in one line on stderr and returns it, never throwing', () => {
    const file = path.join(dir, 'a-directory');
    mkdirSync(file);
    const err = stderr();
    const outcome = appendStepSummary(document, { GITHUB_STEP_SUMMARY: file }, { enabled: true, stderr: err });
    expect(outcome).toEqual({ status: 'failed', file, error: 'EISDIR' });
    expect(err.text).toBe(`pyconc: could not append to GITHUB_STEP_SUMMARY ${file} (EISDIR)\n`);
  });

  it("appends only the heading and a note when the tables would pass GitHub's 1 MiB", () => {
    const file = path.join(dir, 'big_summary');
    writeFileSync(file, 'x'.repeat(STEP_SUMMARY_LIMIT_BYTES - 100));
    const outcome = appendStepSummary(document, { GITHUB_STEP_SUMMARY: file }, { enabled: true, stderr: stderr() });
    expect(outcome.status).toBe('short');
    const added = readFileSync(file, 'utf8').slice(STEP_SUMMARY_LIMIT_BYTES - 100);
    expect(added).toBe(`\n${stepSummaryHeading(document)}\n\nThe tables do not fit in GitHub's 1 MiB step summary; see the exported results.\n`);
  });
});
