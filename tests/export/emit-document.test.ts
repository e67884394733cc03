import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { emitDocument } from '../../src/export/emit-document.js';
import { EXPORTERS } from '../../src/export/exporters.js';
import { makeDocument } from '../helpers/document.js';
import { summarisedCell } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pyconc-emit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const document = makeDocument([summarisedCell('sequential', 1, { median: 1e8, ciLow: 9e7, ciHigh: 1.1e8 })]);

function collector(): { write(text: string): boolean; text: string } {
  return { text: '', write(text: string) { this.text += text; return true; } };
}

describe('emitDocument', () => {
  it('prints the format asked for, writes the exports and appends the step summary', () => {
    const stdout = collector();
    const summary = path.join(dir, 'summary.md');
    const exported = path.join(dir, 'r.csv');
    const failure = emitDocument(document, { format: 'json', color: true, exports: [{ format: 'csv', file: exported }] }, { stdout, stderr: collector(), env: { GITHUB_STEP_SUMMARY: summary } });
    expect(failure).toBeNull();
    expect(JSON.parse(stdout.text)).toEqual(JSON.parse(JSON.stringify(document)));
    expect(readFileSync(exported, 'utf8')).toBe(EXPORTERS.csv(document));
    expect(readFileSync(summary, 'utf8')).toMatch(/^## pyconc /);
  });

  it('leaves stdout to an export that writes there', () => {
    const stdout = collector();
    emitDocument(document, { format: 'table', color: false, exports: [{ format: 'bmf', file: '-' }], stepSummary: false }, { stdout, stderr: collector(), env: {} });
    expect(Object.keys(JSON.parse(stdout.text) as object)).toHaveLength(1);
  });

  it('says export failures and goes on when given a way to say them, else throws them as bad input', () => {
    const blocked = path.join(dir, 'blocked.json');
    mkdirSync(blocked);
    const summary = path.join(dir, 'summary.md');
    const said: string[] = [];
    const options = { format: 'markdown', color: false, exports: [{ format: 'json', file: blocked }] } as const;
    const io = { stdout: collector(), stderr: collector(), env: { GITHUB_STEP_SUMMARY: summary }, say: (line: string) => said.push(line) };
    const failure = emitDocument(document, options, io);
    expect(failure).toMatch(/^--export-json .*blocked\.json: could not write/);
    expect(said).toEqual([`pyconc: ${failure}`]);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## pyconc /);
    expect(() => emitDocument(document, options, { stdout: collector(), stderr: collector(), env: {} })).toThrow(InputError);
  });
});
