import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Reads a small text file, or null when it is absent or unreadable: /proc and /sys differ between
 * kernels, containers and operating systems, and a missing file only means "not exposed here".
 */
export async function readTextOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** Joins an absolute system path (`/proc/self/status`) under a root: tests use fixture trees. */
export function underRoot(root: string, systemPath: string): string {
  return path.join(root, systemPath);
}
