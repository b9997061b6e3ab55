"""Reference timings for BenchmarkSplineTransformer, BenchmarkPowerTransformer and
BenchmarkQuantileTransformer (spline_bench_test.go): fit_transform with the default
settings on a 100 000 x 10 matrix of standard exponential values. Prints median wall
and CPU (process) times over 5 runs; on a loaded machine compare CPU times with the Go
benchmark's user time. Run: /usr/bin/python3 preprocess/testdata/bench_spline.py
"""
import time

import numpy as np
from sklearn.preprocessing import PowerTransformer, QuantileTransformer, SplineTransformer

X = np.random.RandomState(0).exponential(size=(100000, 10))


def median_time(f, n=5):
    ts, cs = [], []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        f()
        ts.append(time.perf_counter() - t)
        cs.append(time.process_time() - c)
    return 1e3 * sorted(ts)[n // 2], 1e3 * sorted(cs)[n // 2]


for name, make in [
    ("SplineTransformer()", SplineTransformer),
    ("PowerTransformer()", PowerTransformer),
    ("QuantileTransformer(random_state=0)", lambda: QuantileTransformer(random_state=0)),
]:
    print("sklearn %-36s fit_transform median wall %.1f ms, CPU %.1f ms" % ((name,) + median_time(lambda: make().fit_transform(X))))
