#!/usr/bin/python3
"""Generate scikit-learn 1.2.1 goldens for BayesianRidge and ARDRegression
(testdata/bayes.json).

Run from the package directory:  /usr/bin/python3 testdata/gen_bayes.py
Diabetes and Boston are read from the CSVs in /work/shared/data/tabular (embedded by
github.com/skgo/skgo/datasets); "wide" (n < p) is synthetic and stored in the JSON.
"""
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import ARDRegression, BayesianRidge

assert sklearn.__version__ == "1.2.1", sklearn.__version__
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


rng = np.random.RandomState(7)
Xw = rng.randn(25, 40)
yw = Xw[:, :4] @ np.array([2.0, -1.0, 0.5, 3.0]) + 0.3 * rng.randn(25) + 1.0
out = {"wide/X": Xw.tolist(), "wide/y": yw.tolist()}
sets = {"diabetes": diabetes(), "boston": boston(), "wide": (Xw, yw)}


def rec(key, m, X):
    out[key + "/coef"] = m.coef_.tolist()
    out[key + "/intercept"] = float(m.intercept_)
    out[key + "/alpha"] = float(m.alpha_)
    out[key + "/lambda"] = np.atleast_1d(m.lambda_).tolist()
    out[key + "/sigma"] = np.atleast_2d(m.sigma_).tolist()
    out[key + "/n_iter"] = int(getattr(m, "n_iter_", 0))
    if m.compute_score:
        out[key + "/scores"] = list(map(float, m.scores_))
    mean, std = m.predict(X[:20], return_std=True)
    out[key + "/pred"] = mean.tolist()
    out[key + "/std"] = std.tolist()


for key, data, kw, weighted in [
    ("br/diabetes", "diabetes", dict(compute_score=True), False),
    ("br/diabetes/weighted", "diabetes", dict(compute_score=True), True),
    ("br/diabetes/noint", "diabetes", dict(fit_intercept=False, tol=1e-6), False),
    ("br/diabetes/init", "diabetes", dict(alpha_init=0.01, lambda_init=1e-3, alpha_1=2.0, lambda_2=0.5, compute_score=True), False),
    ("br/diabetes/n_iter3", "diabetes", dict(n_iter=3), False),
    ("br/boston", "boston", dict(compute_score=True), False),
    ("br/wide", "wide", dict(compute_score=True), False),
]:
    X, y = sets[data]
    sw = np.linspace(0.5, 2.0, len(y)) if weighted else None
    rec(key, BayesianRidge(**kw).fit(X, y, sample_weight=sw), X)

for key, data, kw in [
    ("ard/diabetes", "diabetes", dict(compute_score=True)),
    ("ard/diabetes/threshold", "diabetes", dict(threshold_lambda=1e3, compute_score=True)),
    ("ard/diabetes/noint", "diabetes", dict(fit_intercept=False)),
    ("ard/boston", "boston", dict()),
    ("ard/wide", "wide", dict(compute_score=True)),
]:
    X, y = sets[data]
    rec(key, ARDRegression(**kw).fit(X, y), X)

with open(os.path.join(HERE, "bayes.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
