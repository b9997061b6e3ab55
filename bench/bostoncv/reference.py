"""Reference timing: scikit-learn's cross_validate of LinearRegression on Boston, 10 folds.

Run with Debian's python (scikit-learn 1.2.1):  /usr/bin/python3 bench/bostoncv/reference.py
Prints the median wall time of several repetitions, for the shuffled and the classic folds
with three scorers, and for the classic folds with the single "r2" scorer.
"""
import statistics
import sys
import time

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, cross_validate

path = sys.argv[1] if len(sys.argv) > 1 else "datasets/data/boston_house_prices.csv"
data = np.loadtxt(path, delimiter=",", skiprows=2)
X, y = data[:, :13], data[:, 13]
scoring = ["r2", "neg_root_mean_squared_error", "neg_mean_absolute_error"]

for name, cv in [("shuffled", KFold(10, shuffle=True, random_state=1)), ("classic", KFold(10))]:
    times = []
    for _ in range(15):
        t0 = time.perf_counter()
        res = cross_validate(LinearRegression(), X, y, cv=cv, scoring=scoring)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"sklearn cross_validate {name:8s} median {med*1e3:8.3f} ms  (mean r2 {res['test_r2'].mean():.4f})")

times = []
for _ in range(31):
    t0 = time.perf_counter()
    res = cross_validate(LinearRegression(), X, y, cv=KFold(10), scoring="r2")
    times.append(time.perf_counter() - t0)
med = statistics.median(times)
print(f"sklearn cross_validate r2   classic  median {med*1e3:8.3f} ms  (mean r2 {res['test_score'].mean():.4f})")
