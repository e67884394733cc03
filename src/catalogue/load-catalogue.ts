import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean } from '../core/closest-name.js';
import { InputError } from '../core/errors.js';
import { parseScenarioFile, sourceName } from './parse-scenario-file.js';
import { normaliseScenario } from './scenario-rules.js';
import type { Scenario } from './scenario-schema.js';

/** The directory of the scenarios shipped with pyconc. */
export const BUILTIN_SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Parses, normalises and checks one scenario file. */
export function loadScenarioFile(file: string, builtin: boolean): Scenario {
  return normaliseScenario(parseScenarioFile(file), file, sourceName(file), builtin);
}

function scenarioFilesIn(dir: string): string[] {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw new InputError(`scenario directory not found: ${dir}`);
  }
  if (!stat.isDirectory()) throw new InputError(`not a directory: ${dir}`);
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Loads the built-in catalogue plus the user's scenario directories; names must be unique. */
export function loadCatalogue(extraDirs: readonly string[] = [], builtinDir: string | null = BUILTIN_SCENARIOS_DIR): Scenario[] {
  const scenarios: Scenario[] = [];
  const byName = new Map<string, Scenario>();
  const sources: [string, boolean][] = extraDirs.map((dir) => [path.resolve(dir), false]);
  if (builtinDir !== null) sources.unshift([builtinDir, true]);
  for (const [dir, builtin] of sources) {
    const files = scenarioFilesIn(dir);
    if (!builtin && files.length === 0) throw new InputError(`no scenario files (*.yaml) in ${dir}`);
    for (const file of files) {
      const scenario = loadScenarioFile(file, builtin);
      const existing = byName.get(scenario.name);
      if (existing !== undefined) {
        if (existing.file === scenario.file) continue;
        throw new InputError(`${scenario.file}: name "${scenario.name}" is already used by ${existing.file}`);
      }
      byName.set(scenario.name, scenario);
      scenarios.push(scenario);
    }
  }
  return scenarios;
}

/** Picks scenarios by name, keeping the catalogue's order; unknown names suggest the nearest one. */
export function selectScenarios(catalogue: readonly Scenario[], names: readonly string[]): Scenario[] {
  if (names.length === 0) return [...catalogue];
  const known = catalogue.map((scenario) => scenario.name);
  for (const name of names) {
    if (!known.includes(name)) {
      throw new InputError(`unknown scenario "${name}"${didYouMean(name, known)}; \`pyconc list\` shows the catalogue`);
    }
  }
  return catalogue.filter((scenario) => names.includes(scenario.name));
}
