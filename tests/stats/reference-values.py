#!/usr/bin/python3
"""Reference values for tests/stats/*.test.ts.

Kept in the repo as a record; nothing runs it automatically. Each test quotes
the value it uses together with the expression below that produced it.

Run with Debian's interpreter (apt-get install python3-numpy python3-scipy):

    /usr/bin/python3 tests/stats/reference-values.py

Last run: Python 3.11, numpy 1.24.2, scipy 1.10.1.
"""

import numpy as np
import scipy
import scipy.stats as st
from scipy.stats import binom

print("numpy", np.__version__, "scipy", scipy.__version__)

A = [2.5, 3.1, 4.7, 1.2, 9.8, 3.3, 5.0, 2.2, 7.6, 4.1]
NEG = [-3.5, -1.0, 0.0, 2.25, -7.75, 4.5, -0.5]
ONE = [42.0]
TWO = [1.0, 3.0]
EQUAL = [5.0, 5.0, 5.0, 5.0]
# 30 timing-like samples (milliseconds), written out literally in the tests.
T30 = [
    101.2, 99.8, 100.5, 102.3, 98.9, 100.1, 101.7, 99.5, 100.9, 103.4,
    100.0, 99.2, 101.1, 100.6, 98.4, 102.8, 100.3, 99.9, 101.5, 100.7,
    99.6, 100.2, 104.9, 100.4, 99.1, 101.9, 100.8, 99.7, 100.05, 112.0,
]

print("\n== descriptive ==")
for name, xs in [("A", A), ("NEG", NEG), ("ONE", ONE), ("TWO", TWO), ("EQUAL", EQUAL), ("T30", T30)]:
    x = np.array(xs)
    print(name)
    print("  np.mean", repr(np.mean(x)))
    print("  np.median", repr(np.median(x)))
    # ddof=1 is the sample stdev; numpy gives nan for n=1, pyconc defines it as 0.
    print("  np.std(ddof=1)", repr(np.std(x, ddof=1)) if len(x) > 1 else "nan (n=1)")
    print("  st.median_abs_deviation(scale=1.0)", repr(st.median_abs_deviation(x)))
    print("  st.median_abs_deviation(scale='normal')", repr(st.median_abs_deviation(x, scale="normal")))
    print("  np.min", repr(np.min(x)), "np.max", repr(np.max(x)))
    if len(x) > 1:
        print("  st.variation(ddof=1)", repr(st.variation(x, ddof=1)))
    for p in [0, 10, 25, 50, 90, 99.5, 100]:
        print(f"  np.percentile(x, {p})", repr(np.percentile(x, p)))  # method='linear' is the default

print("  1/st.norm.ppf(0.75)", repr(1 / st.norm.ppf(0.75)))

print("\n== median CI order statistics ==")
# Interval [x_(k), x_(n-k+1)] (1-based ranks) has coverage 1 - 2*P(B <= k-1), B ~ Binomial(n, 1/2).
# k is the largest rank with P(B <= k-1) <= alpha/2; if even k=1 fails the level is out of reach.
for level in [0.95, 0.99, 0.90]:
    alpha = 1 - level
    for n in [1, 2, 5, 6, 7, 8, 10, 20, 30, 50, 100, 1000]:
        ks = [k for k in range(1, (n + 1) // 2 + 1) if binom.cdf(k - 1, n, 0.5) <= alpha / 2]
        if not ks:
            print(f"  level={level} n={n}: unreachable, max coverage {1 - 2 * 0.5 ** n!r}")
            continue
        k = max(ks)
        # Cross-check with the quantile: ppf(alpha/2) = smallest j with cdf(j) >= alpha/2.
        j = int(binom.ppf(alpha / 2, n, 0.5))
        k_ppf = j if binom.cdf(j, n, 0.5) > alpha / 2 else j + 1
        cov = 1 - 2 * binom.cdf(k - 1, n, 0.5)
        print(f"  level={level} n={n}: k={k} (ppf says {k_ppf}) upper={n - k + 1} coverage={cov!r}")

for name, xs in [("A", A), ("T30", T30)]:
    s = np.sort(np.array(xs))
    print(f"  sorted {name}", list(s))

print("\n== outliers (Iglewicz & Hoaglin modified z-score) ==")
O = [10.1, 10.3, 9.9, 10.0, 10.2, 10.1, 30.0, 10.05, 9.95, 2.0]
for name, xs in [("O", O), ("A", A), ("T30", T30)]:
    x = np.array(xs)
    med = np.median(x)
    mad = st.median_abs_deviation(x)
    z = 0.6745 * (x - med) / mad
    print(name, "median", repr(med), "mad", repr(mad))
    print("  z", [repr(v) for v in z])
    print("  |z| > 3.5 at", list(np.nonzero(np.abs(z) > 3.5)[0]))
    print("  |z| > 2.0 at", list(np.nonzero(np.abs(z) > 2.0)[0]))

print("\n== relative precision ==")
# T30: 95% CI is [x_(10), x_(21)] of the sorted sample (see the median CI section).
s = np.sort(np.array(T30))
med = np.median(s)
lo, hi = s[10 - 1], s[21 - 1]
print("  T30 median", repr(med), "ci", repr(lo), repr(hi), "rel", repr(max(med - lo, hi - med) / med))
s = np.sort(np.array(A))
med = np.median(s)
lo, hi = s[2 - 1], s[9 - 1]
print("  A median", repr(med), "ci", repr(lo), repr(hi), "rel", repr(max(med - lo, hi - med) / med))

print("\n== speedup (percentile bootstrap of ratio of medians) ==")
BASE = [
    200.4, 198.7, 201.9, 199.5, 202.6, 200.0, 197.8, 203.1, 199.9, 200.8,
    201.2, 198.1, 204.5, 200.3, 199.2, 201.6, 198.9, 200.6, 202.0, 199.4,
    210.3, 200.1, 199.7, 201.4, 198.4, 200.9, 203.8, 199.0, 200.2, 201.0,
]
def ratio(a, b, axis=-1):
    return np.median(a, axis=axis) / np.median(b, axis=axis)
print("  point", repr(np.median(BASE) / np.median(T30)))
for seed in [1, 2, 3]:
    res = st.bootstrap((np.array(BASE), np.array(T30)), ratio, vectorized=True, paired=False,
                       n_resamples=2000, method="percentile", confidence_level=0.95,
                       random_state=np.random.default_rng(seed))
    print(f"  st.bootstrap percentile n_resamples=2000 seed={seed}", repr(res.confidence_interval.low),
          repr(res.confidence_interval.high))
res = st.bootstrap((np.array(BASE), np.array(T30)), ratio, vectorized=True, paired=False,
                   n_resamples=100000, method="percentile", confidence_level=0.95,
                   random_state=np.random.default_rng(0), batch=10000)
print("  st.bootstrap percentile n_resamples=100000", repr(res.confidence_interval.low),
      repr(res.confidence_interval.high))

print("\n== mulberry32 (port of Tommy Ettinger / bryc's reference JS; no package ships it) ==")
def mulberry32(seed):
    state = seed & 0xFFFFFFFF
    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return nxt
for seed in [1, 42, 0]:
    r = mulberry32(seed)
    print(f"  seed={seed}", [repr(r()) for _ in range(5)])
# Critical value for a uniformity check over 10 equal bins.
print("  st.chi2.ppf(0.999, 9)", repr(st.chi2.ppf(0.999, 9)))
