import { describe, expect, it } from 'vitest';
import { EXPORT_DESCRIPTIONS, EXPORT_FORMATS, exportFlag, exportOptionKey } from '../../src/core/settings.js';
import { EXPORTERS } from '../../src/export/exporters.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { makeDocument } from '../helpers/document.js';
import { summarisedCell } from './helpers.js';

const document = makeDocument([summarisedCell('sequential', 1, { median: 1e8, ciLow: 9e7, ciHigh: 1.1e8 })]);

describe('EXPORTERS', () => {
  it('has one row for each format, in the order of EXPORT_FORMATS', () => {
    expect(Object.keys(EXPORTERS)).toEqual([...EXPORT_FORMATS]);
    expect(Object.keys(EXPORT_DESCRIPTIONS)).toEqual([...EXPORT_FORMATS]);
    for (const format of EXPORT_FORMATS) expect(EXPORT_DESCRIPTIONS[format]).not.toBe('');
  });

  it('writes json, markdown and csv exactly as the reporters do, without colour', () => {
    for (const format of ['json', 'markdown', 'csv'] as const) {
      expect(EXPORTERS[format](document)).toBe(REPORTERS[format](document, { color: false }));
    }
  });

  it('writes JSON for bmf and gab', () => {
    expect(JSON.parse(EXPORTERS.bmf(document))).toBeTypeOf('object');
    expect(JSON.parse(EXPORTERS.gab(document))).toBeInstanceOf(Array);
  });

  it('derives the flag and the key commander gives its value', () => {
    expect(EXPORT_FORMATS.map(exportFlag)).toEqual(['--export-json', '--export-markdown', '--export-csv', '--export-html', '--export-bmf', '--export-gab']);
    expect(EXPORT_FORMATS.map(exportOptionKey)).toEqual(['exportJson', 'exportMarkdown', 'exportCsv', 'exportHtml', 'exportBmf', 'exportGab']);
  });
});
