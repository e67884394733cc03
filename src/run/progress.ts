/** Progress on stderr: one updating line on a TTY, plain lines otherwise. */
export interface Progress {
  /** Transient status (shown only on a TTY). */
  status(text: string): void;
  /** A line that stays (cell finished, warnings). */
  line(text: string): void;
  /** Clears the transient line. */
  done(): void;
}

/** A progress writer for a stream; `tty` decides between an updating line and plain lines. */
export function createProgress(stream: NodeJS.WritableStream & { columns?: number }, tty: boolean): Progress {
  let shown = false;
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
  };
  return {
    status(text) {
      if (!tty) return;
      const width = Math.max(20, (stream.columns ?? 100) - 1);
      clear();
      stream.write(text.length > width ? `${text.slice(0, width - 1)}…` : text);
      shown = true;
    },
    line(text) {
      clear();
      stream.write(`${text}\n`);
    },
    done() {
      clear();
    },
  };
}

/** A progress that prints nothing (programmatic use, tests). */
export const silentProgress: Progress = { status() {}, line() {}, done() {} };
