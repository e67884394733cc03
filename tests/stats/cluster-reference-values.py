#!/usr/bin/env python3
"""Reference values for tests/stats/cluster-bootstrap.test.ts and intraclass-correlation.test.ts.

Stdlib only (any Python >= 3.9): the two-stage cluster bootstrap's distribution is enumerated
exactly for a small case (every draw of processes with replacement, then every draw of values
within each drawn process with replacement; all outcomes equally likely), so its quantiles are the
values a Monte Carlo bootstrap converges on. Kept as a record; nothing runs it automatically.

    python3 tests/stats/cluster-reference-values.py
"""

import itertools
import statistics
from collections import Counter

CLUSTERS = [[10.0, 12.0, 11.0], [20.0, 21.0, 23.0], [15.0, 18.0, 14.0]]


def exact_distribution(clusters):
    n = len(clusters)
    within = [list(itertools.product(c, repeat=len(c))) for c in clusters]
    counts = Counter()
    for picks in itertools.product(range(n), repeat=n):
        for draws in itertools.product(*(within[p] for p in picks)):
            counts[statistics.median([x for d in draws for x in d])] += 1
    return counts


def quantile(counts, q):
    """The lower q-quantile of a discrete distribution: the smallest x with P(X <= x) >= q."""
    total = sum(counts.values())
    seen = 0
    for x in sorted(counts):
        seen += counts[x]
        if seen / total >= q:
            return x


counts = exact_distribution(CLUSTERS)
print("median of all values", statistics.median([x for c in CLUSTERS for x in c]))
print("exact two-stage bootstrap quantiles of the median: 2.5%", quantile(counts, 0.025), "97.5%", quantile(counts, 0.975))
# P(median <= x) at the quantiles, to see how far they sit from an atom's edge.
total = sum(counts.values())
for x in (quantile(counts, 0.025), quantile(counts, 0.975)):
    below = sum(v for k, v in counts.items() if k < x) / total
    upto = sum(v for k, v in counts.items() if k <= x) / total
    print("  P(< %s) = %.6f, P(<= %s) = %.6f" % (x, below, x, upto))


def icc1(groups):
    """ICC(1), one-way ANOVA (Shrout & Fleiss 1979), k0 for unequal group sizes."""
    n = len(groups)
    total = sum(len(g) for g in groups)
    grand = statistics.fmean(x for g in groups for x in g)
    msb = sum(len(g) * (statistics.fmean(g) - grand) ** 2 for g in groups) / (n - 1)
    msw = sum((x - statistics.fmean(g)) ** 2 for g in groups for x in g) / (total - n)
    k0 = (total - sum(len(g) ** 2 for g in groups) / total) / (n - 1)
    return (msb - msw) / (msb + (k0 - 1) * msw)


print("icc1(CLUSTERS)", repr(icc1(CLUSTERS)))
print("icc1(unequal)", repr(icc1([[1.0, 2.0], [3.0, 5.0, 4.0], [9.0, 8.0, 10.0, 9.5]])))
