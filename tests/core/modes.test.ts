import { execaSync } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODE_REGISTRY, MODES, isMode, modeSpec } from '../../src/core/modes.js';
import { ROOT } from '../helpers/cli.js';

describe('the mode registry', () => {
  it('lists the modes the Python harness composes, in the same order', () => {
    const script = 'import json, sys; sys.path.insert(0, sys.argv[1]); from pyconc_harness.spec import MODES; print(json.dumps(list(MODES)))';
    const python = execaSync('python3', ['-c', script, path.join(ROOT, 'python')]);
    expect(JSON.parse(String(python.stdout))).toEqual([...MODES]);
  });

  it('has one row a mode, sequential first (the baseline)', () => {
    expect(new Set(MODES).size).toBe(MODE_REGISTRY.length);
    expect(MODES[0]).toBe('sequential');
    expect(isMode('threads')).toBe(false);
    expect(modeSpec('process-loops').ioInFlight).toBe('all');
    expect(modeSpec('asyncio').cpuUnits).toBe('one');
  });
});
