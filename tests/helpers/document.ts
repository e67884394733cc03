import { buildDocument } from '../../src/results/build-document.js';
import type { Cell, ResultsDocument } from '../../src/results/results-schema.js';
import type { MachineInfo } from '../../src/env/machine.js';
import { cellId, type CellKey } from '../../src/core/cell-key.js';
import { makeInterpreter } from './scenario.js';

export const MACHINE: MachineInfo = {
  cpuModel: 'Test CPU',
  logicalCpus: 2,
  availableParallelism: 2,
  usableCpus: 2,
  affinityCpus: 2,
  cgroupQuotaCpus: null,
  cpuCapacity: 2,
  loadAvg: [0.1, 0.1, 0.1],
  os: 'linux',
  osRelease: '6.1',
  distro: null,
  kernel: '#1',
  arch: 'x64',
  totalMemBytes: 1024 ** 3,
  cpuFreq: null,
};

/** An ok cell whose samples all have the given wall time (ns). */
export function okCell(mode: Cell['key']['mode'], workers: number, wallNs: number, extra: Partial<Cell> = {}): Cell {
  const sample = { wallNs, setupNs: 0, workNs: wallNs, cpuUserNs: wallNs, cpuSysNs: 0, maxRssKb: 2048 };
  const key: CellKey = { scenario: 'demo', mode, workers, params: { tasks: 8 }, python: 'cpython-3.11.7', ...extra.key };
  return {
    id: cellId(key),
    key,
    status: 'ok',
    reason: null,
    checksum: 'abc',
    samples: [sample, sample, sample],
    warmups: [],
    summary: null,
    ...extra,
    ...(extra.key === undefined ? {} : { key, id: cellId(key) }),
  };
}

/** A finished document around the given cells. */
export function makeDocument(cells: Cell[], overrides: Partial<ResultsDocument> = {}): ResultsDocument {
  return {
    ...buildDocument({
      startedAt: new Date('2026-11-24T10:00:00Z'),
      finishedAt: new Date('2026-11-24T10:01:00Z'),
      interrupted: false,
      machine: MACHINE,
      interpreters: [makeInterpreter()],
      settings: { minRuns: 3, maxRuns: 3, warmup: 0, precision: 0.03, maxTimeS: 5, timeoutS: 60 },
      cells,
    }),
    ...overrides,
  };
}
