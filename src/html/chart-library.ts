import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The charting library inlined into every HTML page: Observable Plot (SVG) over d3, read from their
 * prebuilt minified UMD builds in node_modules at report time, so no page fetches anything.
 * Plot was chosen over Chart.js and uPlot (canvas: no selectable text, no error bars without a
 * plugin) and Vega-Lite (several times the size): its SVG keeps labels as text with ARIA labels on
 * each mark, and rules give error bars directly (docs/html-report.md compares them).
 */
const LIBRARY_PACKAGES = ['d3', '@observablehq/plot'] as const;

const require = createRequire(import.meta.url);

/** The folder of an installed package: up from its entry point to the package.json that names it. */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (manifest.name === name) return dir;
    } catch {
      // not this folder
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of the package ${name}`);
    dir = parent;
  }
}

/** A package's browser build as its manifest names it (`unpkg`: the minified UMD build for both). */
function browserBuild(name: string): string {
  const dir = packageDir(name);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { unpkg?: unknown; version?: unknown };
  if (typeof manifest.unpkg !== 'string') throw new Error(`${name} names no browser build (unpkg)`);
  return readFileSync(path.join(dir, manifest.unpkg), 'utf8');
}

let cached: string | undefined;

/** The library's script text (d3, then Plot, which reads the global `d3`), read once per process. */
export function chartLibraryScript(): string {
  // `</script` cannot occur in a script element's text; the builds have none, but a guard costs nothing.
  cached ??= LIBRARY_PACKAGES.map((name) => browserBuild(name).replace(/<\/script/gi, '<\\/script')).join('\n;\n');
  return cached;
}

/** The versions inlined, for the page's footer: `d3 7.9.0, @observablehq/plot 0.6.17`. */
export function chartLibraryVersions(): string {
  return LIBRARY_PACKAGES.map((name) => {
    const manifest = JSON.parse(readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')) as { version?: unknown };
    return `${name} ${String(manifest.version)}`;
  }).join(', ');
}
