#!/usr/bin/env python3
"""Reference values for tests/stats/{normal,mann-whitney,multiple-testing}.test.ts.

Kept in the repo as a record; nothing runs it automatically. Each test quotes the value
it uses together with the expression below that produced it.

    python3 tests/stats/compare-reference-values.py

Last run: Python 3.11.7, numpy 2.4.6, scipy 1.17.1.
"""

import numpy as np
import scipy
import scipy.stats as st

print("numpy", np.__version__, "scipy", scipy.__version__)

print("\n== normal upper tail ==")
for z in [0, 0.5, 1, 2, 2.5, 2.9999, 3, 4, 6, 10, 20, -1, -4]:
    print(f"  st.norm.sf({z})", repr(float(st.norm.sf(z))))

print("\n== Mann-Whitney U ==")
# Small samples without ties (exact region), tied samples (asymptotic), larger samples.
X1 = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
Y1 = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]  # ties: 1.06 and 1.29 twice
X2 = [19.0, 22.0, 16.0, 29.0, 24.0]
Y2 = [20.0, 11.0, 17.0, 12.0]
TIES_X = [3, 3, 4, 5, 5, 5, 7]
TIES_Y = [1, 2, 3, 3, 4, 4, 6, 8]
SEP_X = [float(v) for v in range(13, 25)]  # 12 values, all above SEP_Y
SEP_Y = [float(v) for v in range(1, 13)]
rng = np.random.default_rng(7)
A20 = [float(v) for v in np.round(rng.lognormal(0.0, 0.2, 20), 6)]
B20 = [float(v) for v in np.round(rng.lognormal(0.25, 0.2, 20), 6)]
A40 = [float(v) for v in np.round(rng.lognormal(0.0, 0.2, 40), 6)]
B35 = [float(v) for v in np.round(rng.lognormal(0.1, 0.2, 35), 6)]
print("  A20 =", A20)
print("  B20 =", B20)
print("  A40 =", A40)
print("  B35 =", B35)
cases = [("X2,Y2", X2, Y2), ("SEP_X,SEP_Y", SEP_X, SEP_Y), ("A20,B20", A20, B20), ("B20,A20", B20, A20), ("A40,B35", A40, B35)]
for name, x, y in cases:
    for method in ["exact", "asymptotic"]:
        for alt in ["two-sided", "less", "greater"]:
            r = st.mannwhitneyu(x, y, alternative=alt, method=method)
            print(f"  {name} method={method} alternative={alt}: U1={float(r.statistic)!r} p={float(r.pvalue)!r}")
for name, x, y in [("X1,Y1", X1, Y1), ("TIES_X,TIES_Y", TIES_X, TIES_Y)]:
    for alt in ["two-sided", "less", "greater"]:
        r = st.mannwhitneyu(x, y, alternative=alt, method="asymptotic")
        print(f"  {name} (ties) asymptotic alternative={alt}: U1={float(r.statistic)!r} p={float(r.pvalue)!r}")
    r = st.mannwhitneyu(x, y, method="asymptotic", use_continuity=False)
    print(f"  {name} (ties) asymptotic use_continuity=False: p={float(r.pvalue)!r}")
r = st.mannwhitneyu([5.0, 5.0, 5.0], [5.0, 5.0], method="asymptotic")
print("  all tied:", float(r.statistic), float(r.pvalue))

print("\n== Holm and Benjamini-Hochberg ==")
# From the definitions (statsmodels is not installed here):
# Holm: sort ascending, adj_(i) = max_{j<=i} min(1, (m - j + 1) p_(j))  (1-based i, j)
# BH:   sort ascending, adj_(i) = min_{j>=i} min(1, m / j * p_(j)); cross-checked with
#       scipy.stats.false_discovery_control(p, method='bh').
def holm(p):
    p = np.asarray(p, float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adj = np.minimum(1, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adj
    return out

def bh(p):
    p = np.asarray(p, float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adj = np.minimum(1, np.minimum.accumulate((m / np.arange(1, m + 1) * p[order])[::-1])[::-1])
    out = np.empty(m)
    out[order] = adj
    return out

P1 = [0.01, 0.04, 0.03, 0.005, 0.5, 0.02]
P2 = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
P3 = [0.2, 0.2, 0.01]
for name, p in [("P1", P1), ("P2", P2), ("P3", P3)]:
    print(f"  holm({name})", [repr(float(v)) for v in holm(p)])
    print(f"  bh({name})", [repr(float(v)) for v in bh(p)])
    print(f"  st.false_discovery_control({name}, method='bh')", [repr(float(v)) for v in st.false_discovery_control(p, method="bh")])
