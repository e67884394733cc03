/** Exit codes of the command line (docs/architecture.md, "Exit codes"). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** Base class of the errors pyconc knows how to explain in one line; anything else is a bug. */
export class PyconcError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad flags or flag values: exit 2. */
export class UsageError extends PyconcError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** Bad input files or environment (scenario files, interpreters, output paths): exit 2. */
export class InputError extends PyconcError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}
