import { existsSync } from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../core/closest-name.js';
import { InputError } from '../core/errors.js';
import { findMetric } from '../core/metrics.js';
import { BASELINE_MODE, MODES, isMode, type Mode } from '../core/modes.js';
import { isExcluded, matches, parameterGrid } from './parameter-grid.js';
import { DEFAULT_REPORT, normaliseGoal, type ParamValue, type Scenario, type ScenarioFile, type ScenarioParam } from './scenario-schema.js';

/** Why a value is out of a numeric parameter's bounds, or null when it is fine. */
export function paramValueProblem(param: Pick<ScenarioParam, 'type' | 'min' | 'max' | 'integer'>, value: ParamValue): string | null {
  if (param.type !== 'number' || typeof value !== 'number') return null;
  if (param.integer === true && !Number.isInteger(value)) return `expected a whole number, got ${value}`;
  if (param.min !== undefined && value < param.min) return `expected a number ≥ ${param.min}, got ${value}`;
  if (param.max !== undefined && value > param.max) return `expected a number ≤ ${param.max}, got ${value}`;
  return null;
}

function asList(value: ParamValue | ParamValue[]): ParamValue[] {
  return Array.isArray(value) ? value : [value];
}

/** Throws the one line of a problem with a field of the scenario file. */
type Fail = (field: string, message: string) => never;

/** Each parameter with its defaults and quick values as lists, checked against its type and bounds. */
function checkedParams(raw: ScenarioFile['params'], fail: Fail): Record<string, ScenarioParam> {
  const params: Record<string, ScenarioParam> = {};
  for (const [name, param] of Object.entries(raw)) {
    const defaults = asList(param.default);
    const quick = param.quick === undefined ? defaults : asList(param.quick);
    const type: ScenarioParam['type'] = typeof defaults[0] === 'number' ? 'number' : 'string';
    for (const [field, values] of [['default', defaults], ['quick', quick]] as const) {
      if (values.some((value) => typeof value !== type)) {
        fail(`params.${name}.${field}`, `expected every value to be a ${type}, like the first default`);
      }
    }
    if (type === 'string' && (param.min !== undefined || param.max !== undefined || param.integer !== undefined)) {
      fail(`params.${name}`, 'min, max and integer apply to numeric parameters only');
    }
    const checked: ScenarioParam = {
      type,
      defaults,
      quick,
      description: param.description,
      ...(param.min === undefined ? {} : { min: param.min }),
      ...(param.max === undefined ? {} : { max: param.max }),
      ...(param.integer === undefined ? {} : { integer: param.integer }),
    };
    for (const [field, values] of [['default', defaults], ['quick', quick]] as const) {
      for (const value of values) {
        const problem = paramValueProblem(checked, value);
        if (problem !== null) fail(`params.${name}.${field}`, problem);
      }
    }
    params[name] = checked;
  }
  return params;
}

/** `exclude:` entries name known parameters and values, never sequential, and leave some default combination. */
function checkExclusions(raw: ScenarioFile, params: Readonly<Record<string, ScenarioParam>>, fail: Fail): void {
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
      if (mode === BASELINE_MODE) fail(`${field}.modes`, `${BASELINE_MODE} cannot be left out: it is the baseline of every speedup`);
      if (!raw.modes.includes(mode)) fail(`${field}.modes`, `"${mode}" is not one of this scenario's modes`);
    }
  });
  const defaultGrid = parameterGrid(Object.fromEntries(Object.entries(params).map(([name, param]) => [name, param.defaults])));
  if (defaultGrid.every((combination) => isExcluded(combination, raw.exclude))) {
    fail('exclude', 'every combination of the default parameters is excluded');
  }
}

/** Each claim names modes and parameters of this scenario, cells no `exclude:` leaves out, and an ideal where it judges efficiency. */
function checkClaims(raw: ScenarioFile, params: Readonly<Record<string, ScenarioParam>>, fail: Fail): void {
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
}

/** Normalises a parsed scenario file and checks the rules between its fields; every problem is one line. */
export function normaliseScenario(raw: ScenarioFile, file: string, source: string, builtin: boolean): Scenario {
  const fail: Fail = (field, message) => {
    throw new InputError(`${source}: ${field}: ${message}`);
  };
  const expectedName = path.basename(file).replace(/\.ya?ml$/, '');
  if (raw.name !== expectedName) fail('name', `expected "${expectedName}" (the file's base name), got "${raw.name}"`);

  const workload = path.resolve(path.dirname(file), raw.workload);
  if (!workload.endsWith('.py')) fail('workload', `expected a path to a .py module, got "${raw.workload}"`);
  if (!existsSync(workload)) fail('workload', `module not found: ${workload}`);

  const params = checkedParams(raw.params, fail);

  // A scenario lists the modes it supports; `unsupported:` documents why a mode is left out. Modes it does
  // neither for are "not declared": adding a mode to pyconc never breaks a scenario file.
  const unsupported: Partial<Record<Mode, string>> = {};
  for (const [mode, reason] of Object.entries(raw.unsupported ?? {})) {
    if (!isMode(mode)) return fail(`unsupported.${mode}`, `unknown mode${didYouMean(mode, MODES)}; modes are ${MODES.join(', ')}`);
    if (raw.modes.includes(mode)) fail(`unsupported.${mode}`, 'the mode is also listed in modes');
    unsupported[mode] = reason;
  }
  if (!raw.modes.includes(BASELINE_MODE)) fail('modes', `${BASELINE_MODE} is required: it is the baseline of every speedup`);
  if (new Set(raw.modes).size !== raw.modes.length) fail('modes', 'a mode is listed twice');

  if (raw.ideal?.model === 'io') {
    for (const field of ['tasks', 'latencyMs'] as const) {
      const param = raw.ideal[field];
      if (params[param]?.type !== 'number') fail(`ideal.${field}`, `expected the name of a numeric parameter, got "${param}"`);
    }
  }

  checkExclusions(raw, params, fail);
  checkClaims(raw, params, fail);

  const goal = normaliseGoal(raw.goal);
  if (findMetric(goal.metric)?.sample === undefined) {
    fail('goal', `${goal.metric} is a figure of a whole cell, not of each sample: name one that every sample has (wallMs, latencyP99Ms, metric:<name>)`);
  }

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
    notDeclared: MODES.filter((mode) => !raw.modes.includes(mode) && unsupported[mode] === undefined),
    workers: { defaults: raw.workers.default, quick: raw.workers.quick ?? raw.workers.default },
    exclude: raw.exclude,
    ideal: raw.ideal ?? null,
    expectations: raw.expectations,
    report,
    gate: raw.gate ?? null,
    goal,
    builtin,
  };
}
