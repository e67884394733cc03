import { assignInterpreterIds, resolveInterpreter, type Interpreter } from './interpreter.js';

/** Resolves every requested interpreter once, in order, dropping duplicates of the same executable. */
export async function resolveInterpreters(commands: readonly string[]): Promise<Interpreter[]> {
  const probes = [];
  for (const command of commands) probes.push(await resolveInterpreter(command));
  return assignInterpreterIds(probes);
}
