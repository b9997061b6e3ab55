#!/usr/bin/python3
"""Generate scikit-learn 1.2.1 goldens for LassoCV and ElasticNetCV (testdata/cv_enet.json).

Run from the package directory:  /usr/bin/python3 testdata/gen_cv_enet.py
Diabetes and Boston come from the CSVs in /work/shared/data/tabular (embedded by
github.com/skgo/skgo/datasets); "wide" (n < p) is synthetic and stored in the JSON.
"""
import gzip
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNetCV, LassoCV
from sklearn.model_selection import KFold

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.simplefilter("ignore", ConvergenceWarning)
warnings.simplefilter("ignore", UserWarning)
DATA = "/work/shared/data/tabular"
HERE = os.path.dirname(os.path.abspath(__file__))


def diabetes():
    with gzip.open(os.path.join(DATA, "diabetes_data_raw.csv.gz"), "rt") as f:
        X = np.loadtxt(f)
    with gzip.open(os.path.join(DATA, "diabetes_target.csv.gz"), "rt") as f:
        y = np.loadtxt(f)
    X = X - X.mean(axis=0)
    X = X / np.sqrt((X ** 2).sum(axis=0))
    return X, y


def boston():
    raw = np.loadtxt(os.path.join(DATA, "boston_house_prices.csv"), delimiter=",", skiprows=2)
    return raw[:, :13].copy(), raw[:, 13].copy()


rng = np.random.RandomState(11)
Xw = rng.randn(40, 60)
yw = Xw[:, :5] @ np.array([3.0, -2.0, 1.5, 0.0, 4.0]) + 0.5 * rng.randn(40) + 2.0
out = {"wide/X": Xw.tolist(), "wide/y": yw.tolist()}
sets = {"diabetes": diabetes(), "boston": boston(), "wide": (Xw, yw)}


def rec(key, m):
    out[key + "/alpha"] = float(m.alpha_)
    out[key + "/alphas"] = np.atleast_2d(m.alphas_).tolist()
    mse = m.mse_path_
    if mse.ndim == 2:
        mse = mse[np.newaxis]
    out[key + "/mse_path"] = [a.tolist() for a in mse]
    out[key + "/coef"] = m.coef_.tolist()
    out[key + "/intercept"] = float(m.intercept_)
    out[key + "/n_iter"] = int(m.n_iter_)
    out[key + "/dual_gap"] = float(m.dual_gap_)
    if hasattr(m, "l1_ratio_"):
        out[key + "/l1_ratio"] = float(m.l1_ratio_)


for key, cls, data, kw, weighted in [
    ("lasso/diabetes", LassoCV, "diabetes", dict(), False),
    ("lasso/diabetes/alphas", LassoCV, "diabetes", dict(alphas=[0.001, 0.5, 0.01, 0.1, 1.0, 0.05]), False),
    ("lasso/diabetes/weighted", LassoCV, "diabetes", dict(n_alphas=30), True),
    ("lasso/diabetes/noint/kfold3", LassoCV, "diabetes", dict(fit_intercept=False, cv=KFold(3)), False),
    ("lasso/diabetes/positive", LassoCV, "diabetes", dict(positive=True, eps=1e-2, n_alphas=40), False),
    ("lasso/boston", LassoCV, "boston", dict(n_alphas=50), False),
    ("lasso/wide", LassoCV, "wide", dict(n_alphas=40), False),
    ("enet/diabetes", ElasticNetCV, "diabetes", dict(), False),
    ("enet/diabetes/ratios", ElasticNetCV, "diabetes", dict(l1_ratio=[0.1, 0.5, 0.9, 1.0], n_alphas=50), False),
    ("enet/diabetes/ratios0", ElasticNetCV, "diabetes", dict(l1_ratio=[0.0, 0.3, 0.7], alphas=[0.0005, 0.005, 0.05, 0.5]), True),
    ("enet/wide", ElasticNetCV, "wide", dict(l1_ratio=[0.2, 0.8], n_alphas=30, cv=KFold(4)), False),
]:
    X, y = sets[data]
    sw = np.linspace(0.5, 2.0, len(y)) if weighted else None
    rec(key, cls(**kw).fit(X, y, sample_weight=sw))

with open(os.path.join(HERE, "cv_enet.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
