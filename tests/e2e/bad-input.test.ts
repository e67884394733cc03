import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { Sandbox } from '../helpers/leftovers.js';

// Bad input: exactly one line on stderr, exit 2, no stack trace, nothing on stdout, nothing written.
// (tests/e2e/cli.test.ts covers unknown scenario/mode/flag, zero workers, a malformed or undefined
// --param, a missing interpreter, /bin/true, a missing output directory and a misspelt field.)
const BAD = path.join(ROOT, 'tests', 'fixtures', 'bad-scenarios');
const FAKE = path.join(ROOT, 'tests', 'fixtures', 'fake-pythons');
const PYENV = '/root/.pyenv/versions';

/** Runs the CLI in its own sandbox (so that these can run concurrently) and checks the one-line contract. */
async function expectOneLine(args: string[], message: RegExp): Promise<void> {
  const own = new Sandbox();
  try {
    const result = await runCli(args.map((arg) => arg.replace('<sandbox>', own.root)), { env: own.env() });
    expect(result.stderr).toMatch(message);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(result.stdout).toBe('');
    expect(own.leftoverTempEntries()).toEqual([]);
  } finally {
    own.dispose();
  }
}

describe.concurrent('bad scenario files: the file, the field path and what was expected', () => {
  it.each([
    ['malformed YAML', 'malformed-yaml', /^pyconc: .*malformed-yaml\/broken\.yaml: invalid YAML at line 8: Flow sequence in block collection/],
    ['a field of the wrong type', 'wrong-type', /^pyconc: .*wrong-type\.yaml: params\.tasks\.default: expected number or string or array, got object$/],
    ['a workload module that is not there', 'missing-workload', /^pyconc: .*missing-workload\.yaml: workload: module not found: .*not_there\.py$/],
    ['a name that would be a path', 'name-mismatch', /^pyconc: .*name-mismatch\.yaml: name: a kebab-case name \(a-z, 0-9, -\)$/],
  ])('%s', async (_name, dir, message) => {
    await expectOneLine(['run', '--scenarios', path.join(BAD, dir)], message);
  });
});

describe.concurrent('bad flags', () => {
  it.each([
    ['negative workers', ['--workers', '-1'], /--workers: expected an integer ≥ 1, got "-1"/],
    ['workers that are not numbers', ['--workers', '2,two'], /--workers: expected an integer ≥ 1, got "two"/],
    ['fractional workers', ['--workers', '1.5'], /--workers: expected an integer ≥ 1, got "1\.5"/],
    ['a zero timeout', ['--timeout', '0'], /--timeout: expected a positive number, got "0"/],
    ['a timeout that is not a number', ['--timeout', 'soon'], /--timeout: expected a positive number, got "soon"/],
    ['a --param without a name', ['--param', '=3'], /--param: expected name=value\[,value\.\.\.\], got "=3"/],
    ['a --param without a value', ['--param', 'tasks='], /--param: expected name=value\[,value\.\.\.\], got "tasks="/],
    ['a --param value of the wrong type', ['--param', 'tasks=many'], /--param tasks: "many" is not a number \(scenario sleep-fanout expects a number\)/],
  ])('%s', async (_name, flags, message) => {
    await expectOneLine(['run', 'sleep-fanout', ...flags], message);
  });
});

describe.concurrent('bad interpreters', () => {
  it('Python older than 3.9 (a fake interpreter that answers as 3.8 would)', async () => {
    await expectOneLine(['run', 'sleep-fanout', '--python', path.join(FAKE, 'python3.8')], /python3\.8 is Python 3\.8\.10; pyconc needs Python 3\.9 or newer$/);
  });

  it.each([
    ['3.8', `${PYENV}/3.8.18/bin/python3`],
    ['2.7', `${PYENV}/2.7.18/bin/python`],
  ])('a real Python %s, where this machine has one', async (version, executable) => {
    if (!existsSync(executable)) return; // a fresh machine has only its own python3
    await expectOneLine(['run', 'sleep-fanout', '--python', executable], new RegExp(`is Python ${version.replace('.', '\\.')}\\.\\d+; pyconc needs Python 3\\.9 or newer$`));
  });

  it('a Python the harness cannot run on (a fake 3.16 whose _json differs) is refused up front in one line', async () => {
    await expectOneLine(
      ['run', 'sleep-fanout', '--python', path.join(FAKE, 'python3.16')],
      /^pyconc: .*python3\.16: the harness cannot run on it: AttributeError: 'JSONDecoder' object has no attribute 'parse_decimal'$/,
    );
  });

  it('a program that is not Python but exits 0', async () => {
    await expectOneLine(['run', 'sleep-fanout', '--python', path.join(FAKE, 'not-python')], /not-python is not a working Python interpreter: it did not answer pyconc's probe \(exit code 0\)$/);
  });

  it('an existing results file is left whole when the run cannot start (the interpreter is checked after it)', async () => {
    const own = new Sandbox();
    try {
      const output = path.join(own.root, 'results.json');
      writeFileSync(output, '{"precious": true}');
      const result = await runCli(['run', 'sleep-fanout', '-o', output, '--python', path.join(FAKE, 'python3.8')], { env: own.env() });
      expect(result.exitCode).toBe(2);
      expect(readFileSync(output, 'utf8')).toBe('{"precious": true}');
    } finally {
      own.dispose();
    }
  });
});

describe('a TMPDIR that does not exist', () => {
  it('is one clear line (after the plan line), exit 2, nothing written', async () => {
    const result = await runCli(['run', 'sleep-fanout', '--quick'], { env: { TMPDIR: '/nonexistent/pyconc-tmp' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('pyconc: cannot create a temporary directory in /nonexistent/pyconc-tmp (ENOENT); set TMPDIR to a writable directory');
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(result.stdout).toBe('');
  });
});

describe.concurrent('an output path that cannot be written is refused before the run starts', () => {
  it.each([
    ['a virtual file system (even for root)', '/proc/pyconc-results.json', /--output \/proc\/pyconc-results\.json: cannot create files in \/proc \(\w+\)$/],
    ['a path through a file', '/etc/hostname/results.json', /--output \/etc\/hostname\/results\.json: \/etc\/hostname is not a directory$/],
  ])('%s', async (_name, output, message) => {
    await expectOneLine(['run', 'sleep-fanout', '-o', output], message);
  });

  it('a directory', async () => {
    await expectOneLine(['run', 'sleep-fanout', '-o', '<sandbox>'], /--output .*: is a directory$/);
  });
});
