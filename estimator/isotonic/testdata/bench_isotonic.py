#!/usr/bin/python3
"""Time scikit-learn's IsotonicRegression.fit on the data of BenchmarkFit's shape."""
import timeit

import numpy as np
from sklearn.isotonic import IsotonicRegression

rng = np.random.RandomState(1)
n = 100_000
x = rng.normal(0, 2, n)
y = np.tanh(x) + rng.normal(0, 0.5, n)
t = min(timeit.repeat(lambda: IsotonicRegression().fit(x, y), number=1, repeat=20))
print(f"IsotonicRegression.fit, n={n}: {t * 1e3:.1f} ms")
