#!/usr/bin/python3
"""scikit-learn 1.2.1's side of the internal/cart benchmarks, on the same data.

Run from the repository root, in one command with the Go side:

  /usr/bin/python3 internal/cart/testdata/bench_sklearn.py /tmp/cart_bench.csv && \
    CART_BENCH_CSV=/tmp/cart_bench.csv go test ./internal/cart -run X -bench . -benchtime 5x

It writes make_regression(50000, 20, random_state=0) to the CSV (target last), then
times one fully grown DecisionTreeRegressor (bootstrap weights, as a random forest
tree), one with the random splitter, one depth-3 friedman_mse tree (a gradient
boosting stage) and the prediction of the 50 000 rows by the full tree: median wall
time and minimum CPU time (time.process_time) of 5 runs. Compare the Go benchmarks'
cpu-ms/op (take the minimum over -count runs).
"""
import sys
import time

import numpy as np
import sklearn
from sklearn.datasets import make_regression
from sklearn.tree import DecisionTreeRegressor

assert sklearn.__version__ == "1.2.1"
X, y = make_regression(n_samples=50000, n_features=20, random_state=0)
np.savetxt(sys.argv[1], np.column_stack([X, y]), delimiter=",", fmt="%.17g")
rng = np.random.RandomState(3)
boot = np.bincount(rng.randint(0, len(y), len(y)), minlength=len(y)).astype(float)


def timed(f, runs=5):
    """Median wall time and minimum CPU time of runs (the machine is shared, so CPU
    time, least disturbed by the other processes, is the fairer figure)."""
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        out = f()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return np.median(wall), np.min(cpu), out


for name, kw, sw in [("GrowFull", {}, boot), ("GrowRandom", dict(splitter="random"), None),
                     ("GrowDepth3", dict(criterion="friedman_mse", max_depth=3), None)]:
    wall, cpu, m = timed(lambda: DecisionTreeRegressor(random_state=0, **kw).fit(X, y, sample_weight=sw))
    print("sklearn %-10s wall %7.1f ms  min cpu %7.1f ms  nodes %d" % (name, wall * 1e3, cpu * 1e3, m.tree_.node_count))
full = DecisionTreeRegressor(random_state=0).fit(X, y)
wall, cpu, _ = timed(lambda: full.predict(X))
print("sklearn Predict    wall %7.1f ns/row min cpu %7.1f ns/row (nodes %d, depth %d)" % (
    wall / len(y) * 1e9, cpu / len(y) * 1e9, full.tree_.node_count, full.get_depth()))
