"""Reference timings for bench/pipeline (scikit-learn 1.2.1, Debian's python):

    /usr/bin/python3 bench/pipeline/reference.py

1. StandardScaler → PolynomialFeatures(2) → Ridge(alpha=1): fit + predict on
   100 000 × 20 standard-normal features (y linear in X plus noise).
2. ColumnTransformer: StandardScaler on 10 numeric columns and OneHotEncoder on 3
   string columns (8, 20 and 50 categories) of 100 000 rows: fit_transform.
3. Pipeline overhead: cross_validate of a 3-step pipeline of cheap steps,
   SimpleImputer → StandardScaler → Ridge(alpha=1), on Boston with KFold(10) and
   scoring r2 (the steps' arithmetic is tiny, so this measures the machinery).
4. The same CV with StandardScaler → PolynomialFeatures(2) → Ridge(alpha=10), where
   the 105-column ridge fits dominate (for reference; not an overhead measurement).
Each prints the median wall time of several runs.
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, PolynomialFeatures, StandardScaler


def median_time(f, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


rng = np.random.default_rng(0)
X = rng.standard_normal((100_000, 20))
y = X @ rng.standard_normal(20) + 0.1 * rng.standard_normal(100_000)


def poly():
    m = make_pipeline(StandardScaler(), PolynomialFeatures(2), Ridge(alpha=1.0))
    m.fit(X, y)
    m.predict(X)


print(f"sklearn scaler+poly2+ridge fit+predict 100000x20   median {median_time(poly, 5)*1e3:9.1f} ms")

cats = {
    "c8": np.array([f"k{i}" for i in range(8)])[rng.integers(0, 8, 100_000)],
    "c20": np.array([f"k{i}" for i in range(20)])[rng.integers(0, 20, 100_000)],
    "c50": np.array([f"k{i}" for i in range(50)])[rng.integers(0, 50, 100_000)],
}
df = pd.DataFrame({f"n{j}": rng.standard_normal(100_000) for j in range(10)} | cats)
ct = ColumnTransformer([
    ("num", StandardScaler(), [f"n{j}" for j in range(10)]),
    ("cat", OneHotEncoder(sparse_output=False), ["c8", "c20", "c50"]),
])
print(f"sklearn ColumnTransformer fit_transform 100000 rows median {median_time(lambda: ct.fit_transform(df), 5)*1e3:9.1f} ms")

path = sys.argv[1] if len(sys.argv) > 1 else "datasets/data/boston_house_prices.csv"
data = np.loadtxt(path, delimiter=",", skiprows=2)
bx, by = data[:, :13], data[:, 13]


def cv_overhead():
    cross_validate(make_pipeline(SimpleImputer(), StandardScaler(), Ridge(alpha=1)), bx, by, cv=KFold(10), scoring="r2")


def cv_poly():
    cross_validate(make_pipeline(StandardScaler(), PolynomialFeatures(2), Ridge(alpha=10)), bx, by, cv=KFold(10), scoring="r2")


print(f"sklearn Boston 10-fold CV of imputer+scaler+ridge   median {median_time(cv_overhead, 21)*1e3:9.2f} ms")
print(f"sklearn Boston 10-fold CV of scaler+poly2+ridge     median {median_time(cv_poly, 15)*1e3:9.1f} ms")
