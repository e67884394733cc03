import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load-catalogue.js';
import { catalogueJson, listCommand } from '../../src/commands/list-command.js';
import { makeScenario } from '../helpers/scenario.js';

describe('catalogueJson', () => {
  it("includes each scenario's report settings", () => {
    const [plain] = catalogueJson([makeScenario()]) as { report: unknown }[];
    expect(plain?.report).toEqual({ metrics: [], speedup: true });
    const spawn = (catalogueJson(loadCatalogue()) as { name: string; report: unknown }[]).find((scenario) => scenario.name === 'spawn-overhead');
    expect(spawn?.report).toEqual({ metrics: ['us_per_unit', 'kb_per_unit'], speedup: false });
  });
});

describe('listCommand', () => {
  it('writes the catalogue as JSON or as text wrapped to the terminal', () => {
    const sink = { text: '', columns: 60, write(text: string) { this.text += text; return true; } };
    listCommand({ json: true, scenarioDirs: [] }, { stdout: sink, stderr: sink, color: false });
    expect((JSON.parse(sink.text) as { name: string }[]).map((scenario) => scenario.name)).toContain('cpu-pure');
    sink.text = '';
    listCommand({ json: false, scenarioDirs: [] }, { stdout: sink, stderr: sink, color: false });
    expect(sink.text).toMatch(/^cpu-pure \(cpu\) — /m);
    // The description under each title is wrapped to the terminal's width, less its indent.
    expect(sink.text.split('\n')[1]?.length).toBeLessThanOrEqual(56);
  });
});
