/** The seven concurrency modes of DESIGN.md, in the order tables show them. */
export const MODES = [
  'sequential',
  'threading',
  'multiprocessing',
  'asyncio',
  'async-threads',
  'async-processes',
  'process-loops',
] as const;

export type Mode = (typeof MODES)[number];

/** Whether a string names one of the modes. */
export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}
