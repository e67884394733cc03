import { cellLabel, formatParams, groupId } from '../core/cell-key.js';
import type { Interval } from '../core/interval.js';
import { BASELINE_MODE, MODES } from '../core/modes.js';
import { VERSION } from '../core/version.js';
import { seriesColors, type SpeedupChartSpec, type SpeedupPoint, type WallChartSpec } from '../html/chart-spec.js';
import { escapeHtml } from '../html/escape-html.js';
import { chartFigure, htmlPage, htmlTable } from '../html/html-page.js';
import type { Cell, ResultsDocument } from '../results/results-schema.js';
import { groupRows, warmView } from './cell-columns.js';
import { isNotMeasured } from './findings-text.js';
import { formatKb } from './format-units.js';
import { groupCells, type CellTable } from './group-cells.js';
import { groupColumns, reportSettings } from './group-columns.js';
import { recommendationFor } from './recommendation-lines.js';
import type { Reporter } from './reporter.js';

/** The unit a chart of these durations (ns) reads best in, and its divisor. */
export function durationUnit(maxNs: number): { unit: string; scale: number } {
  if (maxNs < 1e4) return { unit: 'µs', scale: 1e3 };
  return maxNs < 1e10 ? { unit: 'ms', scale: 1e6 } : { unit: 's', scale: 1e9 };
}

/** Four significant figures: enough for a chart's numbers, few enough to read in its data. */
function round(value: number): number {
  return Number(value.toPrecision(4));
}

function okSummary(cell: Cell): NonNullable<Cell['summary']> | null {
  return cell.status === 'ok' && cell.summary !== null ? cell.summary : null;
}

/** A table's anchor on the page: its group id, which every cell of it shares. */
function groupAnchor(group: CellTable): string {
  const [first] = group.cells;
  return first === undefined ? 'g-empty' : `g-${groupId(first.key)}`;
}

/** Median wall time per cell of a group, with its CI and the ideal. */
export function wallChart(group: CellTable, id: string): WallChartSpec | null {
  const cells = group.cells.filter((cell) => okSummary(cell) !== null);
  if (cells.length === 0) return null;
  const { unit, scale } = durationUnit(Math.max(...cells.map((cell) => okSummary(cell)?.wallNs.ciHigh ?? 0)));
  return {
    kind: 'wall',
    id,
    label: `Median wall time of ${group.scenario} per mode, ${formatParams(group.params)}, with 95% confidence intervals`,
    unit,
    colors: seriesColors(cells.map((cell) => cell.key.mode), MODES),
    points: cells.map((cell) => {
      const summary = okSummary(cell) as NonNullable<Cell['summary']>;
      const ideal = summary.idealWallNs ?? null;
      return {
        label: cellLabel(cell.key),
        mode: cell.key.mode,
        median: round(summary.wallNs.median / scale),
        low: round(summary.wallNs.ciLow / scale),
        high: round(summary.wallNs.ciHigh / scale),
        ideal: ideal === null ? null : round(ideal / scale),
      };
    }),
  };
}

/** The speedup of a parallel cell, and its ideal speedup (the sequential median over the ideal wall time). */
function speedupOf(cell: Cell, sequential: Cell | undefined): (Interval & { ideal: number | null }) | null {
  const summary = okSummary(cell);
  const speedup = summary?.speedup;
  if (summary === null || speedup === null || speedup === undefined || cell.key.mode === BASELINE_MODE) return null;
  const base = sequential === undefined ? null : okSummary(sequential)?.wallNs.median ?? null;
  const idealWall = summary.idealWallNs ?? null;
  const ideal = base !== null && idealWall !== null && idealWall > 0 ? base / idealWall : null;
  return { value: round(speedup.value), ciLow: round(speedup.ciLow), ciHigh: round(speedup.ciHigh), ideal: ideal === null ? null : round(ideal) };
}

/** Speedup against workers, one series per mode, where a group ran more than one worker count. */
export function workersChart(group: CellTable, id: string): SpeedupChartSpec | null {
  const sequential = group.cells.find((cell) => cell.key.mode === BASELINE_MODE);
  const points: SpeedupPoint[] = [];
  const ideal: { series: string; x: number; value: number }[] = [];
  for (const cell of group.cells) {
    const speedup = speedupOf(cell, sequential);
    if (speedup === null) continue;
    points.push({ series: cell.key.mode, x: cell.key.workers, value: speedup.value, low: speedup.ciLow, high: speedup.ciHigh });
    if (speedup.ideal !== null) ideal.push({ series: cell.key.mode, x: cell.key.workers, value: speedup.ideal });
  }
  if (new Set(points.map((point) => point.x)).size < 2) return null;
  return { kind: 'speedup', id, label: `Speedup of ${group.scenario} over sequential against workers, ${formatParams(group.params)}, with 95% CIs and the ideal`, xLabel: 'workers', colors: seriesColors(points.map((point) => point.series), MODES), points, ideal };
}

/**
 * Speedup against a parameter, one series per mode and worker count, where a scenario's groups
 * differ in exactly one numeric parameter (the same interpreter and variant).
 */
export function parameterChart(groups: readonly CellTable[], id: string): SpeedupChartSpec | null {
  const first = groups[0];
  if (first === undefined || groups.length < 2) return null;
  if (groups.some((group) => group.python !== first.python || group.variant !== first.variant)) return null;
  const names = Object.keys(first.params);
  const varying = names.filter((name) => new Set(groups.map((group) => String(group.params[name]))).size > 1);
  const name = varying[0];
  if (varying.length !== 1 || name === undefined || groups.some((group) => typeof group.params[name] !== 'number')) return null;
  const points: SpeedupPoint[] = [];
  const ideal: { series: string; x: number; value: number }[] = [];
  for (const group of groups) {
    const sequential = group.cells.find((cell) => cell.key.mode === BASELINE_MODE);
    const x = Number(group.params[name]);
    for (const cell of group.cells) {
      const speedup = speedupOf(cell, sequential);
      if (speedup === null) continue;
      const series = cellLabel(cell.key);
      points.push({ series, x, value: speedup.value, low: speedup.ciLow, high: speedup.ciHigh });
      if (speedup.ideal !== null) ideal.push({ series, x, value: speedup.ideal });
    }
  }
  if (new Set(points.map((point) => point.x)).size < 2) return null;
  return { kind: 'speedup', id, label: `Speedup of ${first.scenario} over sequential against ${name}, with 95% CIs and the ideal`, xLabel: name, colors: seriesColors([...new Set(points.map((point) => point.series))]), points, ideal };
}

function groupSection(group: CellTable, document: ResultsDocument, charts: (WallChartSpec | SpeedupChartSpec)[], isLast: boolean): string {
  const anchor = groupAnchor(group);
  const record = document.scenarios?.find((scenario) => scenario.name === group.scenario);
  const variant = group.variant === undefined ? '' : ` · ${group.variant}`;
  const out = [`<section aria-labelledby="${anchor}-title">`, `<h2 id="${anchor}-title">${escapeHtml(group.scenario)}${record === undefined ? '' : ` — ${escapeHtml(record.title)}`}</h2>`];
  out.push(`<p class="muted">${escapeHtml(`${group.python} · ${formatParams(group.params)}${variant}`)}</p>`);
  if (record?.description !== undefined) out.push(`<p>${escapeHtml(record.description)}</p>`);
  const wall = wallChart(group, `${anchor}-wall`);
  if (wall !== null) {
    charts.push(wall);
    out.push(chartFigure(wall, `Median wall time (${escapeHtml(wall.unit)}) per mode: the dot is the median, the bar its 95% CI, the dashed tick the ideal of the scenario's model where it has one. The table below has every figure.`));
  }
  const workers = workersChart(group, `${anchor}-workers`);
  if (workers !== null) {
    charts.push(workers);
    out.push(chartFigure(workers, 'Speedup over sequential against workers: one line per mode, the bars 95% CIs, the dashed lines the ideal.'));
  }
  // Warm values (K > 1 per process) get their column beside the cold wall, as in the terminal's default.
  const { rows, notes, legend } = groupRows(group.cells, {}, 'auto');
  const columns = groupColumns(rows, reportSettings(document)(group.scenario), {}, warmView(group.cells, 'auto'));
  out.push(
    htmlTable(
      columns.map((column) => column.title),
      rows.map((row) => columns.map((column) => column.text(row))),
      { left: columns.flatMap((column, index) => (column.align === 'left' ? [index] : [])), caption: `${group.scenario}: every cell of this table` },
    ),
  );
  if (notes.length > 0) out.push(`<ol class="notes">${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ol>`);
  for (const line of legend.filter((text) => text.startsWith('warm:'))) out.push(`<p class="muted">${escapeHtml(line)}</p>`);
  const recommendation = recommendationFor(document)(group.cells)?.text;
  if (recommendation !== undefined) out.push(`<p class="${recommendation.startsWith('→') ? 'recommendation' : 'warning'}"><strong>${escapeHtml(recommendation)}</strong></p>`);
  const notDeclared = isLast ? (record?.notDeclared ?? []) : [];
  if (notDeclared.length > 0) out.push(`<p class="muted">Not declared by this scenario: ${escapeHtml(notDeclared.join(', '))}</p>`);
  out.push('</section>');
  return out.join('\n');
}

function findingsSection(document: ResultsDocument): string {
  if (document.findings.length === 0 && document.warnings.length === 0) return '';
  const out: string[] = [];
  const measured = document.findings.filter((finding) => !isNotMeasured(finding));
  if (document.findings.length > 0) {
    out.push('<section aria-labelledby="findings"><h2 id="findings">Findings</h2><ul>');
    for (const finding of measured) {
      out.push(`<li><span class="${finding.verdict}">${finding.verdict}</span> ${escapeHtml(finding.scenario)}: ${escapeHtml(finding.claim)}<br><span class="muted">${escapeHtml(finding.evidence)}</span></li>`);
    }
    const notMeasured = document.findings.length - measured.length;
    if (notMeasured > 0) out.push(`<li class="muted">${notMeasured} claim(s) not measured by this run (their parameters or worker counts did not run)</li>`);
    out.push('</ul></section>');
  }
  if (document.warnings.length > 0) {
    out.push('<section aria-labelledby="warnings"><h2 id="warnings">Warnings</h2><ul>');
    for (const warning of document.warnings) out.push(`<li class="warning">${escapeHtml(`${warning.scenario === undefined ? '' : `${warning.scenario}: `}${warning.message}`)}</li>`);
    out.push('</ul></section>');
  }
  return out.join('\n');
}

function machineSection(document: ResultsDocument): string {
  const machine = document.machine;
  const facts: [string, string][] = [
    ['CPU', machine.cpuModel ?? 'unknown'],
    ['CPUs', `${machine.logicalCpus} logical, ${machine.usableCpus} usable (capacity ${machine.cpuCapacity})`],
    ['OS', `${machine.distro ?? machine.os} · ${machine.osRelease} · ${machine.arch}`],
    ['memory', formatKb(machine.totalMemBytes / 1024)],
    ['load', machine.loadAvg === null ? 'not sampled' : machine.loadAvg.map((load) => load.toFixed(2)).join(' / ')],
  ];
  if (machine.cpuFreq !== null) facts.push(['CPU frequency', `governor ${machine.cpuFreq.governor ?? '?'}, boost ${machine.cpuFreq.boost === null ? '?' : machine.cpuFreq.boost ? 'on' : 'off'}`]);
  const interpreters = document.interpreters.map((interpreter) => [
    interpreter.id,
    `${interpreter.implementation} ${interpreter.version}`,
    interpreter.freeThreadedBuild ? (interpreter.gilEnabled ? 'free-threaded build, GIL on' : 'free-threaded, no GIL') : 'GIL',
    interpreter.startMethod,
    interpreter.executable,
  ]);
  return [
    '<section aria-labelledby="machine"><h2 id="machine">Machine and interpreters</h2>',
    `<dl class="facts">${facts.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`,
    htmlTable(['id', 'interpreter', 'GIL', 'start method', 'executable'], interpreters, { left: [0, 1, 2, 3, 4] }),
    '</section>',
  ].join('\n');
}

/**
 * A self-contained HTML report of a results document: per table a wall-time chart, speedups where
 * workers or a parameter vary, the table, findings, warnings, machine.
 */
export function htmlReport(document: ResultsDocument): string {
  const groups = groupCells(document);
  const charts: (WallChartSpec | SpeedupChartSpec)[] = [];
  const lastOf = new Map(groups.map((group) => [group.scenario, group]));
  const sections: string[] = [];
  const scenarios = [...new Set(groups.map((group) => group.scenario))];
  for (const scenario of scenarios) {
    const ofScenario = groups.filter((group) => group.scenario === scenario);
    for (const group of ofScenario) sections.push(groupSection(group, document, charts, lastOf.get(scenario) === group));
    // Named after the scenario's first table, so the id is unique on the page and derived like every other.
    const byParam = ofScenario[0] === undefined ? null : parameterChart(ofScenario, `${groupAnchor(ofScenario[0])}-params`);
    if (byParam !== null) {
      charts.push(byParam);
      sections.push(`<section aria-label="${escapeHtml(byParam.label)}">${chartFigure(byParam, `Speedup over sequential against ${escapeHtml(byParam.xLabel)}: one line per mode and worker count, the bars 95% CIs, the dashed lines the ideal.`)}</section>`);
    }
  }
  const run = `${document.startedAt}${document.settings.quick === true ? ' · --quick' : ''}${document.interrupted ? ' · interrupted' : ''}`;
  const body = [
    '<header>',
    '<h1>pyconc results</h1>',
    `<p class="muted">${escapeHtml(`${run} · pyconc ${document.tool.version} · ${document.cells.length} cells`)}</p>`,
    document.interrupted ? '<p class="warning">Interrupted: the tables show what finished before the interruption.</p>' : '',
    `<nav aria-label="Contents"><ul>${groups.map((group) => `<li><a href="#${groupAnchor(group)}-title">${escapeHtml(`${group.scenario} · ${formatParams(group.params)}${group.variant === undefined ? '' : ` · ${group.variant}`}`)}</a></li>`).join('')}${document.findings.length > 0 ? '<li><a href="#findings">Findings</a></li>' : ''}${document.warnings.length > 0 ? '<li><a href="#warnings">Warnings</a></li>' : ''}<li><a href="#machine">Machine and interpreters</a></li></ul></nav>`,
    '</header>',
    '<main>',
    ...sections,
    findingsSection(document),
    machineSection(document),
    '</main>',
  ].join('\n');
  return htmlPage({ title: `pyconc results ${document.startedAt}`, body, charts, generator: `written by pyconc ${VERSION}` });
}

/** The html row of the --format registry: charts need no colour, so the options are not read. */
export const htmlReporter: Reporter = (document) => htmlReport(document);
