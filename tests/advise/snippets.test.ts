import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snippet, type SnippetInput } from '../../src/advise/snippets.js';
import type { Mode } from '../../src/core/modes.js';
import { ROOT } from '../helpers/cli.js';

const FIXTURES = path.join(ROOT, 'python', 'tests', 'fixtures', 'advise');

const base: SnippetInput = { mode: 'threading', workers: 8, chunksize: 2, fineGrained: false, module: 'thing', syncName: 'check', asyncName: null, tasks: 100, inputs: null };

describe('the recommended code', () => {
  it('a thread pool of the recommended size around the function', () => {
    expect(snippet(base)).toBe(['from thing import check', 'items = range(100)', '', 'from concurrent.futures import ThreadPoolExecutor', '', 'with ThreadPoolExecutor(max_workers=8) as pool:', '    results = list(pool.map(check, items))'].join('\n'));
  });

  it('a process pool with the chunk size measured, under a main guard', () => {
    const code = snippet({ ...base, mode: 'multiprocessing', workers: 2, chunksize: 8 });
    expect(code).toContain('if __name__ == "__main__":');
    expect(code).toContain('pool.map(check, items, chunksize=8)');
  });

  it('asyncio.gather under a Semaphore for an async def function, reading the inputs file', () => {
    const code = snippet({ ...base, mode: 'asyncio', workers: 64, syncName: null, asyncName: 'fetch', inputs: 'urls.jsonl' });
    expect(code).toContain('from thing import fetch');
    expect(code).toContain('limit = asyncio.Semaphore(64)');
    expect(code).toContain('return await fetch(x)');
    expect(code).toContain('with open("urls.jsonl") as f:');
  });

  it('InterpreterPoolExecutor, said to need 3.14', () => {
    expect(snippet({ ...base, mode: 'interpreters', workers: 2 })).toContain('InterpreterPoolExecutor  # Python 3.14+');
  });

  it('chunks of calls for a thread pool when the calls are cheaper than a hand-over', () => {
    expect(snippet({ ...base, fineGrained: true, chunksize: 250 })).toContain('chunks = [items[i:i + 250] for i in range(0, len(items), 250)]');
  });
});

describe.concurrent('the code runs as written', () => {
  // The real executable, not the version manager's shim (~100 ms a start on this machine).
  const python = execa('python3', ['-c', 'import sys; print(sys.executable)']).then((result) => result.stdout.trim());
  const twins = { module: 'adv_twins', syncName: 'fetch_sync', asyncName: 'fetch', tasks: 6, inputs: null, chunksize: 2, fineGrained: false } as const;
  it.each(['threading', 'multiprocessing', 'asyncio', 'process-loops'] as const)('%s', async (mode: Mode) => {
    const code = `${snippet({ ...twins, mode, workers: 3 })}\nif __name__ == "__main__":\n    assert list(results) == [2 * i for i in range(6)], results\n    print("ok")\n`;
    const result = await execa(await python, ['-c', code], { cwd: FIXTURES, reject: false });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ok');
  });
});
