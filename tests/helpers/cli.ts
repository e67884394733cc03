import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/pyconc.js', import.meta.url));

/** Runs the built CLI like a user would (NO_COLOR, no TTY) and returns its streams and exit code. */
export async function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}) {
  const result = await execa('node', [BIN, ...args], {
    reject: false,
    cwd: options.cwd ?? ROOT,
    env: { NO_COLOR: '1', ...options.env },
    timeout: options.timeout ?? 120_000,
    stdin: 'ignore',
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}
