import { loadCatalogue } from '../catalogue/load-catalogue.js';
import type { Scenario } from '../catalogue/scenario-schema.js';
import { paint } from '../core/colors.js';
import type { CommandIo } from './command-io.js';

/** What `pyconc list` shows. */
export interface ListOptions {
  /** `--json`: the catalogue as JSON instead of text. */
  readonly json: boolean;
  /** `--scenarios DIR`: directories of the user's own scenario files, after the built-in ones. */
  readonly scenarioDirs: readonly string[];
}

/** `pyconc list`: the catalogue, as text (wrapped to the terminal) or JSON. Bad scenario files throw InputError (exit 2). */
export function listCommand(options: ListOptions, io: CommandIo): void {
  const scenarios = loadCatalogue(options.scenarioDirs);
  io.stdout.write(options.json ? `${JSON.stringify(catalogueJson(scenarios), null, 2)}\n` : catalogueText(scenarios, io.color, io.stdout.columns ?? 100));
}

/** The catalogue as JSON-ready objects (`pyconc list --json`). */
export function catalogueJson(scenarios: readonly Scenario[]): unknown[] {
  return scenarios.map((scenario) => ({
    name: scenario.name,
    title: scenario.title,
    kind: scenario.kind,
    description: scenario.description,
    file: scenario.file,
    workload: scenario.workload,
    builtin: scenario.builtin,
    params: Object.fromEntries(
      Object.entries(scenario.params).map(([name, { type, defaults, quick, description, min, max, integer }]) => [
        name,
        { type, default: defaults, quick, description, min, max, integer },
      ]),
    ),
    modes: scenario.modes,
    unsupported: scenario.unsupported,
    workers: { default: scenario.workers.defaults, quick: scenario.workers.quick },
    exclude: scenario.exclude,
    ideal: scenario.ideal,
    expectations: scenario.expectations,
    report: scenario.report,
  }));
}

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/** The catalogue as text: each scenario with its kind, modes, parameters and expectations. */
export function catalogueText(scenarios: readonly Scenario[], color: boolean, width = 100): string {
  const c = paint(color);
  const out: string[] = [];
  for (const scenario of scenarios) {
    out.push(`${c.bold(scenario.name)} ${c.dim(`(${scenario.kind})`)} — ${scenario.title}${scenario.builtin ? '' : c.dim(`  [${scenario.file}]`)}`);
    out.push(...wrap(scenario.description, width - 4, '    '));
    out.push(`    modes: ${scenario.modes.join(', ')}`);
    for (const [mode, reason] of Object.entries(scenario.unsupported)) out.push(c.dim(`    unsupported: ${mode}: ${reason}`));
    out.push(`    workers: ${scenario.workers.defaults.join(', ')} (quick: ${scenario.workers.quick.join(', ')})`);
    for (const [name, param] of Object.entries(scenario.params)) {
      out.push(`    --param ${name}=${param.defaults.join(',')} ${c.dim(`(quick ${param.quick.join(',')})`)}  ${param.description}`);
    }
    for (const exclusion of scenario.exclude) {
      const combination = Object.entries(exclusion.params).map(([name, value]) => `${name}=${value}`).join(' ');
      out.push(c.dim(`    not scanned: ${combination}${exclusion.modes === undefined ? '' : ` under ${exclusion.modes.join(', ')}`}`));
    }
    for (const expectation of scenario.expectations) out.push(`    expects: ${expectation.claim}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
