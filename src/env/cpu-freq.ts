import { readTextOrNull, underRoot } from './read-text.js';

/** CPU frequency scaling state, as far as the kernel exposes it. */
export interface CpuFreqInfo {
  /** cpufreq governor of cpu0 (`performance`, `powersave`, `schedutil`, ...). */
  governor: string | null;
  /** Whether turbo/boost clocks are enabled. */
  boost: boolean | null;
  /** cpufreq driver of cpu0 (`intel_pstate`, `acpi-cpufreq`, `amd-pstate-epp`, ...). */
  scalingDriver: string | null;
}

const CPU_DIR = '/sys/devices/system/cpu';

/**
 * Reads the frequency governor, boost state and scaling driver; null when none of them is exposed
 * (most VMs and containers, macOS, Windows).
 */
export async function readCpuFreq(opts: { root?: string } = {}): Promise<CpuFreqInfo | null> {
  const root = opts.root ?? '/';
  const read = async (file: string): Promise<string | null> => {
    const text = await readTextOrNull(underRoot(root, `${CPU_DIR}/${file}`));
    const value = text?.trim();
    return value ? value : null;
  };
  const [governor, scalingDriver, boostFile, noTurbo, policyBoost] = await Promise.all([
    read('cpu0/cpufreq/scaling_governor'),
    read('cpu0/cpufreq/scaling_driver'),
    read('cpufreq/boost'),
    read('intel_pstate/no_turbo'),
    read('cpufreq/policy0/boost'),
  ]);
  // acpi-cpufreq and older amd-pstate expose a global `boost`; intel_pstate instead has
  // `no_turbo` (1 = turbo off); newer amd-pstate only a per-policy `boost`.
  const boost =
    parseFlag(boostFile) ?? invert(parseFlag(noTurbo)) ?? parseFlag(policyBoost);
  if (governor === null && scalingDriver === null && boost === null) return null;
  return { governor, boost, scalingDriver };
}

function parseFlag(value: string | null): boolean | null {
  if (value === '1') return true;
  if (value === '0') return false;
  return null;
}

function invert(flag: boolean | null): boolean | null {
  return flag === null ? null : !flag;
}
