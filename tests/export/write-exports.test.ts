import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/core/errors.js';
import { EXPORTERS } from '../../src/export/exporters.js';
import { checkExportPaths, parseExportFlags, writeExports, writesToStdout } from '../../src/export/write-exports.js';
import { writeTextAtomically } from '../../src/results/write-text-atomically.js';
import { makeDocument } from '../helpers/document.js';
import { summarisedCell } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pyconc-export-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const document = makeDocument([summarisedCell('sequential', 1, { median: 1e8, ciLow: 9e7, ciHigh: 1.1e8 })]);

/** A stdout that keeps what it is given. */
function collector(): { write(text: string): boolean; text: string } {
  return { text: '', write(text: string) { this.text += text; return true; } };
}

describe('parseExportFlags', () => {
  it('turns commander values into requests in registry order, ignoring other flags', () => {
    expect(parseExportFlags({ exportGab: 'g.json', format: 'table', exportJson: '-', exportBmf: 'b.json' })).toEqual([
      { format: 'json', file: '-' },
      { format: 'bmf', file: 'b.json' },
      { format: 'gab', file: 'g.json' },
    ]);
    expect(parseExportFlags({})).toEqual([]);
  });

  it('refuses two exports to stdout', () => {
    expect(() => parseExportFlags({ exportBmf: '-', exportGab: '-' })).toThrow(UsageError);
    expect(() => parseExportFlags({ exportBmf: '-', exportGab: '-' })).toThrow('--export-bmf and --export-gab both write to stdout (-); only one can');
  });

  it('refuses two exports to one file, however it is spelt', () => {
    const file = path.join(dir, 'out.json');
    const relative = path.relative(process.cwd(), file);
    expect(() => parseExportFlags({ exportJson: file, exportCsv: `./${relative}` })).toThrow(`--export-json and --export-csv both write ./${relative}`);
  });

  it('refuses an export over the --output results file', () => {
    expect(() => parseExportFlags({ exportJson: 'r.json' }, { output: './r.json' })).toThrow('--output and --export-json both write r.json');
    expect(parseExportFlags({ exportJson: 'r.json' }, { output: null })).toEqual([{ format: 'json', file: 'r.json' }]);
  });

  it('refuses an empty file name', () => {
    expect(() => parseExportFlags({ exportMarkdown: ' ' })).toThrow('--export-markdown: expected a file name, or - for stdout');
  });

  it('says whether an export takes stdout', () => {
    expect(writesToStdout(parseExportFlags({ exportBmf: '-' }))).toBe(true);
    expect(writesToStdout(parseExportFlags({ exportBmf: 'b.json' }))).toBe(false);
  });
});

describe('checkExportPaths', () => {
  it('accepts new and existing files and stdout, touching nothing', () => {
    writeFileSync(path.join(dir, 'old.json'), 'precious');
    checkExportPaths([{ format: 'bmf', file: path.join(dir, 'new.json') }, { format: 'gab', file: path.join(dir, 'old.json') }, { format: 'csv', file: '-' }]);
    expect(readdirSync(dir)).toEqual(['old.json']);
    expect(readFileSync(path.join(dir, 'old.json'), 'utf8')).toBe('precious');
  });

  it('names the export flag, not --output, in one line', () => {
    const file = path.join(dir, 'missing', 'b.json');
    expect(() => checkExportPaths([{ format: 'bmf', file }])).toThrow(InputError);
    expect(() => checkExportPaths([{ format: 'bmf', file }])).toThrow(`--export-bmf ${file}: directory ${path.dirname(file)} does not exist`);
    expect(() => checkExportPaths([{ format: 'gab', file: '/proc/pyconc-gab.json' }])).toThrow(/^--export-gab \/proc\/pyconc-gab\.json: cannot create files in \/proc/);
  });
});

describe('writeExports', () => {
  it('writes - to stdout and files to their paths, each in its format', () => {
    const stdout = collector();
    const bmf = path.join(dir, 'bmf.json');
    writeExports(document, [{ format: 'gab', file: '-' }, { format: 'bmf', file: bmf }], stdout);
    expect(stdout.text).toBe(EXPORTERS.gab(document));
    expect(readFileSync(bmf, 'utf8')).toBe(EXPORTERS.bmf(document));
    expect(readdirSync(dir)).toEqual(['bmf.json']);
  });

  it('replaces an existing file whole, leaving no temporary file', () => {
    const file = path.join(dir, 'r.md');
    writeFileSync(file, 'old text that is longer than nothing');
    writeExports(document, [{ format: 'markdown', file }], collector());
    expect(readFileSync(file, 'utf8')).toBe(EXPORTERS.markdown(document));
    expect(readdirSync(dir)).toEqual(['r.md']);
  });

  it('still writes the other exports when one fails, then names the failure in one line', () => {
    const blocked = path.join(dir, 'blocked.csv');
    mkdirSync(blocked); // a directory where the file should go: the rename fails
    writeFileSync(path.join(blocked, 'inside'), 'x');
    const good = path.join(dir, 'good.json');
    expect(() => writeExports(document, [{ format: 'csv', file: blocked }, { format: 'gab', file: good }], collector())).toThrow(
      new InputError(`--export-csv ${blocked}: could not write (EISDIR)`),
    );
    expect(readFileSync(good, 'utf8')).toBe(EXPORTERS.gab(document));
    expect(readdirSync(dir).sort()).toEqual(['blocked.csv', 'good.json']);
  });
});

describe('writeTextAtomically', () => {
  it('replaces the file by a rename, never rewriting it in place', () => {
    const file = path.join(dir, 'a.txt');
    writeTextAtomically(file, 'first');
    // A hard link keeps the old inode: a write in place would change its text, a rename cannot.
    linkSync(file, path.join(dir, 'old-link'));
    writeTextAtomically(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readFileSync(path.join(dir, 'old-link'), 'utf8')).toBe('first');
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'old-link']);
  });
});
