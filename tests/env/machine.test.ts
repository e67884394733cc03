import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCpuFreq } from '../../src/env/cpu-freq.js';
import { machineInfoSchema, parseOsReleaseName, readMachine } from '../../src/env/machine.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url));

describe('readCpuFreq', () => {
  it('reads governor, driver and the global boost switch', async () => {
    expect(await readCpuFreq({ root: fixture('cpufreq-acpi') })).toEqual({
      governor: 'schedutil',
      boost: true,
      scalingDriver: 'acpi-cpufreq',
    });
  });

  it('inverts intel_pstate no_turbo', async () => {
    expect(await readCpuFreq({ root: fixture('cpufreq-intel') })).toEqual({
      governor: 'performance',
      boost: false,
      scalingDriver: 'intel_pstate',
    });
  });

  it('falls back to the per-policy boost file', async () => {
    expect(await readCpuFreq({ root: fixture('cpufreq-amd-policy') })).toEqual({
      governor: 'powersave',
      boost: false,
      scalingDriver: 'amd-pstate-epp',
    });
  });

  it('is null when cpufreq is not exposed', async () => {
    expect(await readCpuFreq({ root: fixture('cgroup-v1') })).toBeNull();
    expect(await readCpuFreq({ root: fixture('does-not-exist') })).toBeNull();
  });
});

describe('parseOsReleaseName', () => {
  it('reads PRETTY_NAME, quoted or not', () => {
    expect(parseOsReleaseName('ID=debian\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe(
      'Debian GNU/Linux 12 (bookworm)',
    );
    expect(parseOsReleaseName("PRETTY_NAME='Alpine'\n")).toBe('Alpine');
    expect(parseOsReleaseName('PRETTY_NAME=Arch\n')).toBe('Arch');
  });

  it('is null without a name', () => {
    expect(parseOsReleaseName('ID=x\n')).toBeNull();
    expect(parseOsReleaseName('PRETTY_NAME=""\n')).toBeNull();
  });
});

describe('readMachine', () => {
  it('combines CPU limits, cpufreq and os-release from the fixture tree', async () => {
    const cpus = await readMachine({ root: fixture('cgroup-v1') });
    expect(cpus).toMatchObject({ affinityCpus: 7, cgroupQuotaCpus: 3, cpuFreq: null });
    expect(cpus.usableCpus).toBe(Math.min(3, cpus.logicalCpus, cpus.availableParallelism));

    const freq = await readMachine({ root: fixture('cpufreq-intel') });
    expect(freq.cpuFreq).toEqual({ governor: 'performance', boost: false, scalingDriver: 'intel_pstate' });
    expect(freq.distro).toBe('Fedora Linux 41 (Workstation Edition)');
  });

  it('produces a document the schema accepts, with nulls where nothing is exposed', async () => {
    const machine = await readMachine({ root: fixture('does-not-exist') });
    expect(machineInfoSchema.parse(machine)).toEqual(machine);
    expect(machine).toMatchObject({
      affinityCpus: null,
      cgroupQuotaCpus: null,
      distro: null,
      cpuFreq: null,
      os: process.platform,
      arch: process.arch,
    });
    expect(machine.usableCpus).toBeGreaterThanOrEqual(1);
  });

  it('records the host name only when asked', async () => {
    expect(await readMachine()).not.toHaveProperty('hostname');
    const machine = await readMachine({ includeHostname: true });
    expect(typeof machine.hostname).toBe('string');
    expect(machineInfoSchema.parse(machine).hostname).toBe(machine.hostname);
  });

  it('rejects a document with a wrong field type', () => {
    const result = machineInfoSchema.safeParse({ cpuModel: 'x', logicalCpus: '2' });
    expect(result.success).toBe(false);
  });
});
