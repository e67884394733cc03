import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load-catalogue.js';
import { catalogueJson } from '../../src/commands/list-command.js';
import { makeScenario } from '../helpers/scenario.js';

describe('catalogueJson', () => {
  it("includes each scenario's report settings", () => {
    const [plain] = catalogueJson([makeScenario()]) as { report: unknown }[];
    expect(plain?.report).toEqual({ metrics: [], speedup: true });
    const spawn = (catalogueJson(loadCatalogue()) as { name: string; report: unknown }[]).find((scenario) => scenario.name === 'spawn-overhead');
    expect(spawn?.report).toEqual({ metrics: ['us_per_unit', 'kb_per_unit'], speedup: false });
  });
});
