import { describe, expect, it } from 'vitest';
import { parseCompareFlags } from '../../src/compare/compare-options.js';
import { pairNote, wrapName } from '../../src/compare/compare-reporters.js';
import { compareLoaded, runCompare } from '../../src/compare/run-compare.js';
import { verdictDocumentSchema } from '../../src/compare/verdict-schema.js';
import { VERSION } from '../../src/core/version.js';
import { InputError, UsageError } from '../../src/core/errors.js';
import type { Cell } from '../../src/results/results-schema.js';
import { noisyCell, writeDocument, writeJson } from '../helpers/compare-fixtures.js';
import { makeDocument, okCell } from '../helpers/document.js';

const slower = (cell: Cell, factor: number): Cell => ({
  ...cell,
  samples: cell.samples.map((s) => ({ ...s, wallNs: s.wallNs * factor, workNs: s.workNs * factor })),
});

/** A base and a candidate with one pair of every verdict but improvement. */
function mixedDocuments(): [string, string] {
  const regressed = noisyCell('threading', 2, { n: 20, seed: 3 });
  const quiet = noisyCell('threading', 4, { cv: 0.01, seed: 4 });
  const few = noisyCell('multiprocessing', 2, { n: 3, seed: 5 });
  const broken = noisyCell('multiprocessing', 4, { seed: 6 });
  const gone = noisyCell('asyncio', 1, { seed: 7 });
  const base = makeDocument([regressed, quiet, few, broken, gone]);
  const candidate = makeDocument([
    slower(regressed, 1.3),
    quiet,
    noisyCell('multiprocessing', 2, { n: 3, seed: 15, factor: 1.2 }),
    { ...broken, checksum: 'different' },
    noisyCell('sequential', 1, { seed: 8 }),
  ]);
  return [writeDocument('base.json', base), writeDocument('new.json', candidate)];
}

function inputLine(run: () => unknown, errorClass: typeof InputError | typeof UsageError = InputError): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(errorClass);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`expected a ${errorClass.name}`);
}

describe('runCompare', () => {
  it('exits 1 on a regression and puts the one-line verdict on top', () => {
    const base = noisyCell('threading', 2, { n: 12, seed: 3 });
    const files = [writeDocument('base.json', makeDocument([base])), writeDocument('new.json', makeDocument([slower(base, 1.3)]))];
    const outcome = runCompare(files);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.verdict.summary.line).toBe('pyconc compare: 1 regression (threshold ±10%, α 0.01, Holm)');
    expect(outcome.text.split('\n')[0]).toBe(outcome.verdict.summary.line);
  });

  it('exits 0 for identical distributions', () => {
    const cell = noisyCell('threading', 2, { seed: 9 });
    const files = [writeDocument('base.json', makeDocument([cell])), writeDocument('new.json', makeDocument([cell]))];
    const outcome = runCompare(files);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.verdict.summary.counts.regression).toBe(0);
  });

  it('writes a verdict document that its own schema accepts, strictly', () => {
    const outcome = runCompare(mixedDocuments(), { format: 'json' });
    const parsed = verdictDocumentSchema.parse(JSON.parse(outcome.text));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(outcome.verdict)));
    expect(parsed.schema).toBe('pyconc/compare@1');
    expect(parsed.comparison).toBe('documents');
    expect(parsed.inputs.map((input) => [input.role, input.toolVersion, input.startedAt])).toEqual([
      ['baseline', VERSION, '2026-11-24T10:00:00.000Z'],
      ['candidate', VERSION, '2026-11-24T10:00:00.000Z'],
    ]);
    expect(parsed.summary.counts).toEqual({ regression: 1, failed: 1, missing: 1, inconclusive: 1, new: 1, improvement: 0, unchanged: 1 });
    expect(parsed.pairs.map((pair) => pair.verdict)).toEqual(['regression', 'failed', 'missing', 'inconclusive', 'new', 'unchanged']);
    const inconclusive = parsed.pairs.find((pair) => pair.verdict === 'inconclusive');
    expect(inconclusive?.detectable).toBeGreaterThan(0);
    expect(inconclusive?.samplesNeeded?.perSide).toBeGreaterThan(3);
  });

  it('names the correction in the settings and the verdict line', () => {
    const files = mixedDocuments();
    expect(runCompare(files).verdict.settings.correction).toBe('holm');
    const bh = runCompare(files, { correction: 'bh' }).verdict;
    expect(bh.settings.correction).toBe('bh');
    expect(bh.summary.line).toMatch(/, Benjamini-Hochberg\)$/);
  });

  it('fails the gate on a missing cell unless allowed, and on the verdicts of failOn as well', () => {
    const cell = noisyCell('threading', 4, { cv: 0.01, seed: 4 });
    const clean = [writeDocument('a.json', makeDocument([cell, okCell('asyncio', 1, 1e8)])), writeDocument('b.json', makeDocument([cell]))];
    expect(runCompare(clean).exitCode).toBe(1);
    expect(runCompare(clean, { allow: ['missing'] }).exitCode).toBe(0);
    expect(runCompare(clean, { allow: ['missing'] }).verdict.settings.failOn).toEqual(['failed']);
    const few = [writeDocument('a.json', makeDocument([noisyCell('threading', 2, { n: 4, seed: 1 })])), writeDocument('b.json', makeDocument([noisyCell('threading', 2, { n: 4, seed: 2 })]))];
    expect(runCompare(few).verdict.pairs[0]?.verdict).toBe('inconclusive');
    expect(runCompare(few).exitCode).toBe(0);
    expect(runCompare(few, { failOn: ['inconclusive'] }).verdict.summary.exitCode).toBe(1);
  });

  // Issue 21, item 2: a head whose result changed gave `pyconc compare: 2 failed` and exit 0.
  it('fails the gate when the candidate computes something else, says so under the table, and --allow failed accepts it', () => {
    const cells = [noisyCell('sequential', 1, { seed: 1 }), noisyCell('threading', 2, { seed: 2 })];
    const files = [writeDocument('base.json', makeDocument(cells)), writeDocument('head.json', makeDocument(cells.map((cell) => ({ ...cell, checksum: 'changed' }))))];
    const outcome = runCompare(files);
    expect(outcome.verdict.summary.line).toBe('pyconc compare: 2 failed (threshold ±10%, α 0.01, Holm)');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.text).toMatch(/^the gate fails on 2 failed \(--allow failed accepts them\)$/m);
    expect(runCompare(files, { format: 'markdown' }).text).toMatch(/^\*\*The gate fails on 2 failed \(--allow failed accepts them\)\.\*\*$/m);
    const allowed = runCompare(files, { allow: ['failed'] });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.text).not.toMatch(/the gate fails/);
  });

  // Issue 21, item 3: 11 cells of 5 vs 5 samples, every one +47%: the rank test cannot pass the
  // corrected α with so few samples, and the note must neither promise 6 samples nor read as a
  // contradiction ("smallest detectable change ±20%" beside +47%).
  it('says that 5 vs 5 samples over 11 cells can never pass, and asks for 7 a side', () => {
    const cells = Array.from({ length: 11 }, (_, i) => noisyCell('threading', 2, { n: 5, cv: 0.02, seed: i + 1, key: { params: { tasks: i + 1 } } }));
    const files = [writeDocument('base.json', makeDocument(cells)), writeDocument('head.json', makeDocument(cells.map((cell) => slower(cell, 1.47))))];
    const outcome = runCompare(files, { format: 'markdown' });
    expect(outcome.verdict.summary.line).toBe('pyconc compare: 11 inconclusive (threshold ±10%, α 0.01, Holm)');
    for (const pair of outcome.verdict.pairs) {
      expect(pair.pAdjusted).toBeCloseTo((2 / 252) * 11, 10);
      expect(pair.samplesNeeded).toEqual({ perSide: 7, capped: false });
    }
    expect(outcome.text).toMatch(/5 vs 5 samples can never pass \\\(the smallest p-value a 5-vs-5 rank test can give is 0\.0079 × 11 cells = 0\.087\\\); about 7 samples per side would settle it/);
    expect(outcome.text).not.toMatch(/detectable|half-width/);
    // Where a test could pass, the interval's half-width is named for what it is: per cell, uncorrected.
    const [pair] = outcome.verdict.pairs;
    const note = pairNote({ ...(pair as NonNullable<typeof pair>), reason: 'not significant after Holm (p adj 0.019 ≥ α 0.01)', detectable: 0.206, samplesNeeded: { perSide: 31, capped: false } });
    expect(note).toBe('not significant after Holm (p adj 0.019 ≥ α 0.01); 95% CI half-width ±20.6% (per cell, before the correction); about 31 samples per side would settle it');
  });

  it('starts the markdown with the verdict line and lists regressions first', () => {
    const { text } = runCompare(mixedDocuments(), { format: 'markdown' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('pyconc compare: 1 regression, 1 failed, 1 missing, 1 inconclusive, 1 new, 1 unchanged (threshold ±10%, α 0.01, Holm)');
    const rows = lines.filter((line) => line.startsWith('| **'));
    expect(rows.map((row) => /\*\*(\w+)\*\*/.exec(row)?.[1])).toEqual(['regression', 'failed', 'missing', 'inconclusive', 'new', 'unchanged']);
    expect(text).toContain('<details><summary>1 unchanged</summary>');
    expect(text).toContain('checksums differ \\(abc vs different\\)');
  });

  it('keeps the table within 100 columns, regressions first', () => {
    const long = { scenario: 'a-scenario-with-a-rather-long-name', params: { tasks: 64, payload_bytes: 1048576, rounds: 1000 } };
    const base = noisyCell('threading', 2, { n: 12, seed: 3, key: long });
    const files = [
      writeDocument('base.json', makeDocument([base, noisyCell('multiprocessing', 8, { key: long })])),
      writeDocument('new.json', makeDocument([slower(base, 1.3), noisyCell('multiprocessing', 8, { key: long })])),
    ];
    const { text } = runCompare(files, { color: false });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(text).toMatch(/│ regression +│ threading\/w2 +│/);
    expect(text).toContain('every cell: a-scenario-with-a-rather-long-name · tasks=64 · payload_bytes=1048576 · rounds=1000');
    expect(text).toContain('[1] not significant after Holm');
    const verdicts = text.split('\n').map((line) => /^│ (regression|inconclusive|unchanged)/.exec(line)?.[1]).filter((v) => v !== undefined);
    expect(verdicts).toEqual(['regression', 'inconclusive']);
  });

  // Issue 21, item 7: the terminal table wrapped each cell name over five lines; full names stay in the JSON.
  it('cuts cell names to what differs between the rows, one line each, full names in the JSON', () => {
    const key = { scenario: 'report-builder', params: { rows: 20000, columns: 12, chunk: 500, format: 'csv' } };
    const modes = ['threading', 'multiprocessing', 'asyncio', 'async-threads', 'async-processes'] as const;
    const cells = [noisyCell('sequential', 1, { n: 8, seed: 1, key }), ...modes.flatMap((mode, i) => [2, 4].map((workers) => noisyCell(mode, workers, { n: 8, seed: 10 * i + workers, key })))];
    const files = [writeDocument('base.json', makeDocument(cells)), writeDocument('head.json', makeDocument(cells.map((cell) => slower(cell, 1.27))))];
    const outcome = runCompare(files);
    const lines = outcome.text.split('\n');
    const rows = lines.filter((line) => line.startsWith('│ '));
    expect(rows).toHaveLength(12); // the head and one line per pair: no name wraps
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(lines).toContain('every cell: report-builder · rows=20000 · columns=12 · chunk=500 · format=csv');
    expect(rows.some((row) => /│ async-processes\/w4 +│/.test(row))).toBe(true);
    expect(outcome.verdict.pairs.map((pair) => pair.name)).toContain('report-builder/async-processes/w4/rows=20000/columns=12/chunk=500/format=csv');
  });

  it('titles the HTML page with the verdict line once (it read "pyconc compare: pyconc compare: …")', () => {
    const cell = noisyCell('threading', 2, { n: 12, seed: 3 });
    const files = [writeDocument('base.json', makeDocument([cell])), writeDocument('head.json', makeDocument([slower(cell, 1.3)]))];
    const { text } = runCompare(files, { format: 'html' });
    expect(text).toMatch(/<title>pyconc compare: 1 regression \(threshold ±10%, α 0\.01, Holm\)<\/title>/);
    expect(text).not.toContain('pyconc compare: pyconc compare');
  });

  it('compares the interpreters of one document, the first as baseline', () => {
    const cell = noisyCell('threading', 2, { seed: 1 });
    const file = writeDocument('run.json', makeDocument([cell, { ...slower(cell, 1.4), key: { ...cell.key, python: 'cpython-3.13.0' } }]));
    const outcome = runCompare([file]);
    expect(outcome.verdict.comparison).toBe('interpreters');
    expect(outcome.verdict.inputs.map((input) => input.role)).toEqual(['both']);
    expect(outcome.verdict.pairs[0]?.verdict).toBe('regression');
    expect(outcome.exitCode).toBe(1);
  });

  it('compares the variants of one document', () => {
    const baseline = noisyCell('threading', 2, { seed: 1, key: { variant: 'baseline' } });
    const candidate = { ...slower(baseline, 1.3), key: { ...baseline.key, variant: 'candidate' as const } };
    const outcome = compareLoaded(['run.json'], [makeDocument([baseline, candidate])]);
    expect(outcome.verdict.comparison).toBe('variants');
    expect(outcome.exitCode).toBe(1);
  });
});

describe('compare warnings', () => {
  it('warn of different machines, tool versions and interrupted runs, in every format', () => {
    const cell = noisyCell('threading', 2);
    const base = makeDocument([cell]);
    const candidate = { ...makeDocument([cell], { interrupted: true }), machine: { ...base.machine, cpuModel: 'Other CPU' }, tool: { name: 'pyconc' as const, version: '99.0.0' } };
    const outcome = compareLoaded(['base.json', 'new.json'], [base, candidate]);
    expect(outcome.verdict.warnings.map((warning) => warning.code)).toEqual(['different-machines', 'different-tool-versions', 'interrupted', 'separate-runs']);
    expect(outcome.verdict.warnings[0]?.message).toBe(
      'the documents come from different machines (Test CPU, 2 CPUs, linux vs Other CPU, 2 CPUs, linux): the machine changed as well as the code',
    );
    expect(outcome.text).toContain('warning: new.json is from an interrupted run');
    expect(compareLoaded(['base.json', 'new.json'], [base, candidate], { format: 'markdown' }).text).toContain(`> **Warning:** written by pyconc ${VERSION} and 99.0.0`);
    expect(compareLoaded(['base.json', 'new.json'], [base, base]).verdict.warnings.map((warning) => warning.code)).toEqual(['separate-runs']);
    const variants = makeDocument([{ ...cell, key: { ...cell.key, variant: 'baseline' } }, { ...cell, key: { ...cell.key, variant: 'candidate' } }]);
    expect(compareLoaded(['ab.json'], [variants]).verdict.warnings).toEqual([]);
  });

  // Issue 21, item 4: two separate runs let a +28% regression through (11 inconclusive, exit 0), and
  // --metric speedup, recommended for that case, cannot see a slowdown that hits every mode alike.
  it('say what a comparison of separate runs cannot detect, and what --metric speedup cannot see', () => {
    const modes = ['sequential', 'threading', 'multiprocessing'] as const;
    const cells = Array.from({ length: 11 }, (_, i) =>
      noisyCell(modes[i % 3] as (typeof modes)[number], 2, { n: 5, cv: 0.3, seed: i + 1, key: { params: { tasks: Math.floor(i / 3) + 1 } } }),
    );
    const files = [writeDocument('base.json', makeDocument(cells)), writeDocument('head.json', makeDocument(cells.map((cell) => slower(cell, 1.28))))];
    const wall = runCompare(files);
    expect(wall.verdict.summary.counts.regression).toBe(0);
    expect(wall.exitCode).toBe(0);
    expect(wall.text.replace(/\s+/g, ' ')).toMatch(/warning: \S+base\.json and \S+head\.json are separate runs: .* drifts by 15–30% within minutes,/);
    expect(wall.text.replace(/\s+/g, ' ')).toMatch(/run both trees interleaved in one run \(pyconc run --scenarios HEAD --baseline-scenarios BASE -o ab\.json\)/);
    const speedup = runCompare(files, { metric: 'speedup', format: 'markdown' });
    expect(speedup.verdict.summary.counts.regression).toBe(0);
    expect(speedup.verdict.warnings.map((warning) => warning.code)).toEqual(['speedup-blind-spot']);
    expect(speedup.text.replace(/\s+/g, ' ')).toMatch(/cannot see a change that slows every mode alike, sequential included/);
  });

  it('record how each p-value was computed', () => {
    const cell = noisyCell('threading', 2);
    const tied = okCell('threading', 2, 1e8);
    expect(compareLoaded(['a', 'b'], [makeDocument([cell]), makeDocument([noisyCell('threading', 2, { seed: 2 })])]).verdict.pairs[0]?.pMethod).toBe('exact');
    expect(compareLoaded(['a', 'b'], [makeDocument([tied]), makeDocument([tied])]).verdict.pairs[0]?.pMethod).toBe('asymptotic');
  });
});

describe('runCompare refuses', () => {
  const good = (): string => writeDocument('good.json', makeDocument([noisyCell('threading', 2)]));

  it('documents of different schema major versions, naming both files', () => {
    const [a, b] = [good(), writeJson('future.json', { ...makeDocument([noisyCell('threading', 2)]), schema: 'pyconc/results@2' })];
    expect(inputLine(() => runCompare([a, b]))).toBe(`cannot compare ${a} (results@1) with ${b} (results@2): different schema major versions`);
  });

  it('a file that is not a results document', () => {
    const other = writeJson('package.json', { name: 'x' });
    expect(inputLine(() => runCompare([good(), other]))).toBe(`${other}: not a pyconc results document (schema null); compare reads what \`pyconc run -o\` writes`);
    const verdict = writeJson('verdict.json', { schema: 'pyconc/compare@1' });
    expect(inputLine(() => runCompare([verdict, good()]))).toMatch(/verdict\.json: not a pyconc results document \(a compare verdict document\)/);
    const broken = writeJson('broken.json', 1);
    expect(inputLine(() => runCompare([broken]))).toMatch(/broken\.json: not a pyconc results document/);
  });

  it('documents of different interpreters, with a hint', () => {
    const a = good();
    const b = writeDocument('other.json', makeDocument([noisyCell('threading', 2, { key: { python: 'cpython-3.13.0' } })]));
    expect(inputLine(() => runCompare([a, b]))).toMatch(/have no cell in common .*; their interpreters differ \(cpython-3\.11\.7 vs cpython-3\.13\.0\)/);
  });

  it('a file that is not JSON or not there', () => {
    const text = writeJson('x.json', 0).replace(/x\.json$/, 'missing.json');
    expect(inputLine(() => runCompare([text]))).toMatch(/missing\.json: cannot read results \(ENOENT\)/);
  });

  it('documents with no cell in common', () => {
    const a = good();
    const b = writeDocument('other.json', makeDocument([noisyCell('multiprocessing', 4)]));
    expect(inputLine(() => runCompare([a, b]))).toBe(`${a} and ${b} have no cell in common (1 and 1 cells): nothing to compare`);
  });

  it('one document with nothing to compare within it', () => {
    const a = good();
    expect(inputLine(() => runCompare([a]))).toBe(`${a}: no baseline/candidate variants and a single interpreter: nothing to compare; give two documents`);
  });

  it('more than two files, and malformed flags', () => {
    expect(inputLine(() => runCompare([good(), good(), good()]), UsageError)).toMatch(/^compare: expected BASE\.json NEW\.json/);
    expect(inputLine(() => parseCompareFlags({ threshold: 'abc' }), UsageError)).toBe('--threshold: expected a percentage like 10 or 10%, got "abc"');
  });
});

describe('wrapName', () => {
  it('breaks a cell name after its slashes, and inside a segment only when it must', () => {
    expect(wrapName('demo/threading/w2/tasks=8', 16)).toBe('demo/threading/\nw2/tasks=8');
    expect(wrapName('abcdefghij/x', 4)).toBe('abcd\nefgh\nij/x');
    expect(wrapName('short', 10)).toBe('short');
  });
});
