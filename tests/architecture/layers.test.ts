import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * The folders of src/ from the bottom of the flow up, read from the table of docs/architecture.md
 * ("Folders"), so the page and this check cannot disagree: a folder imports only folders of a lower
 * rank. Files at the top of src/ (index.ts) may import anything and are imported by nothing.
 */
function layersFromDoc(): string[][] {
  const doc = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| (\d+) \| `([a-z-]+)\/` \|/gm)].map((match) => ({ rank: Number(match[1]), folder: match[2] ?? '' }));
  const top = Math.max(...rows.map((row) => row.rank));
  return Array.from({ length: top + 1 }, (_, rank) => rows.filter((row) => row.rank === rank).map((row) => row.folder));
}

export const LAYERS: readonly (readonly string[])[] = layersFromDoc();

const SRC = path.join(ROOT, 'src');
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]/g;

function rankOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Every import between two folders of src/, as [from folder, to folder, file]. */
function folderEdges(): [string, string, string][] {
  const edges: [string, string, string][] = [];
  for (const file of filesUnder(SRC)) {
    const from = path.relative(SRC, file).split(path.sep)[0] ?? '';
    if (from.endsWith('.ts')) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1] ?? match[2] ?? '');
      const to = path.relative(SRC, target).split(path.sep)[0] ?? '';
      if (to !== from && !to.startsWith('..')) edges.push([from, to, path.relative(ROOT, file)]);
    }
  }
  return edges;
}

describe('the folders of src/', () => {
  it('are ranked by the table of docs/architecture.md, every rank from 0 up held', () => {
    expect(LAYERS.length).toBeGreaterThan(10);
    expect(LAYERS.flatMap((layer, rank) => (layer.length === 0 ? [rank] : []))).toEqual([]);
    expect(LAYERS[0]).toEqual(['core']);
  });

  it('each have a layer', () => {
    const folders = readdirSync(SRC).filter((name) => statSync(path.join(SRC, name)).isDirectory());
    expect(folders.filter((folder) => rankOf(folder) < 0)).toEqual([]);
  });

  it('import only folders below them in the flow (no folder reaches up, so no cycle)', () => {
    const upward = folderEdges()
      .filter(([from, to]) => to.endsWith('.ts') || rankOf(to) >= rankOf(from))
      .map(([from, to, file]) => `${file}: ${from}/ → ${to}`);
    expect(upward).toEqual([]);
  });
});
