/** A duration in ns as a short human figure: 850 µs, 41.2 ms, 1.23 s. */
export function formatDuration(ns: number): string {
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${ns.toFixed(0)} ns`;
  if (abs < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (abs < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

/** A size in KiB as a short figure (at most 6 characters): 850 KB, 2.0 MB, 224 MB, 1.2 GB. */
export function formatKb(kb: number): string {
  const mb = kb / 1024;
  if (kb < 1000) return `${kb.toFixed(0)} KB`;
  if (mb < 10) return `${mb.toFixed(1)} MB`;
  if (mb < 999.5) return `${mb.toFixed(0)} MB`;
  return `${(mb / 1024).toFixed(1)} GB`;
}

/** A ratio as a speedup: 1.92×. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? `${value.toFixed(0)}×` : value >= 10 ? `${value.toFixed(1)}×` : `${value.toFixed(2)}×`;
}

/** A fraction as a percentage: 0.96 → 96%. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)}%`;
}

/** A workload metric with three significant figures, its unit left to the title: 0.0595, 12.0, 1230, 45.6k, 1.23M. */
export function formatSignificant(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  // Round first, so 999.9 becomes 1000 and takes the next step's format.
  const rounded = Number(value.toPrecision(3));
  const abs = Math.abs(rounded);
  if (abs < 1000) return rounded.toPrecision(3);
  if (abs < 1e4) return rounded.toFixed(0);
  const [scale, suffix] = abs < 1e6 ? [1e3, 'k'] : abs < 1e9 ? [1e6, 'M'] : [1e9, 'G'];
  return `${(rounded / scale).toPrecision(3)}${suffix}`;
}
