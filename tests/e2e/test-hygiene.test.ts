import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { Sandbox } from '../helpers/leftovers.js';

// Issue 21, item 14: `npm test` left pyconc-compare-* and pyconc-history-* folders in the temporary
// directory (tests/helpers/compare-fixtures.ts never removed what it created). Two test files that
// write such folders, run on their own with a private TMPDIR, must leave it empty.
describe('the test suite cleans up after itself', () => {
  it('the compare and history tests leave nothing in the temporary directory', async () => {
    const sandbox = new Sandbox();
    try {
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV'));
      const result = await execa('npx', ['vitest', 'run', 'tests/compare/run-compare.test.ts', 'tests/history/history.test.ts'], {
        cwd: ROOT,
        env: { ...env, ...sandbox.env(), NO_COLOR: '1' },
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
        timeout: 120_000,
      });
      expect(result.exitCode, String(result.stdout)).toBe(0);
      expect(sandbox.leftoverTempEntries()).toEqual([]);
    } finally {
      sandbox.dispose();
    }
  }, 150_000);
});
