#!/usr/bin/python3
"""Reference timings for bench/ols: scikit-learn 1.2.1 LinearRegression.fit and
Ridge.fit on a 200 000 x 100 float64 problem (same shape and construction as main.go,
different random numbers), median of several runs. Also numpy normal equations.

    /usr/bin/python3 bench/ols/reference.py [runs]
"""
import sys
import time

import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression, Ridge

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
n, p = 200000, 100
rng = np.random.default_rng(2024)
w = rng.standard_normal(p)
X = rng.standard_normal((n, p)) + (np.arange(p) % 7)
y = X @ w + 3.0 + 0.1 * rng.standard_normal(n)
print(f"data: {n} x {p} float64, sklearn {sklearn.__version__}, numpy {np.__version__}")


def bench(name, fit):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        coef = fit()
        times.append(time.perf_counter() - t0)
    times.sort()
    err = np.max(np.abs(coef - w))
    print(f"{name:<28s} fit median {times[len(times) // 2]:.3f} s (min {times[0]:.3f}, max {times[-1]:.3f}, {runs} runs)  max|coef-w| {err:.1e}")


bench("sklearn LinearRegression", lambda: LinearRegression().fit(X, y).coef_)
bench("sklearn Ridge(alpha=1)", lambda: Ridge(alpha=1.0).fit(X, y).coef_)


def normal_equations():
    xm = X.mean(axis=0)
    Xc = X - xm
    return np.linalg.solve(Xc.T @ Xc, Xc.T @ (y - y.mean()))


bench("numpy normal equations", normal_equations)
