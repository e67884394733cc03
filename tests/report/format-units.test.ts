import { describe, expect, it } from 'vitest';
import { formatDurationInterval, formatPercentInterval, formatRatioInterval, formatSignificant } from '../../src/report/format-units.js';
import { sharedDecimals } from '../../src/stats/shared-precision.js';

describe('formatSignificant', () => {
  it('keeps three significant figures without exponents, and k/M/G from ten thousand', () => {
    const cases: [number, string][] = [
      [0, '0'], [0.0595, '0.0595'], [12, '12.0'], [999.94, '1000'], [2910.4, '2910'], [9377, '9380'],
      [12_345, '12.3k'], [999_999, '1.00M'], [-4.567, '-4.57'], [2.5e9, '2.50G'], [Number.NaN, '–'],
    ];
    for (const [value, text] of cases) expect(formatSignificant(value), String(value)).toBe(text);
  });
});

describe('an estimate and its interval, at one precision', () => {
  it('prints what used to read 3.96× (4.0–4.0), 1.99× (2.0–2.0) and 0.01× (0.013–0.015) with the bounds at the estimate’s precision', () => {
    expect(formatRatioInterval(3.96, 3.95, 3.97)).toBe('3.96× (3.95–3.97)');
    expect(formatRatioInterval(1.99, 1.98, 1.996)).toBe('1.99× (1.98–2.00)');
    expect(formatRatioInterval(0.014, 0.013, 0.015)).toBe('0.014× (0.013–0.015)');
  });

  it('keeps two significant figures of the smallest where they tell the numbers apart', () => {
    expect(formatRatioInterval(3.81, 3.6, 4.1)).toBe('3.8× (3.6–4.1)');
    expect(formatRatioInterval(18.0, 12.2, 20.2)).toBe('18× (12–20)');
    expect(formatRatioInterval(1.41, 0.84, 2.5)).toBe('1.41× (0.84–2.50)');
  });

  it('never prints an estimate outside its printed bounds: an interval that misses its estimate is shown as the hull', () => {
    expect(formatRatioInterval(2.5, 2.6, 3)).toBe('2.5× (2.5–3.0)');
    for (let k = 0; k < 500; k++) {
      const low = Math.exp(Math.sin(k) * 5);
      const value = low * (1 + ((k * 7) % 13) / 100);
      const high = value * (1 + ((k * 11) % 17) / 50);
      const [v, lo, hi] = (formatRatioInterval(value, low, high).match(/[\d.]+/g) ?? []).map(Number);
      expect(lo! <= v! && v! <= hi!, `${value} ${low} ${high}`).toBe(true);
    }
  });

  it('gives an efficiency in percent, one decimal at most', () => {
    expect(formatPercentInterval(1.34, 1.06, 1.61)).toBe('134% (106–161%)');
    expect(formatPercentInterval(0.0512, 0.049, 0.053)).toBe('5.1% (4.9–5.3%)');
  });

  it('uses two significant figures and three on collision', () => {
    expect(sharedDecimals([3.96, 3.95, 3.97])).toBe(2);
    expect(sharedDecimals([0.014, 0.013, 0.015])).toBe(3);
    expect(sharedDecimals([250, 120, 480])).toBe(0);
  });
});

describe('formatDurationInterval', () => {
  it('prints ±% while the larger side is within 10%', () => {
    expect(formatDurationInterval(2000e6, 1998e6, 2002e6).text).toBe('2.00 s ±0.1%');
    expect(formatDurationInterval(616e6, 612e6, 622.8e6).text).toBe('616 ms ±1.1%');
  });

  it('prints a lopsided interval as low–high in the median’s unit instead of ±135%', () => {
    // 443 ms with an upper bound at 1040 ms read "443 ms ±135%": its lower side is 8%.
    const { text, halfWidth } = formatDurationInterval(443e6, 408e6, 1041e6);
    expect(halfWidth).toBeCloseTo(1.35, 2);
    expect(text).toBe('443 ms (408–1041)');
    expect(formatDurationInterval(61.9e6, 46.8e6, 104.3e6).text).toBe('62 ms (47–104)');
    expect(formatDurationInterval(1.23e9, 0.95e9, 2.1e9).text).toBe('1.23 s (0.95–2.10)');
  });
});
