import type { Mode } from '../core/modes.js';

/** What a snippet needs: the recommended cell, and how the user's code names the function and its inputs. */
export interface SnippetInput {
  readonly mode: Mode;
  readonly workers: number;
  /** The chunk size the cell handed tasks over in (null: the mode hands no chunks to a pool). */
  readonly chunksize: number | null;
  /** Show chunks of calls even for a thread pool (the calls are cheaper than a hand-over). */
  readonly fineGrained: boolean;
  /** `thing` for thing.py or `pkg.thing`. */
  readonly module: string;
  /** The sync function (or twin) and the async one, as named in the module; null where there is none. */
  readonly syncName: string | null;
  readonly asyncName: string | null;
  /** The task count, or the inputs file (as given). */
  readonly tasks: number;
  readonly inputs: string | null;
}

function importLine(module: string, names: readonly (string | null)[]): string {
  const roots = [...new Set(names.filter((name): name is string => name !== null).map((name) => name.split('.')[0] ?? name))];
  return `from ${module} import ${roots.join(', ')}`;
}

function itemsLine(input: SnippetInput): string[] {
  if (input.inputs === null) return [`items = range(${input.tasks})`];
  return ['import json', '', `with open(${JSON.stringify(input.inputs)}) as f:`, '    items = [json.loads(line) for line in f if line.strip()]'];
}

function body(input: SnippetInput, fn: string, afn: string): string[] {
  const w = input.workers;
  const chunk = input.chunksize ?? 1;
  switch (input.mode) {
    case 'sequential':
      if (input.syncName === null) return ['import asyncio', '', 'async def main(items):', `    return [await ${afn}(x) for x in items]`, '', 'results = asyncio.run(main(items))'];
      return [`results = [${fn}(x) for x in items]`];
    case 'threading':
      if (input.fineGrained && chunk > 1) {
        return [
          'from concurrent.futures import ThreadPoolExecutor', '', `def run_chunk(chunk):`, `    return [${fn}(x) for x in chunk]`, '',
          'items = list(items)', `chunks = [items[i:i + ${chunk}] for i in range(0, len(items), ${chunk})]`,
          `with ThreadPoolExecutor(max_workers=${w}) as pool:`, '    results = [r for part in pool.map(run_chunk, chunks) for r in part]',
        ];
      }
      return ['from concurrent.futures import ThreadPoolExecutor', '', `with ThreadPoolExecutor(max_workers=${w}) as pool:`, `    results = list(pool.map(${fn}, items))`];
    case 'multiprocessing':
      return ['from concurrent.futures import ProcessPoolExecutor', '', 'if __name__ == "__main__":', `    with ProcessPoolExecutor(max_workers=${w}) as pool:`, `        results = list(pool.map(${fn}, items, chunksize=${chunk}))`];
    case 'interpreters':
      return ['from concurrent.futures import InterpreterPoolExecutor  # Python 3.14+', '', `with InterpreterPoolExecutor(max_workers=${w}) as pool:`, `    results = list(pool.map(${fn}, items))`];
    case 'asyncio':
      return [
        'import asyncio', '', 'async def main(items):', `    limit = asyncio.Semaphore(${w})`, '', '    async def one(x):', '        async with limit:', `            return await ${afn}(x)`, '',
        '    return await asyncio.gather(*(one(x) for x in items))', '', 'results = asyncio.run(main(items))',
      ];
    case 'async-threads':
      return [
        'import asyncio', 'from concurrent.futures import ThreadPoolExecutor', '', 'async def main(items):', '    loop = asyncio.get_running_loop()',
        `    with ThreadPoolExecutor(max_workers=${w}) as pool:`, `        return await asyncio.gather(*(loop.run_in_executor(pool, ${fn}, x) for x in items))`, '', 'results = asyncio.run(main(items))',
      ];
    case 'process-loops':
    case 'async-processes': {
      const call = input.asyncName !== null ? `${afn}(x)` : `asyncio.to_thread(${fn}, x)`;
      return [
        'import asyncio', 'from concurrent.futures import ProcessPoolExecutor', '', 'def run_shard(shard):', '    async def main():', `        return await asyncio.gather(*(${call} for x in shard))`, '',
        '    return asyncio.run(main())', '', 'if __name__ == "__main__":', '    items = list(items)', `    shards = [items[k::${w}] for k in range(${w})]`,
        `    with ProcessPoolExecutor(max_workers=${w}) as pool:`, '        parts = list(pool.map(run_shard, shards))', `    results = [parts[i % ${w}][i // ${w}] for i in range(len(items))]`,
      ];
    }
  }
}

/** A short, runnable sketch of the recommended model around the user's own function (Python). */
export function snippet(input: SnippetInput): string {
  const fn = input.syncName ?? input.asyncName ?? 'fn';
  const afn = input.asyncName ?? fn;
  const uses = input.mode === 'asyncio' ? [input.asyncName] : input.mode === 'process-loops' && input.asyncName !== null ? [input.asyncName] : [input.syncName ?? input.asyncName];
  return [importLine(input.module, uses), ...itemsLine(input), '', ...body(input, fn, afn)].join('\n');
}
