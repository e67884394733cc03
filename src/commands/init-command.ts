import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { InitKind } from '../core/settings.js';
import { scenarioTemplate, workloadTemplate } from './init-templates.js';

const SCENARIO_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** What `pyconc init` wrote, and the lines saying so with the command that runs it. */
export interface InitOutcome {
  readonly name: string;
  readonly files: readonly string[];
  readonly text: string;
}

/**
 * `pyconc init DIR`: a scenario named after DIR (kebab-case) and its workload (snake_case), runnable
 * at once with `pyconc run NAME --scenarios DIR`. Creates DIR; never overwrites: if either file
 * exists, nothing is written.
 */
export function initCommand(dir: string, kind: InitKind): InitOutcome {
  const base = path.basename(path.resolve(dir));
  const name = base.toLowerCase().replace(/[_\s]+/g, '-');
  if (!SCENARIO_NAME.test(name)) throw new UsageError(`init: "${base}" does not make a scenario name (a-z, 0-9 and -, starting with a letter or digit)`);
  const module = name.replace(/-/g, '_');
  const files = [path.join(dir, `${name}.yaml`), path.join(dir, `${module}.py`)];
  const existing = files.find((file) => existsSync(file));
  if (existing !== undefined) throw new UsageError(`init: ${existing} already exists; nothing written`);
  mkdirSync(dir, { recursive: true });
  const [yaml = '', py = ''] = files;
  writeFileSync(py, workloadTemplate(name, kind), { flag: 'wx' });
  writeFileSync(yaml, scenarioTemplate(name, module, kind), { flag: 'wx' });
  const text = `${files.map((file) => `wrote ${file}`).join('\n')}\nrun it with: pyconc run ${name} --scenarios ${dir} --quick\n`;
  return { name, files, text };
}
