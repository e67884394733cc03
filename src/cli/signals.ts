import { ExitCode } from '../core/errors.js';

/**
 * The signal state machine of one pyconc process. Outside a run (list, doctor, report, bad flags),
 * or once main has returned, a signal exits 130 at once: there is nothing to keep. During a run the
 * first SIGINT/SIGTERM aborts it (the run keeps what finished and exits 130 itself); a second one
 * kills the running samples and exits at once.
 */
export interface SignalState {
  readonly interrupt: AbortController;
  /** A run has started: the first signal now aborts it instead of exiting. */
  runStarted(): void;
  /** main has returned: a late signal exits at once. */
  returned(): void;
  /** Removes the handlers (tests). */
  dispose(): void;
}

/** Installs SIGINT/SIGTERM handlers; `cleanUp` must be synchronous (it runs right before process.exit). */
export function installSignalHandlers(cleanUp: () => void, stderr: NodeJS.WritableStream = process.stderr): SignalState {
  const interrupt = new AbortController();
  let interrupts = 0;
  let running = false;
  let done = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (!running || done) {
      cleanUp();
      process.exit(ExitCode.interrupted);
    }
    if (interrupts > 1) {
      cleanUp();
      stderr.write(`\npyconc: ${signal} again: running samples killed, exiting now (the results file keeps the cells finished so far)\n`);
      process.exit(ExitCode.interrupted);
    }
    stderr.write(`\npyconc: ${signal}: stopping after killing the running sample; partial results are kept (again to exit at once)\n`);
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Whatever ends the process (an uncaught error included) must not leave a sample running: they run detached.
  process.on('exit', cleanUp);
  return {
    interrupt,
    runStarted: () => (running = true),
    returned: () => (done = true),
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', cleanUp);
    },
  };
}
