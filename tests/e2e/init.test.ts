import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pyconc init', () => {
  for (const kind of ['mixed', 'io', 'cpu'] as const) {
    it(`writes a ${kind} scenario that runs as it is with --quick, exit 0`, async () => {
      const args = kind === 'mixed' ? ['init', 'my-bench'] : ['init', `my-${kind}`, '--kind', kind];
      const name = kind === 'mixed' ? 'my-bench' : `my-${kind}`;
      const init = await runCli(args, { cwd: tmp });
      expect([init.exitCode, init.stderr]).toEqual([0, '']);
      expect(readdirSync(path.join(tmp, name)).sort()).toEqual([`${name}.yaml`, `${name.replace(/-/g, '_')}.py`].sort());
      const run = await runCli(['run', name, '--scenarios', name, '--quick'], { cwd: tmp });
      expect(run.stderr).not.toMatch(/failed|Traceback/);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/sequential.*ok/);
      expect(run.stdout).toMatch(/threading.*ok/);
    });
  }

  it('refuses to overwrite: exit 2, one line, nothing written', async () => {
    const dir = path.join(tmp, 'taken');
    const init = await runCli(['init', dir]);
    expect(init.exitCode).toBe(0);
    rmSync(path.join(dir, 'taken.py'));
    writeFileSync(path.join(dir, 'taken.yaml'), 'mine\n');
    const again = await runCli(['init', dir]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe(`pyconc: init: ${path.join(dir, 'taken.yaml')} already exists; nothing written`);
    expect(existsSync(path.join(dir, 'taken.py'))).toBe(false);
  });

  it('refuses a folder name that makes no scenario name, exit 2, and creates nothing', async () => {
    const result = await runCli(['init', 'bad.name!'], { cwd: tmp });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^pyconc: init: "bad\.name!" does not make a scenario name/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(tmp, 'bad.name!'))).toBe(false);
  });

  it('kebab-cases the scenario name and snake-cases the module: My_Bench → my-bench.yaml, my_bench.py', async () => {
    const result = await runCli(['init', 'nested/My_Bench', '--kind', 'cpu'], { cwd: tmp });
    expect(result.exitCode).toBe(0);
    expect(readdirSync(path.join(tmp, 'nested', 'My_Bench')).sort()).toEqual(['my-bench.yaml', 'my_bench.py'].sort());
  });
});
