import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputsFile } from '../../src/advise/inputs-file.js';
import { parseTarget } from '../../src/advise/target.js';
import { InputError, UsageError } from '../../src/core/errors.js';
import { ROOT } from '../helpers/cli.js';

const FIXTURES = path.join(ROOT, 'python', 'tests', 'fixtures', 'advise');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-advise-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseTarget', () => {
  it('resolves a file relative to the working directory and keeps what the user wrote', () => {
    const target = parseTarget('TARGET', 'adv_waits.py:wait', FIXTURES);
    expect(target).toEqual({ text: 'adv_waits.py:wait', resolved: `${path.join(FIXTURES, 'adv_waits.py')}:wait`, kind: 'file', function: 'wait', module: 'adv_waits' });
  });

  it('takes a dotted module and a dotted function as they are (the probe imports them)', () => {
    expect(parseTarget('TARGET', 'pkg.work:Jobs.run', tmp)).toMatchObject({ kind: 'module', resolved: 'pkg.work:Jobs.run', module: 'pkg.work', function: 'Jobs.run' });
  });

  it.each([
    ['no colon', 'adv_waits.py', UsageError, /TARGET adv_waits\.py: expected path\/to\/file\.py:function or package\.module:function/],
    ['no function', 'adv_waits.py:', UsageError, /expected path\/to\/file\.py:function/],
    ['a missing file', 'absent.py:f', InputError, /TARGET absent\.py:f: file not found: .*absent\.py$/],
    ['a module name with a dash', 'my-pkg.mod:f', UsageError, /"my-pkg\.mod" is neither a \.py file nor a dotted module name/],
  ])('refuses %s', (_name, text, kind, message) => {
    expect(() => parseTarget('TARGET', text, FIXTURES)).toThrow(kind);
    expect(() => parseTarget('TARGET', text, FIXTURES)).toThrow(message);
  });
});

describe('readInputsFile', () => {
  it('counts one task a non-blank line', () => {
    const file = path.join(tmp, 'good.jsonl');
    writeFileSync(file, '{"n": 1}\n\n[2, 3]\n"four"\n');
    expect(readInputsFile(file, tmp)).toEqual({ given: file, absolute: file, count: 3 });
  });

  it('names the line that is not JSON', () => {
    const file = path.join(tmp, 'bad.jsonl');
    writeFileSync(file, '{"n": 1}\n{"n": 2}\n{n: 3}\n');
    expect(() => readInputsFile('bad.jsonl', tmp)).toThrow(/^--inputs bad\.jsonl: line 3 is not JSON \(.*\); expected JSON Lines, one value per line$/);
  });

  it('refuses a missing or empty file', () => {
    expect(() => readInputsFile('absent.jsonl', tmp)).toThrow(/--inputs absent\.jsonl: file not found/);
    writeFileSync(path.join(tmp, 'empty.jsonl'), '\n\n');
    expect(() => readInputsFile('empty.jsonl', tmp)).toThrow(/--inputs empty\.jsonl: no inputs/);
  });
});
