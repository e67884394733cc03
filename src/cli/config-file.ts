import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { z } from 'zod';
import { parseThreshold } from '../compare/compare-options.js';
import { didYouMean } from '../core/closest-name.js';
import { InputError } from '../core/errors.js';
import { formatZodIssues } from '../core/format-zod-error.js';
import { collect } from './program.js';

/** Where pyconc looks for its defaults, in the working directory: its own file first, else a `pyconc` key of package.json. */
export const CONFIG_FILE = 'pyconc.config.json';

/** A flag's value in the config file: as on the command line, or a number, a boolean or a list. */
const flagValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

/** The CI gate's thresholds: a default, and per scenario or `scenario:metric`, as `10%` or 10. */
const gateSchema = z.strictObject({
  threshold: z.union([z.string(), z.number()]).optional(),
  thresholds: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export interface LoadedConfig {
  /** Where it came from, for messages: `pyconc.config.json` or `package.json#pyconc`. */
  readonly source: string;
  /** Flag defaults per command, by the flags' long names (`max-time`). */
  readonly commands: Readonly<Record<string, Readonly<Record<string, z.infer<typeof flagValue>>>>>;
  readonly gate: z.infer<typeof gateSchema>;
}

function longName(option: Option): string | undefined {
  return option.long?.replace(/^--(no-)?/, '');
}

/** The schema of a config file for this program: one object per command, holding only that command's flags. */
function configSchema(program: Command) {
  const shape: Record<string, z.ZodType> = { gate: gateSchema.optional() };
  for (const command of program.commands) {
    const names = command.options.flatMap((option) => longName(option) ?? []);
    const flags = Object.fromEntries(names.map((name) => [name, flagValue.optional()]));
    shape[command.name()] = z.strictObject(flags).optional();
  }
  return z.strictObject(shape);
}

/** Which keys a level of the config file may hold, for "did you mean" hints. */
function keysAt(program: Command, at: readonly PropertyKey[]): string[] {
  if (at.length === 0) return ['gate', ...program.commands.map((command) => command.name())];
  if (at[0] === 'gate') return ['threshold', 'thresholds'];
  const command = program.commands.find((candidate) => candidate.name() === at[0]);
  return command?.options.flatMap((option) => longName(option) ?? []) ?? [];
}

/** Reads and validates the config file of `dir`, or returns null when there is none. Bad content: InputError naming file and field. */
export function loadConfig(program: Command, dir = process.cwd()): LoadedConfig | null {
  let source: string;
  let raw: unknown;
  const own = path.join(dir, CONFIG_FILE);
  const pkg = path.join(dir, 'package.json');
  try {
    if (existsSync(own)) {
      source = CONFIG_FILE;
      raw = JSON.parse(readFileSync(own, 'utf8'));
    } else if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { pyconc?: unknown };
      if (json.pyconc === undefined) return null;
      source = 'package.json#pyconc';
      raw = json.pyconc;
    } else return null;
  } catch (error) {
    const file = existsSync(own) ? CONFIG_FILE : 'package.json';
    throw new InputError(`${file}: cannot read the config (${error instanceof SyntaxError ? 'not valid JSON' : String(error)})`);
  }
  const parsed = configSchema(program).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? parsed.error.issues[0];
    let line = formatZodIssues(source, new z.ZodError(issue === undefined ? [] : [issue]), raw)[0] ?? `${source}: invalid config`;
    if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) line += didYouMean(issue.keys[0], keysAt(program, issue.path));
    throw new InputError(line);
  }
  const { gate, ...commands } = parsed.data as { gate?: LoadedConfig['gate'] } & LoadedConfig['commands'];
  return { source, commands, gate: gate ?? {} };
}

/** The value commander would hold for a flag given on the command line. */
function asFlagValue(option: Option, value: z.infer<typeof flagValue>): unknown {
  if (option.negate) return value === false ? false : value;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(String);
  return option.variadic ? [String(value)] : String(value);
}

/**
 * Fills each flag of `command` that the command line left out from the config: flags win, then
 * the config, then pyconc's defaults. The gate's thresholds become compare's defaults.
 */
export function applyConfig(command: Command, config: LoadedConfig): void {
  const values: Record<string, z.infer<typeof flagValue>> = { ...(config.commands[command.name()] ?? {}) };
  if (command.name() === 'compare') {
    if (config.gate.threshold !== undefined) values['threshold'] ??= String(config.gate.threshold);
    const map = Object.entries(config.gate.thresholds ?? {}).map(([scenario, threshold]) => `${scenario}=${threshold}`);
    if (map.length > 0) values['scenario-threshold'] ??= map;
  }
  for (const [name, value] of Object.entries(values)) {
    const option = command.options.find((candidate) => longName(candidate) === name);
    if (option === undefined) continue;
    const key = option.attributeName();
    if (command.getOptionValueSource(key) === 'cli') continue;
    const repeatable = option.parseArg === collect;
    command.setOptionValueWithSource(key, repeatable && !Array.isArray(value) ? [String(value)] : asFlagValue(option, value), 'config');
  }
}

/** `run`'s share of the gate: its threshold as the A/B pair rule's (scenario `gate:` settings win), when the config file sets one. */
export function gateOptions(program: Command): { pairThreshold?: number } {
  const gate = loadConfig(program)?.gate.threshold;
  return gate === undefined ? {} : { pairThreshold: parseThreshold('gate.threshold', String(gate)) };
}
