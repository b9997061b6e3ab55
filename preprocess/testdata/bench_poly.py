"""Reference timing for BenchmarkScalerPoly / BenchmarkPolynomialFeatures:
StandardScaler().fit_transform then PolynomialFeatures(2).fit_transform on a
100 000 x 20 standard-normal matrix, and PolynomialFeatures(2).transform alone.
Prints median wall times over 7 runs. Run: /usr/bin/python3 preprocess/testdata/bench_poly.py
"""
import time

import numpy as np
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

X = np.random.RandomState(0).normal(size=(100000, 20))


def median_time(f, n=7):
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return sorted(ts)[n // 2]


pf = PolynomialFeatures(2).fit(X)
print("sklearn PolynomialFeatures(2).transform   median %.1f ms" % (1e3 * median_time(lambda: pf.transform(X))))
print("sklearn StandardScaler+PolynomialFeatures median %.1f ms" % (
    1e3 * median_time(lambda: PolynomialFeatures(2).fit_transform(StandardScaler().fit_transform(X)))))
