/**
 * An estimate with its confidence interval: the one shape every figure with an uncertainty takes,
 * from the statistics (a median's order-statistic interval, a bootstrap speedup, a cluster
 * bootstrap, a ratio of medians) through the results and verdict documents to the reporters.
 */
import { z } from 'zod';

/** The fields of an interval, for schemas that must be strict (the verdict document). */
export const INTERVAL_SHAPE = { value: z.number(), ciLow: z.number(), ciHigh: z.number() };

/** An interval as documents record it (`speedup`, `efficiency`, `ratio`: `{value, ciLow, ciHigh}`). */
export const intervalSchema = z.object(INTERVAL_SHAPE);

/** A point estimate and the bounds of its interval (95% unless the producer says otherwise). */
export type Interval = z.infer<typeof intervalSchema>;

/** The interval multiplied by a positive factor (a unit change: ns to ms). */
export function scaleInterval(interval: Interval, factor: number): Interval {
  return { value: interval.value * factor, ciLow: interval.ciLow * factor, ciHigh: interval.ciHigh * factor };
}
