import { describe, expect, it } from 'vitest';
import { recommendDocument } from '../../src/analysis/recommend-document.js';
import { reportCommand } from '../../src/commands/report-command.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { scenarioRecord } from '../../src/results/build-document.js';
import { parseResults } from '../../src/results/read-results.js';
import type { ResultsDocument } from '../../src/results/results-schema.js';
import { ROOT } from '../helpers/cli.js';
import { makeDocument } from '../helpers/document.js';
import { groupCell, summarised } from '../helpers/group.js';
import { makeScenario } from '../helpers/scenario.js';

function recommended(): ResultsDocument {
  const document = makeDocument(
    summarised([
      groupCell('sequential', 1, { wallMs: 400 }),
      groupCell('threading', 2, { wallMs: 404 }),
      groupCell('multiprocessing', 2, { wallMs: 220, setupMs: 10, rssKb: 40_000 }),
    ]),
    { scenarios: [scenarioRecord(makeScenario())] },
  );
  return { ...document, recommendations: recommendDocument(document) };
}

const LINE = /→ multiprocessing w=2: 1\.\d\d× \(1\.\d\d–1\.\d\d\) faster than one loop; threading w=2 loses to the GIL \(0\.99×\)/;

describe('the recommendation under each table', () => {
  it('ends the table reporter\'s group, under the table and its notes', () => {
    const text = REPORTERS.table(recommended(), { color: false, charts: false });
    expect(text).toMatch(LINE);
    const lines = text.split('\n');
    const at = lines.findIndex((line) => LINE.test(line));
    expect(lines.slice(0, at).some((line) => line.startsWith('└'))).toBe(true);
    expect(lines.indexOf('Findings') === -1 || lines.indexOf('Findings') > at).toBe(true);
  });

  it('is a quoted line in markdown and a paragraph in HTML', () => {
    const document = recommended();
    expect(REPORTERS.markdown(document, { color: false })).toMatch(/^> \*\*→ multiprocessing w=2: 1\.\d\d× \\\(1\.\d\d–1\.\d\d\\\) faster than one loop; threading w=2 loses to the GIL \\\(0\.99×\\\)\*\*$/m);
    expect(REPORTERS.html(document, { color: false })).toMatch(/<p class="recommendation"><strong>→ multiprocessing w=2: [^<]*the GIL \(0\.99×\)<\/strong><\/p>/);
  });

  it('marks each CSV row with what the recommendation says of its cell', () => {
    const rows = REPORTERS.csv(recommended(), { color: false }).trim().split('\n').map((row) => row.split(','));
    const column = rows[0]?.indexOf('recommendation') ?? -1;
    expect(column).toBeGreaterThan(0);
    expect(rows.slice(1).map((row) => `${row[3]}:${row[column]}`)).toEqual(['sequential:one-thread', 'threading:the-gil', 'multiprocessing:pick']);
  });

  it('is in the JSON document', () => {
    const json = JSON.parse(REPORTERS.json(recommended(), { color: false }));
    expect(json.recommendations[0]).toMatchObject({ scenario: 'demo', verdict: 'parallelise', pick: { mode: 'multiprocessing', workers: 2 } });
    expect(parseResults(JSON.stringify(json), 'r.json').recommendations?.[0]?.text).toMatch(LINE);
  });

  it('is computed by `pyconc report` for a document written before recommendations', () => {
    let out = '';
    const io = { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true }, env: {} };
    reportCommand(`${ROOT}tests/fixtures/html/quick-run.json`, { format: 'table', color: false }, io);
    expect(out).toMatch(/sampling stopped: max runs \(all 7 cells, 3 runs\)\n⚠ no recommendation under load: machine is loaded: load 7\.52 on 2 usable CPUs, and this work needs free CPUs; /);
    expect(out).toMatch(/\n→ asyncio w=16: 14\.7× \(14\.7–14\.8\) faster than one loop; threading w=16 is slower \(12\.9×\); measured under load/);
    out = '';
    reportCommand(`${ROOT}tests/fixtures/html/quick-run.json`, { format: 'json', color: false }, io);
    expect(JSON.parse(out).recommendations.map((one: { scenario: string; verdict: string }) => `${one.scenario}:${one.verdict}`)).toEqual(['cpu-pure:under-load', 'sleep-fanout:parallelise']);
  });
});
