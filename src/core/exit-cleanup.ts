/**
 * What must be undone before the process ends when it cannot wait for a `finally` (a second
 * Ctrl-C, a reader that closed stdout): the samples still running, the runs' temporary folders.
 * The modules that keep them register their clean-up when they load, so the CLI runs every one
 * without loading those modules itself (`pyconc --help` loads none of them). Each clean-up is
 * synchronous: it runs right before `process.exit`.
 */
const cleanUps: (() => void)[] = [];

/** Adds a synchronous clean-up; `cleanUpBeforeExit` runs them in the order added. */
export function onExitCleanUp(cleanUp: () => void): void {
  cleanUps.push(cleanUp);
}

/** Runs every clean-up registered so far (none when no run has loaded the modules that register them). */
export function cleanUpBeforeExit(): void {
  for (const cleanUp of cleanUps) cleanUp();
}
