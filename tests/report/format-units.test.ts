import { describe, expect, it } from 'vitest';
import { formatSignificant } from '../../src/report/format-units.js';

describe('formatSignificant', () => {
  it('keeps three significant figures without exponents, and k/M/G from ten thousand', () => {
    const cases: [number, string][] = [
      [0, '0'], [0.0595, '0.0595'], [12, '12.0'], [999.94, '1000'], [2910.4, '2910'], [9377, '9380'],
      [12_345, '12.3k'], [999_999, '1.00M'], [-4.567, '-4.57'], [2.5e9, '2.50G'], [Number.NaN, '–'],
    ];
    for (const [value, text] of cases) expect(formatSignificant(value), String(value)).toBe(text);
  });
});
