#!/usr/bin/python3
"""Generate scikit-learn 1.2.1 goldens for RidgeCV (testdata/ridgecv.json).

Run from the package directory:  /usr/bin/python3 testdata/gen_ridgecv.py
Data: the CSVs in /work/shared/data/tabular (embedded by github.com/skgo/skgo/datasets)
and small synthetic sets whose X and y are stored in the JSON.
"""
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import Ridge, RidgeCV
from sklearn.model_selection import KFold

assert sklearn.__version__ == "1.2.1", sklearn.__version__

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
    X = X - X.mean(axis=0)
    X = X / np.sqrt((X ** 2).sum(axis=0))
    return X, y


def wide():
    rng = np.random.RandomState(3)
    X = rng.randn(30, 50) * 2 + 1
    y = X[:, :5] @ np.array([1.0, -2.0, 0.5, 3.0, 0.0]) + rng.randn(30) + 4
    return X, y


out = {}
rng = np.random.RandomState(0)
Xw, yw = wide()
out["wide/X"] = Xw.tolist()
out["wide/y"] = yw.tolist()
sets = {"diabetes": diabetes(), "boston": boston(), "wide": (Xw, yw)}


def weights(n):
    return np.linspace(0.5, 2.0, n)


cases = [
    ("diabetes/default", "diabetes", dict(), False),
    ("diabetes/grid", "diabetes", dict(alphas=np.logspace(-3, 2, 12)), False),
    ("diabetes/weighted", "diabetes", dict(alphas=np.logspace(-3, 2, 12)), True),
    ("diabetes/noint", "diabetes", dict(alphas=np.logspace(-3, 2, 12), fit_intercept=False), False),
    ("diabetes/r2", "diabetes", dict(alphas=np.logspace(-3, 2, 12), scoring="r2"), False),
    ("diabetes/mae", "diabetes", dict(alphas=np.logspace(-3, 2, 12), scoring="neg_mean_absolute_error"), False),
    ("diabetes/eigen", "diabetes", dict(alphas=np.logspace(-3, 2, 12), gcv_mode="eigen"), True),
    ("boston/grid", "boston", dict(alphas=np.logspace(-2, 3, 9)), False),
    ("boston/weighted", "boston", dict(alphas=np.logspace(-2, 3, 9)), True),
    ("wide/auto", "wide", dict(alphas=np.logspace(-2, 3, 9)), False),
    ("wide/svd", "wide", dict(alphas=np.logspace(-2, 3, 9), gcv_mode="svd"), True),
    ("wide/noint", "wide", dict(alphas=np.logspace(-2, 3, 9), fit_intercept=False), False),
]
for key, data, kw, weighted in cases:
    X, y = sets[data]
    sw = weights(len(y)) if weighted else None
    m = RidgeCV(store_cv_values=True, **kw).fit(X, y, sample_weight=sw)
    out[key + "/alphas"] = list(map(float, kw.get("alphas", [0.1, 1.0, 10.0])))
    out[key + "/alpha"] = float(m.alpha_)
    out[key + "/best_score"] = float(m.best_score_)
    out[key + "/coef"] = m.coef_.tolist()
    out[key + "/intercept"] = float(m.intercept_)
    out[key + "/cv_values"] = m.cv_values_.tolist()
    # scikit-learn's RidgeCV forms coef_ from the dual coefficients, Xᵀ(y − ŷ)/α,
    # which loses digits on ill-conditioned data (Boston: up to 3e-6 relative);
    # Ridge(alpha_, solver="svd") is the accurate solution of the same problem.
    r = Ridge(alpha=m.alpha_, fit_intercept=kw.get("fit_intercept", True), solver="svd").fit(X, y, sample_weight=sw)
    out[key + "/ridge_coef"] = r.coef_.tolist()
    out[key + "/ridge_intercept"] = float(r.intercept_)

# Cross-validation with a splitter: GridSearchCV over Ridge.
for key, data, kw in [
    ("cv/diabetes/kfold5", "diabetes", dict(alphas=np.logspace(-3, 2, 12), cv=KFold(5))),
    ("cv/diabetes/kfold3/mse", "diabetes", dict(alphas=np.logspace(-3, 2, 12), cv=KFold(3), scoring="neg_mean_squared_error")),
    ("cv/boston/kfold4", "boston", dict(alphas=np.logspace(-2, 3, 9), cv=KFold(4))),
]:
    X, y = sets[data]
    m = RidgeCV(**kw).fit(X, y)
    out[key + "/alphas"] = list(map(float, kw["alphas"]))
    out[key + "/alpha"] = float(m.alpha_)
    out[key + "/best_score"] = float(m.best_score_)
    out[key + "/coef"] = m.coef_.tolist()
    out[key + "/intercept"] = float(m.intercept_)

with open(os.path.join(HERE, "ridgecv.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
