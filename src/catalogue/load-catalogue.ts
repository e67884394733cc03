import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { didYouMean } from '../core/closest-name.js';
import { InputError } from '../core/errors.js';
import { formatZodIssues } from '../core/format-zod-error.js';
import { MODES, type Mode } from '../core/modes.js';
import { isExcluded, matches, parameterGrid } from './parameter-grid.js';
import { DEFAULT_REPORT, scenarioFileSchema, type ParamValue, type Scenario, type ScenarioFile, type ScenarioParam } from './scenario-schema.js';

/** The directory of the scenarios shipped with pyconc. */
export const BUILTIN_SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Keys a scenario file may hold at each level, for "did you mean" hints on typos. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(scenarioFileSchema.shape),
  param: ['default', 'quick', 'description'],
  exclusion: ['params', 'modes'],
  workers: ['default', 'quick'],
  expectation: ['claim', 'mode', 'workers', 'params', 'metric', 'op', 'value', 'than', 'minUsableCpus'],
  ideal: ['model', 'tasks', 'latencyMs'],
  report: ['metrics', 'speedup'],
};

function knownKeysAt(pathParts: readonly PropertyKey[]): readonly string[] {
  const [first] = pathParts;
  if (pathParts.length === 0) return KNOWN_KEYS[''] ?? [];
  if (first === 'params' && pathParts.length === 2) return KNOWN_KEYS['param'] ?? [];
  if (first === 'workers') return KNOWN_KEYS['workers'] ?? [];
  if (first === 'ideal') return KNOWN_KEYS['ideal'] ?? [];
  if (first === 'report') return KNOWN_KEYS['report'] ?? [];
  if (first === 'exclude' && pathParts.length === 2) return KNOWN_KEYS['exclusion'] ?? [];
  if (first === 'expectations' && pathParts.length === 2) return KNOWN_KEYS['expectation'] ?? [];
  return [];
}

/** Parses and validates one scenario file; every problem is one line naming the file and field. */
export function loadScenarioFile(file: string, builtin: boolean): Scenario {
  const relative = path.relative(process.cwd(), file);
  const source = relative === '' || relative.startsWith('..') ? file : relative;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${source}: cannot read scenario file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const document = parseDocument(text);
  const yamlError = document.errors[0];
  if (yamlError !== undefined) {
    const line = yamlError.linePos?.[0].line;
    const where = line === undefined ? '' : ` at line ${line}`;
    const message = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${source}: invalid YAML${where}: ${message}`);
  }
  const parsed = scenarioFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    // A misspelt key also makes its real name "missing"; the misspelling is the useful line.
    parsed.error.issues.sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
    const issue = parsed.error.issues[0];
    let line = formatZodIssues(source, parsed.error)[0] ?? `${source}: invalid scenario`;
    if (issue?.code === 'unrecognized_keys' && issue.keys.length === 1 && issue.keys[0] !== undefined) {
      line += didYouMean(issue.keys[0], knownKeysAt(issue.path));
    }
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem(s))` : '';
    throw new InputError(line + more);
  }
  return normaliseScenario(parsed.data, file, source, builtin);
}

function asList(value: ParamValue | ParamValue[]): ParamValue[] {
  return Array.isArray(value) ? value : [value];
}

function normaliseScenario(raw: ScenarioFile, file: string, source: string, builtin: boolean): Scenario {
  const fail = (field: string, message: string): never => {
    throw new InputError(`${source}: ${field}: ${message}`);
  };
  const expectedName = path.basename(file).replace(/\.ya?ml$/, '');
  if (raw.name !== expectedName) fail('name', `expected "${expectedName}" (the file's base name), got "${raw.name}"`);

  const workload = path.resolve(path.dirname(file), raw.workload);
  if (!workload.endsWith('.py')) fail('workload', `expected a path to a .py module, got "${raw.workload}"`);
  if (!existsSync(workload)) fail('workload', `module not found: ${workload}`);

  const params: Record<string, ScenarioParam> = {};
  for (const [name, param] of Object.entries(raw.params)) {
    const defaults = asList(param.default);
    const quick = param.quick === undefined ? defaults : asList(param.quick);
    const type = typeof defaults[0] === 'number' ? 'number' : 'string';
    for (const [field, values] of [['default', defaults], ['quick', quick]] as const) {
      if (values.some((value) => typeof value !== type)) {
        fail(`params.${name}.${field}`, `expected every value to be a ${type}, like the first default`);
      }
    }
    params[name] = { type, defaults, quick, description: param.description };
  }

  const unsupported: Partial<Record<Mode, string>> = {};
  for (const [mode, reason] of Object.entries(raw.unsupported ?? {})) {
    if (!(MODES as readonly string[]).includes(mode)) fail(`unsupported.${mode}`, `unknown mode${didYouMean(mode, MODES)}`);
    if ((raw.modes as string[]).includes(mode)) fail(`unsupported.${mode}`, 'the mode is also listed in modes');
    unsupported[mode as Mode] = reason;
  }
  const missing = MODES.filter((mode) => !raw.modes.includes(mode) && unsupported[mode] === undefined);
  if (missing.length > 0) {
    fail('modes', `every mode must be listed in modes or in unsupported (with a reason); missing: ${missing.join(', ')}`);
  }
  if (!raw.modes.includes('sequential')) fail('modes', 'sequential is required: it is the baseline of every speedup');
  if (new Set(raw.modes).size !== raw.modes.length) fail('modes', 'a mode is listed twice');

  if (raw.ideal?.model === 'io') {
    for (const field of ['tasks', 'latencyMs'] as const) {
      const param = raw.ideal[field];
      if (params[param]?.type !== 'number') fail(`ideal.${field}`, `expected the name of a numeric parameter, got "${param}"`);
    }
  }

  raw.exclude.forEach((exclusion, index) => {
    const field = `exclude[${index}]`;
    if (Object.keys(exclusion.params).length === 0) fail(`${field}.params`, 'expected at least one parameter name: value');
    for (const [name, value] of Object.entries(exclusion.params)) {
      const param = params[name];
      if (param === undefined) return fail(`${field}.params.${name}`, `unknown parameter${didYouMean(name, Object.keys(params))}`);
      if (![...param.defaults, ...param.quick].includes(value)) {
        fail(`${field}.params.${name}`, `${JSON.stringify(value)} is not one of the parameter's default or quick values, so this entry would never match`);
      }
    }
    for (const mode of exclusion.modes ?? []) {
      if (mode === 'sequential') fail(`${field}.modes`, 'sequential cannot be left out: it is the baseline of every speedup');
      if (!raw.modes.includes(mode)) fail(`${field}.modes`, `"${mode}" is not one of this scenario's modes`);
    }
  });
  if (parameterGrid(Object.fromEntries(Object.entries(params).map(([name, param]) => [name, param.defaults]))).every((combination) => isExcluded(combination, raw.exclude))) {
    fail('exclude', 'every combination of the default parameters is excluded');
  }

  raw.expectations.forEach((expectation, index) => {
    const field = `expectations[${index}]`;
    if (!raw.modes.includes(expectation.mode)) fail(`${field}.mode`, `"${expectation.mode}" is not one of this scenario's modes`);
    if (expectation.than !== undefined && !raw.modes.includes(expectation.than)) {
      fail(`${field}.than`, `"${expectation.than}" is not one of this scenario's modes`);
    }
    for (const name of Object.keys(expectation.params ?? {})) {
      if (params[name] === undefined) fail(`${field}.params.${name}`, `unknown parameter${didYouMean(name, Object.keys(params))}`);
    }
    for (const mode of [expectation.mode, expectation.than]) {
      const leftOut = raw.exclude.find(
        (exclusion) =>
          (exclusion.modes === undefined || (mode !== undefined && exclusion.modes.includes(mode))) &&
          matches(expectation.params ?? {}, exclusion),
      );
      if (mode !== undefined && leftOut !== undefined) {
        fail(`${field}`, `its ${mode} cells are left out by exclude[${raw.exclude.indexOf(leftOut)}], so the claim could never be checked`);
      }
    }
    if (expectation.metric === 'efficiency' && raw.ideal === undefined) {
      fail(`${field}.metric`, 'efficiency needs an ideal model (add ideal:)');
    }
  });

  const report = raw.report ?? DEFAULT_REPORT;
  report.metrics.forEach((metric, index) => {
    if (report.metrics.indexOf(metric) !== index) fail(`report.metrics[${index}]`, `"${metric}" is listed twice`);
  });

  return {
    name: raw.name,
    title: raw.title,
    kind: raw.kind,
    description: raw.description.trim(),
    file,
    workload,
    params,
    modes: MODES.filter((mode) => raw.modes.includes(mode)),
    unsupported,
    workers: { defaults: raw.workers.default, quick: raw.workers.quick ?? raw.workers.default },
    exclude: raw.exclude,
    ideal: raw.ideal ?? null,
    expectations: raw.expectations,
    report,
    builtin,
  };
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
export function loadCatalogue(extraDirs: readonly string[] = [], builtinDir = BUILTIN_SCENARIOS_DIR): Scenario[] {
  const scenarios: Scenario[] = [];
  const byName = new Map<string, Scenario>();
  const sources: [string, boolean][] = [[builtinDir, true], ...extraDirs.map((dir): [string, boolean] => [path.resolve(dir), false])];
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
