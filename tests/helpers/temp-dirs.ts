import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

// Folders the helpers create for a test file, removed when the file's tests are done: `npm test` left
// hundreds of pyconc-compare-* and pyconc-history-* folders in the temporary directory (issue 21).
const made: string[] = [];

// Registered when a test file imports this module (vitest evaluates it again for every file).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder in the temporary directory, named `<prefix>XXXXXX`, removed after the test file. */
export function testTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
