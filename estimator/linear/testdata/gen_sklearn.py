#!/usr/bin/python3
"""Generate scikit-learn 1.2.1 goldens for package linear (least squares models).

Run from the package directory:  /usr/bin/python3 testdata/gen_sklearn.py
Writes testdata/sklearn.json. Data: the CSVs in /work/shared/data/tabular (the same
files embedded by github.com/skgo/skgo/datasets) plus small synthetic sets whose X and
y are stored in the JSON so the Go tests use identical inputs.
"""
import gzip
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.simplefilter("ignore", ConvergenceWarning)
warnings.simplefilter("ignore", UserWarning)

DATA = "/work/shared/data/tabular"
HERE = os.path.dirname(os.path.abspath(__file__))


def boston():
    raw = np.loadtxt(os.path.join(DATA, "boston_house_prices.csv"), delimiter=",", skiprows=2)
    return raw[:, :13].copy(), raw[:, 13].copy()


def diabetes():
    with gzip.open(os.path.join(DATA, "diabetes_data_raw.csv.gz"), "rt") as f:
        X = np.loadtxt(f)
    with gzip.open(os.path.join(DATA, "diabetes_target.csv.gz"), "rt") as f:
        y = np.loadtxt(f)
    # Same formula as datasets.Diabetes (and load_diabetes(scaled=True)): centre each
    # column and divide by its Euclidean norm.
    X = X - X.mean(axis=0)
    X = X / np.sqrt((X ** 2).sum(axis=0))
    return X, y


def synth():
    rng = np.random.RandomState(0)
    n, p = 120, 6
    X = rng.randn(n, p) * np.array([1.0, 10.0, 0.1, 3.0, 1.0, 100.0]) + np.array([5.0, -3.0, 1.0, 0.0, 50.0, 7.0])
    w = np.array([1.5, -0.2, 4.0, 0.0, 0.7, 0.01])
    y = X @ w + 2.0 + 0.5 * rng.randn(n)
    sw = rng.uniform(0.1, 3.0, size=n)
    return X, y, sw


def rankdef():
    rng = np.random.RandomState(1)
    n = 40
    a = rng.randn(n) + 2.0
    b = rng.randn(n)
    c = rng.randn(n) * 3.0 - 1.0
    # Columns: a, b, a (duplicate), c, constant 4.
    X = np.column_stack([a, b, a, c, np.full(n, 4.0)])
    y = 1.0 + 2.0 * a - b + 0.5 * c + 0.1 * rng.randn(n)
    return X, y


out = {}
Xb, yb = boston()
Xd, yd = diabetes()
Xs, ys, sws = synth()
Xr, yr = rankdef()
out["synth/X"] = Xs.tolist()
out["synth/y"] = ys.tolist()
out["synth/w"] = sws.tolist()
out["rankdef/X"] = Xr.tolist()
out["rankdef/y"] = yr.tolist()

sets = {"boston": (Xb, yb), "diabetes": (Xd, yd), "synth": (Xs, ys), "rankdef": (Xr, yr)}


def record(key, m, X, y, sw=None):
    m.fit(X, y, sample_weight=sw)
    out[key + "/coef"] = np.asarray(m.coef_, dtype=float).ravel().tolist()
    out[key + "/intercept"] = float(m.intercept_)
    if hasattr(m, "n_iter_") and m.n_iter_ is not None:
        out[key + "/n_iter"] = int(np.ravel(m.n_iter_)[0])
    if hasattr(m, "dual_gap_"):
        out[key + "/dual_gap"] = float(m.dual_gap_)
    out[key + "/pred"] = m.predict(X[:5]).tolist()


# Ordinary least squares (scipy lstsq, gelsd, minimum norm).
for name in ["boston", "diabetes", "synth", "rankdef"]:
    X, y = sets[name]
    record(f"ols/{name}", LinearRegression(), X, y)
    record(f"ols/{name}/noint", LinearRegression(fit_intercept=False), X, y)
record("ols/synth/weighted", LinearRegression(), Xs, ys, sws)
record("ols/boston/weighted", LinearRegression(), Xb, yb, np.linspace(0.5, 2.0, len(yb)))

# Ridge.
for name, alpha, fi in [
    ("boston", 1.0, True), ("boston", 10.0, False), ("boston", 1e-3, True),
    ("diabetes", 0.1, True), ("diabetes", 1.0, True), ("diabetes", 1.0, False),
    ("synth", 1.0, True), ("rankdef", 1.0, True), ("rankdef", 0.5, False),
]:
    X, y = sets[name]
    key = f"ridge/{name}/alpha={alpha:g}" + ("" if fi else "/noint")
    record(key, Ridge(alpha=alpha, fit_intercept=fi), X, y)
record("ridge/synth/alpha=1/weighted", Ridge(alpha=1.0), Xs, ys, sws)
record("ridge/synth/alpha=0/weighted", Ridge(alpha=0.0), Xs, ys, sws)

# Lasso and ElasticNet with scikit-learn's defaults (max_iter=1000, tol=1e-4, cyclic).
for name, alpha, fi, pos in [
    ("diabetes", 0.01, True, False), ("diabetes", 0.1, True, False), ("diabetes", 1.0, True, False),
    ("diabetes", 0.1, False, False), ("diabetes", 0.05, True, True),
    ("boston", 0.1, True, False), ("boston", 1.0, True, False),
    ("synth", 0.1, True, False), ("rankdef", 0.05, True, False),
]:
    X, y = sets[name]
    key = f"lasso/{name}/alpha={alpha:g}" + ("" if fi else "/noint") + ("/positive" if pos else "")
    record(key, Lasso(alpha=alpha, fit_intercept=fi, positive=pos), X, y)
record("lasso/synth/alpha=0.1/weighted", Lasso(alpha=0.1), Xs, ys, sws)

for name, alpha, l1, fi in [
    ("diabetes", 0.01, 0.5, True), ("diabetes", 0.1, 0.2, True), ("diabetes", 0.001, 0.9, False),
    ("diabetes", 0.01, 0.0, True),
    ("boston", 1.0, 0.5, True), ("boston", 0.5, 0.1, False),
    ("synth", 0.05, 0.7, True), ("rankdef", 0.1, 0.5, True),
]:
    X, y = sets[name]
    key = f"enet/{name}/alpha={alpha:g}/l1={l1:g}" + ("" if fi else "/noint")
    record(key, ElasticNet(alpha=alpha, l1_ratio=l1, fit_intercept=fi), X, y)
record("enet/synth/alpha=0.05/l1=0.7/weighted", ElasticNet(alpha=0.05, l1_ratio=0.7), Xs, ys, sws)

with open(os.path.join(HERE, "sklearn.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
    f.write("\n")
print("wrote", len(out), "keys")
