import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/catalogue/load-catalogue.js';
import { initCommand } from '../../src/commands/init-command.js';
import { INIT_KINDS } from '../../src/core/settings.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pyconc-init-command-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('initCommand', () => {
  for (const kind of INIT_KINDS) {
    it(`writes a ${kind} scenario that passes the scenario schema and rules, with the stages its kind needs`, () => {
      const dir = path.join(tmp, `${kind}_bench`);
      const outcome = initCommand(dir, kind);
      expect(outcome.name).toBe(`${kind}-bench`);
      expect(readdirSync(dir).sort()).toEqual([`${kind}-bench.yaml`, `${kind}_bench.py`]);
      const scenario = loadScenarioFile(path.join(dir, `${kind}-bench.yaml`), false);
      expect([scenario.name, scenario.kind, path.basename(scenario.workload)]).toEqual([`${kind}-bench`, kind, `${kind}_bench.py`]);
      const module = readFileSync(path.join(dir, `${kind}_bench.py`), 'utf8');
      expect(module.includes('def fetch(')).toBe(kind !== 'cpu');
      expect(module.includes('def compute(')).toBe(kind !== 'io');
      // The io kind asks a loopback server in a process of its own, never one in the process under test.
      expect(module.includes('toolkit.loopback_server(concurrency=int(params["tasks"])')).toBe(kind === 'io');
    });
  }

  it('refuses to overwrite and to make a scenario of a name that is not one', () => {
    const dir = path.join(tmp, 'twice');
    initCommand(dir, 'mixed');
    expect(() => initCommand(dir, 'io')).toThrow(`init: ${path.join(dir, 'twice.yaml')} already exists; nothing written`);
    expect(() => initCommand(path.join(tmp, '-dash'), 'io')).toThrow(/^init: "-dash" does not make a scenario name/);
  });
});
