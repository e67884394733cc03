/**
 * A small seeded pseudo-random generator, so that bootstrap intervals are reproducible:
 * the same samples and seed give the same numbers on every machine and Node version,
 * which Math.random cannot promise.
 */

/** A generator of uniform floats in [0, 1). */
export type Random = () => number;

/**
 * mulberry32 (Tommy Ettinger, 2017; the widely copied JavaScript form is bryc's): a
 * 32-bit state advanced by a Weyl sequence and scrambled by multiply–xorshift. Period
 * 2³², fast, and statistically ample for drawing resample indices; not cryptographic.
 * Only the low 32 bits of `seed` are used.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n) drawn from `random`. */
export function randomIndex(random: Random, n: number): number {
  // random() < 1, so the floor is at most n − 1; the bias for small n is below 2⁻³²·n.
  return Math.floor(random() * n);
}
