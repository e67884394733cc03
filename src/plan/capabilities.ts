import type { Scenario } from '../catalogue/scenario-schema.js';
import { CAPABILITY_TEXT, modeSpec, type Capability, type Mode } from '../core/modes.js';
import type { StartMethod } from '../core/settings.js';
import type { Interpreter } from '../python/interpreter.js';

/** Whether the interpreter's probe reports a capability. */
export function hasCapability(interpreter: Interpreter, capability: Capability): boolean {
  switch (capability) {
    case 'interpreterPool':
      return interpreter.hasInterpreterPool;
  }
}

/**
 * Why a cell cannot run, decided before any sample: the scenario documents the mode as unsupported,
 * the interpreter lacks the capability the mode needs, or the start method asked for is not
 * available to it. Null when it can run.
 */
export function unsupportedReason(scenario: Scenario, mode: Mode, interpreter: Interpreter, startMethod: StartMethod | null): string | null {
  const documented = scenario.unsupported[mode];
  if (documented !== undefined) return documented;
  const spec = modeSpec(mode);
  if (spec.needs !== null && !hasCapability(interpreter, spec.needs)) {
    return `${interpreter.id} has no ${CAPABILITY_TEXT[spec.needs]}`;
  }
  if (spec.startsProcesses && startMethod !== null && !interpreter.startMethods.includes(startMethod)) {
    return `start method ${startMethod} is not available to ${interpreter.id} (it has ${interpreter.startMethods.join(', ')})`;
  }
  return null;
}
