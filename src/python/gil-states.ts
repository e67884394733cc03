import { InputError } from '../core/errors.js';
import type { Interpreter } from './interpreter.js';

/** `--gil` values: `on` runs an interpreter with the GIL, `off` without (free-threaded builds only). */
export const GIL_STATES = ['on', 'off'] as const;
export type GilState = (typeof GIL_STATES)[number];

/** The interpreter id of a free-threaded build run with its GIL turned back on (`-X gil=1`). */
export const GIL_ON_SUFFIX = '+gil';

/**
 * One interpreter per asked-for GIL state: a free-threaded build runs with `-X gil=1` (id
 * `cpython-3.13.1t+gil`, `gilEnabled` true) and `-X gil=0` (id `cpython-3.13.1t`, `gilEnabled`
 * false); a GIL build runs as it is for `on` and cannot run `off` (an InputError naming it).
 * Without `--gil` (`null`) every interpreter runs as it is.
 */
export function withGilStates(interpreters: readonly Interpreter[], states: readonly GilState[] | null): Interpreter[] {
  if (states === null) return [...interpreters];
  return interpreters.flatMap((interpreter) => {
    if (!interpreter.freeThreadedBuild) {
      if (states.includes('off')) throw new InputError(`--gil off: ${interpreter.id} (${interpreter.executable}) is not a free-threaded build; its GIL cannot be turned off`);
      return [interpreter];
    }
    return states.map((state): Interpreter =>
      state === 'on'
        ? { ...interpreter, id: `${interpreter.id}${GIL_ON_SUFFIX}`, gil: 1, gilEnabled: true }
        : { ...interpreter, gil: 0, gilEnabled: false });
  });
}
