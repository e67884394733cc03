import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/run/progress.js';

function sink(columns?: number): Writable & { text: string; writes: number; columns?: number } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      stream.writes += 1;
      done();
    },
  }) as Writable & { text: string; writes: number; columns?: number };
  stream.text = '';
  stream.writes = 0;
  if (columns !== undefined) stream.columns = columns;
  return stream;
}

describe('progress without a terminal', () => {
  it('writes one plain line per finished cell and nothing for the per-round status: no bursts, no escape codes', () => {
    const stream = sink();
    const progress = createProgress(stream, false);
    for (let round = 0; round < 50; round++) progress.status(`demo round ${round}`);
    progress.line('[1/26 0:05, ~2:05 left] demo sequential: 5 runs (max-time)');
    for (let round = 0; round < 50; round++) progress.status(`demo round ${round}`);
    progress.line('[2/26 0:09, ~1:48 left] demo threading w=2: 5 runs (max-time)');
    progress.done();
    expect(stream.text).toBe('[1/26 0:05, ~2:05 left] demo sequential: 5 runs (max-time)\n[2/26 0:09, ~1:48 left] demo threading w=2: 5 runs (max-time)\n');
    expect(stream.writes).toBe(2);
  });
});

describe('progress on a terminal', () => {
  it('updates one line in place, cut to the width, and clears it before a line that stays', () => {
    const stream = sink(30);
    const progress = createProgress(stream, true);
    progress.status('cpu-pure multiprocessing w=2 round 3 of at most 30');
    progress.line('done');
    expect(stream.text).toBe('cpu-pure multiprocessing w=2…\r\x1b[2Kdone\n');
  });
});
