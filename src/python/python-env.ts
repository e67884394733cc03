/** Variables that change how CPython runs and so what it measures; pyconc clears them for samples. */
export const CLEARED_PYTHON_VARIABLES = [
  'PYTHONASYNCIODEBUG',
  'PYTHONDEVMODE',
  'PYTHONMALLOC',
  'PYTHONMALLOCSTATS',
  'PYTHONTRACEMALLOC',
  'PYTHONPROFILEIMPORTTIME',
  'PYTHONINSPECT',
  'PYTHONSTARTUP',
  'PYTHON_GIL',
  // Without cached bytecode every sample, and inside the timed setup every spawned or forkserver
  // worker and every subinterpreter, compiles the harness and the stdlib modules it needs from
  // source again. (A workload outside pyconc's tree is never cached: the harness leaves no
  // __pycache__ in the user's scenario folder.)
  'PYTHONDONTWRITEBYTECODE',
] as const;

/** The environment every interpreter pyconc starts gets: the user's, minus what skews timing. */
export function pythonEnvironment(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !(CLEARED_PYTHON_VARIABLES as readonly string[]).includes(name)) env[name] = value;
  }
  // Hash randomisation changes set/dict iteration order between samples; fix it so samples compare.
  env['PYTHONHASHSEED'] = '0';
  env['PYTHONUNBUFFERED'] = '1';
  return env;
}
