import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

// A module hook that names every module the CLI loads, so the test sees what --help costs without timing it.
const dir = mkdtempSync(path.join(os.tmpdir(), 'pyconc-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hooks = path.join(dir, 'hooks.mjs');
writeFileSync(hooks, "export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write(`LOADED ${url}\\n`); return next(url, context); }\n");
const register = path.join(dir, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

/** The modules of the project and of its dependencies that `pyconc ARGS` loads, as paths relative to the project. */
async function loaded(args: readonly string[]): Promise<string[]> {
  const result = await execa('node', ['--import', register, BIN, ...args], { reject: false, cwd: ROOT, env: { NO_COLOR: '1' }, stdin: 'ignore' });
  expect(result.exitCode).toBe(0);
  return String(result.stderr).split('\n').flatMap((line) => (line.startsWith('LOADED file://') ? [path.relative(ROOT, new URL(line.slice(7)).pathname)] : []));
}

/** Dependencies, and folders of dist/, that only the commands' own work needs. */
const HEAVY = /node_modules\/(zod|execa|yaml|d3|@observablehq|cli-table3|@stdlib)\/|dist\/(commands\/.*-command|report|html|stats|analysis|results|compare|history|plan|catalogue|env|python|advise)[./]/;

describe('commands load lazily', () => {
  it('--help and a command\'s --help load commander and the flag declarations, none of the commands\' modules', async () => {
    for (const args of [['--help'], ['run', '--help'], ['compare', '--help'], ['history', 'report', '--help'], ['advise', '--help']]) {
      const modules = await loaded(args);
      expect(modules).toContain('dist/cli/program.js');
      expect(modules.filter((module) => HEAVY.test(module)), args.join(' ')).toEqual([]);
    }
  });

  it('--version loads neither commander nor the declarations', async () => {
    const modules = await loaded(['--version']);
    expect(modules.filter((module) => module.includes('commander') || module === 'dist/cli/program.js')).toEqual([]);
  });

  it('a command loads its modules when it runs', async () => {
    const modules = await loaded(['list', '--json']);
    expect(modules).toContain('dist/commands/list-command.js');
    expect(modules).not.toContain('dist/commands/run-command.js');
  });
});
