/**
 * Cell names (`scenario/mode/w2/param=v…@python`, see `cellName`) shortened to what differs between
 * the rows of one table or chart: a part every name shares says nothing about any row, and five of
 * them wrapped each name of a compare table over five lines. The shared parts are said once.
 */

/** The short names, in the input's order, and the parts every name shares (in name order). */
export interface ShortNames {
  readonly names: string[];
  readonly common: string[];
}

/** The parts of a name by what they are: `0`, `1`, `2` for scenario, mode and workers, a parameter by its name, `@` the interpreter. */
function parts(name: string): Map<string, string> {
  const at = name.lastIndexOf('@');
  const [path, python] = at > 0 ? [name.slice(0, at), name.slice(at)] : [name, undefined];
  const found = new Map<string, string>();
  path.split('/').forEach((part, index) => {
    const equals = part.indexOf('=');
    found.set(index > 2 && equals > 0 ? `${part.slice(0, equals)}=` : String(index), part);
  });
  if (python !== undefined) found.set('@', python);
  return found;
}

/**
 * Drops every part that all names share; keeps the full names when there are fewer than two,
 * when nothing is shared, or when the short names would not tell every row apart.
 */
export function shortNames(names: readonly string[]): ShortNames {
  const full = { names: [...names], common: [] };
  if (names.length < 2) return full;
  const split = names.map(parts);
  const first = split[0] as Map<string, string>;
  const shared = [...first].filter(([key, part]) => split.every((other) => other.get(key) === part)).map(([key]) => key);
  if (shared.length === 0) return full;
  const short = split.map((map) => {
    const kept = [...map].filter(([key]) => !shared.includes(key)).map(([, part]) => part);
    return kept.join('/').replace(/\/@/, '@');
  });
  if (short.some((name) => name === '') || new Set(short).size !== short.length) return full;
  return { names: short, common: shared.map((key) => first.get(key) as string) };
}
