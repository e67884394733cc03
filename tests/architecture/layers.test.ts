import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * The folders of src/ from the bottom of the flow up (docs/architecture.md, "Folders"): a folder
 * imports only folders of a lower rank. Files at the top of src/ (index.ts) may import anything and
 * are imported by nothing.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['stats', 'python'],
  ['env'],
  ['catalogue'],
  ['results'],
  ['analysis'],
  ['html'],
  ['report'],
  ['export'],
  ['plan'],
  ['executor'],
  ['run'],
  ['compare', 'history', 'advise'],
  ['commands'],
  ['cli'],
];

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
