import { execa } from 'execa';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { HARNESS_PATH } from './harness-path.js';
import { probeSchema, type Probe } from './probe-schema.js';
import { pythonEnvironment } from './python-env.js';

/** An interpreter resolved once to its real executable, as recorded in results. */
export interface Interpreter extends Probe {
  /** Stable identifier used in cell keys, e.g. `cpython-3.11.7`. */
  readonly id: string;
  /** What the user asked for (`python3`, a path). */
  readonly requested: string;
  /** `-X gil=N` passed to every sample (free-threaded builds under `--gil`); absent: the build's default. */
  readonly gil?: 0 | 1;
}

export const MIN_PYTHON: readonly [number, number] = [3, 9];

/** A Python that works but cannot run the harness (`harness.py probe`'s self-check failed): exit 2. */
export class HarnessUnusableError extends InputError {
  constructor(
    readonly command: string,
    /** The interpreter's version (`3.16.0`), for telling which version name it answers to. */
    readonly version: string,
    readonly reason: string,
  ) {
    super(`${command}: the harness cannot run on it: ${reason}`);
  }
}

// Runs on any Python (2.7 included) so that an old interpreter gets a clear message, not a SyntaxError.
// `harness.py probe` runs a sample's start-up path first; what breaks there comes back as one line,
// written without the json module (which may be what broke): printable ASCII, the rest as \uXXXX.
const PROBE_SCRIPT = [
  'import sys',
  `if sys.version_info[:2] < (${MIN_PYTHON[0]}, ${MIN_PYTHON[1]}):`,
  '    sys.stdout.write(\'{"tooOld": "%d.%d.%d", "executable": "%s"}\\n\' % (sys.version_info[0], sys.version_info[1], sys.version_info[2], sys.executable))',
  '    sys.exit(0)',
  'import runpy',
  'sys.argv = [sys.argv[1], "probe"]',
  'try:',
  '    runpy.run_path(sys.argv[0], run_name="__main__")',
  'except Exception as exc:',
  '    said = " ".join(("%s: %s" % (type(exc).__name__, exc)).split())[:300]',
  '    said = "".join(c if " " <= c <= "~" and c not in "\\"\\\\" else "\\\\u%04x" % min(ord(c), 0xfffd) for c in said)',
  '    sys.stdout.write(\'\\n{"harnessBroken": "%s", "version": "%d.%d.%d"}\\n\' % ((said,) + tuple(sys.version_info[:3])))',
].join('\n');

const harnessBrokenSchema = z.object({ harnessBroken: z.string(), version: z.string() });

/** Resolves `command` (a name on PATH or a path) to a real CPython ≥ 3.9 and describes it. */
export async function resolveInterpreter(command: string): Promise<Omit<Interpreter, 'id'>> {
  const result = await execa(command, ['-c', PROBE_SCRIPT, HARNESS_PATH], {
    reject: false,
    timeout: 30_000,
    env: pythonEnvironment(),
    extendEnv: false,
    stdin: 'ignore',
  });
  const code = (result as { code?: string }).code;
  if (code === 'ENOENT') throw new InputError(`Python interpreter not found: ${command} (use --python PATH)`);
  if (code === 'EACCES') throw new InputError(`Python interpreter is not executable: ${command}`);
  if (result.timedOut) throw new InputError(`${command} did not answer within 30 s: is it a Python interpreter?`);
  const firstLine = String(result.stdout).split('\n').find((line) => line.trim().startsWith('{'));
  let json: unknown;
  try {
    json = firstLine === undefined ? undefined : JSON.parse(firstLine);
  } catch {
    json = undefined;
  }
  if (json !== null && typeof json === 'object' && 'tooOld' in json) {
    const old = json as { tooOld: string; executable: string };
    throw new InputError(`${command} is Python ${old.tooOld}; pyconc needs Python ${MIN_PYTHON.join('.')} or newer`);
  }
  const broken = harnessBrokenSchema.safeParse(json);
  if (broken.success) throw new HarnessUnusableError(command, broken.data.version, broken.data.harnessBroken);
  const parsed = probeSchema.safeParse(json);
  if (result.exitCode !== 0 || !parsed.success) {
    // A traceback ends with its useful line; anything else (a shim's complaint) starts with it.
    const lines = String(result.stderr).split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const said = (lines.some((line) => line.startsWith('Traceback')) ? lines.at(-1) : lines[0]) ?? '';
    // A program that is not Python tends to echo its arguments back, and the probe script is not the user's to read.
    const echoesProbe = said.includes('sys.version_info') || said.includes('import sys');
    const exit = result.exitCode === undefined ? '' : `exit code ${result.exitCode}`;
    const detail = echoesProbe || said === '' ? `it did not answer pyconc's probe (${exit === '' ? 'no reply' : exit})` : said.slice(0, 200);
    throw new InputError(`${command} is not a working Python interpreter: ${detail}`);
  }
  return { ...parsed.data, requested: command };
}

/** Gives each interpreter an id like `cpython-3.11.7`, suffixing duplicates (`#2`). */
export function assignInterpreterIds(probes: readonly Omit<Interpreter, 'id'>[]): Interpreter[] {
  const seen = new Map<string, number>();
  const out: Interpreter[] = [];
  for (const probe of probes) {
    if (out.some((other) => other.executable === probe.executable)) continue;
    const base = `${probe.implementation}-${probe.version}${probe.freeThreadedBuild ? 't' : ''}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    out.push({ ...probe, id: count === 1 ? base : `${base}#${count}` });
  }
  return out;
}
