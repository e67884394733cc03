import { readMachine, type MachineInfo } from '../env/machine.js';
import { findPythonsOnPath } from '../env/find-pythons.js';
import { findInterpreters, resolvePythons, type FoundPython, type RefusedPython } from '../env/resolve-pythons.js';
import { checkEnvironment, type EnvWarning } from '../env/noise.js';
import { resolveInterpreter, type Interpreter } from '../python/interpreter.js';
import { paint } from '../core/colors.js';
import { ExitCode, PyconcError } from '../core/errors.js';
import type { CommandIo } from './command-io.js';

export interface DoctorReport {
  readonly machine: MachineInfo;
  readonly interpreters: readonly (Omit<Interpreter, 'id'> | { requested: string; error: string })[];
  readonly onPath: readonly { command: string; path: string; realPath: string; isShim: boolean; version: string | null }[];
  /** Every working interpreter discovered (PATH, pyenv, uv, asdf, PYCONC_PYTHONS): what `--python 3.N` picks from. */
  readonly discovered: readonly FoundPython[];
  /** Interpreters discovered that answered but cannot run the harness, each with the reason. */
  readonly refused: readonly RefusedPython[];
  readonly warnings: readonly EnvWarning[];
}

/**
 * `pyconc doctor [--python …] [--json]`: prints the report; returns 2 when an interpreter asked for
 * by name cannot be used (bad input, as it is for `run`), else 0.
 */
export async function doctorCommand(pythons: readonly string[], options: { readonly json: boolean }, io: CommandIo): Promise<number> {
  const report = await doctorReport(pythons);
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : doctorText(report, io.color));
  return report.interpreters.some((interpreter) => 'error' in interpreter) ? ExitCode.usage : ExitCode.ok;
}

/** The machine, the interpreters, and what would make measurements noisy. */
export async function doctorReport(pythons: readonly string[]): Promise<DoctorReport> {
  const machine = await readMachine();
  const interpreters: DoctorReport['interpreters'][number][] = [];
  for (const command of pythons) {
    try {
      const [resolved] = await resolvePythons([command]);
      if (resolved !== undefined) interpreters.push(resolved);
    } catch (error) {
      if (!(error instanceof PyconcError)) throw error;
      interpreters.push({ requested: command, error: error.message });
    }
  }
  const found = await findPythonsOnPath();
  const onPath = [];
  for (const python of found) {
    let version: string | null = null;
    try {
      version = (await resolveInterpreter(python.path)).version;
    } catch (error) {
      if (error instanceof PyconcError) version = `unusable: ${error.message.replace(`${python.path} is not a working Python interpreter: `, '')}`;
      else throw error;
    }
    onPath.push({ command: python.command, path: python.path, realPath: python.realPath, isShim: python.isShim, version });
  }
  const refused: RefusedPython[] = [];
  const discovered = await findInterpreters({}, undefined, refused);
  return { machine, interpreters, onPath, discovered, refused, warnings: checkEnvironment(machine) };
}

/** The doctor report as text. */
export function doctorText(report: DoctorReport, color: boolean): string {
  const c = paint(color);
  const m = report.machine;
  const out = [c.bold('Machine')];
  out.push(`  CPU            ${m.cpuModel ?? 'unknown'}`);
  out.push(`  CPUs           ${m.logicalCpus} logical, ${m.usableCpus} usable (affinity ${m.affinityCpus ?? 'n/a'}, cgroup quota ${m.cgroupQuotaCpus ?? 'none'})`);
  out.push(`  load average   ${m.loadAvg === null ? 'n/a' : m.loadAvg.map((value) => value.toFixed(2)).join(' ')}`);
  out.push(`  OS             ${m.distro ?? m.os} (${m.os} ${m.osRelease}, ${m.arch})`);
  out.push(`  memory         ${(m.totalMemBytes / 1024 ** 3).toFixed(1)} GiB`);
  out.push(`  CPU frequency  ${m.cpuFreq === null ? 'not exposed' : `governor ${m.cpuFreq.governor ?? '?'}, boost ${m.cpuFreq.boost === null ? '?' : m.cpuFreq.boost ? 'on' : 'off'}`}`);
  out.push('', c.bold('Interpreters'));
  for (const interpreter of report.interpreters) {
    if ('error' in interpreter) {
      out.push(`  ${interpreter.requested}: ${c.red(interpreter.error)}`);
      continue;
    }
    out.push(`  ${interpreter.requested} → ${interpreter.executable}`);
    out.push(`    ${interpreter.implementation} ${interpreter.version}, ${interpreter.freeThreadedBuild ? 'free-threaded build' : 'GIL build'}, GIL ${interpreter.gilEnabled ? 'enabled' : 'disabled'} at run time`);
    out.push(`    start method ${interpreter.startMethod} (available: ${interpreter.startMethods.join(', ')}), ${interpreter.usableCpus} usable CPU(s) seen by Python`);
    if (interpreter.asyncioDebug === true || interpreter.devMode === true) out.push(c.yellow('    asyncio debug / -X dev is on: timings will not be representative'));
  }
  out.push('', c.bold('Python on PATH'));
  if (report.onPath.length === 0) out.push('  none found');
  for (const python of report.onPath) {
    out.push(`  ${python.command.padEnd(12)} ${python.path}${python.isShim ? c.dim(' (version-manager shim)') : ''}  ${python.version ?? ''}`);
  }
  out.push('', c.bold('Interpreters found (for --python 3.N)'));
  if (report.discovered.length === 0) out.push('  none found');
  for (const python of report.discovered) {
    const build = python.freeThreadedBuild ? 'free-threaded' : 'GIL build';
    const pool = `InterpreterPoolExecutor ${python.hasInterpreterPool ? 'yes' : 'no'}`;
    out.push(`  ${python.version.padEnd(8)} ${python.source.padEnd(14)} ${build.padEnd(13)} ${pool}  ${c.dim(python.executable)}`);
  }
  for (const python of report.refused) {
    out.push(`  ${python.version.padEnd(8)} ${python.source.padEnd(14)} ${c.red(`the harness cannot run on it: ${python.reason}`)}  ${c.dim(python.path)}`);
  }
  out.push('', c.bold('Noise'));
  if (report.warnings.length === 0) out.push(c.green('  nothing found that would make measurements noisy'));
  for (const warning of report.warnings) out.push(`  ${warning.severity === 'warning' ? c.yellow('!') : c.dim('i')} ${warning.message}`);
  return `${out.join('\n')}\n`;
}
