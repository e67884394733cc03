/** What a sample may write on stdout and on stderr before it is stopped: more distorts its timing and pyconc's memory. */
export const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Counts a stream's bytes and keeps its last `keep` bytes. */
export class OutputWatch {
  bytes = 0;
  private chunks: Buffer[] = [];
  private kept = 0;

  constructor(private readonly keep: number) {}

  /** Adds a chunk; true when the stream has now passed MAX_OUTPUT_BYTES. */
  add(chunk: Buffer | string): boolean {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += buffer.length;
    if (this.keep > 0) {
      this.chunks.push(buffer);
      this.kept += buffer.length;
      while (this.kept - (this.chunks[0]?.length ?? 0) >= this.keep) this.kept -= this.chunks.shift()?.length ?? 0;
    }
    return this.bytes > MAX_OUTPUT_BYTES;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}


