#!/usr/bin/python3
"""Generate scikit-learn 1.2.1 goldens for RidgeClassifier and RidgeClassifierCV
(testdata/ridgeclf.json).

Run from the package directory:  /usr/bin/python3 testdata/gen_ridgeclf.py
Iris and breast cancer come from sklearn.datasets (the same numbers as the CSVs
embedded by github.com/skgo/skgo/datasets); breast cancer is standardised with the
population standard deviation (ddof=0), as the Go test does. "iris120" is the first
120 rows of iris (classes of 50, 50 and 20 rows), for class weights.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import RidgeClassifier, RidgeClassifierCV
from sklearn.model_selection import KFold, StratifiedKFold

assert sklearn.__version__ == "1.2.1", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))

iris = load_iris()
bc = load_breast_cancer()
Xbc = (bc.data - bc.data.mean(axis=0)) / bc.data.std(axis=0)
sets = {
    "iris": (iris.data, iris.target.astype(float)),
    "iris120": (iris.data[:120], iris.target[:120].astype(float)),
    "bc": (Xbc, bc.target.astype(float)),
}


def weights(n):
    return np.linspace(0.5, 2.0, n)


out = {}


def rec(key, m, X):
    out[key + "/coef"] = np.atleast_2d(m.coef_).tolist()
    out[key + "/intercept"] = np.atleast_1d(m.intercept_).tolist()
    out[key + "/classes"] = m.classes_.astype(float).tolist()
    out[key + "/predict"] = m.predict(X).astype(float).tolist()
    out[key + "/decision"] = np.atleast_2d(m.decision_function(X).T).T.tolist()


for key, data, kw, weighted in [
    ("clf/iris", "iris", dict(alpha=1.0), False),
    ("clf/iris/alpha0.01/noint", "iris", dict(alpha=0.01, fit_intercept=False), False),
    ("clf/iris120/balanced", "iris120", dict(alpha=2.0, class_weight="balanced"), True),
    ("clf/bc", "bc", dict(alpha=1.0), False),
    ("clf/bc/balanced", "bc", dict(alpha=10.0, class_weight="balanced"), True),
]:
    X, y = sets[data]
    sw = weights(len(y)) if weighted else None
    rec(key, RidgeClassifier(**kw).fit(X, y, sample_weight=sw), X)

for key, data, kw, weighted in [
    ("cv/iris", "iris", dict(), False),
    ("cv/iris/grid", "iris", dict(alphas=np.logspace(-3, 2, 11)), False),
    ("cv/iris120/balanced", "iris120", dict(alphas=np.logspace(-3, 2, 11), class_weight="balanced"), True),
    ("cv/iris/accuracy", "iris", dict(alphas=np.logspace(-3, 2, 11), scoring="accuracy"), False),
    ("cv/bc/grid", "bc", dict(alphas=np.logspace(-3, 3, 13)), False),
    ("cv/bc/noint", "bc", dict(alphas=np.logspace(-3, 3, 13), fit_intercept=False), True),
]:
    X, y = sets[data]
    sw = weights(len(y)) if weighted else None
    m = RidgeClassifierCV(store_cv_values=True, **kw).fit(X, y, sample_weight=sw)
    rec(key, m, X)
    out[key + "/alphas"] = list(map(float, kw.get("alphas", [0.1, 1.0, 10.0])))
    out[key + "/alpha"] = float(m.alpha_)
    out[key + "/best_score"] = float(m.best_score_)
    cv = m.cv_values_
    out[key + "/cv_values"] = cv.reshape(cv.shape[0] * cv.shape[1], cv.shape[2]).tolist()

for key, data, kw in [
    ("split/iris/skf5", "iris", dict(alphas=np.logspace(-3, 2, 11), cv=StratifiedKFold(5))),
    ("split/bc/kfold4", "bc", dict(alphas=np.logspace(-3, 3, 13), cv=KFold(4), class_weight="balanced")),
]:
    X, y = sets[data]
    m = RidgeClassifierCV(**kw).fit(X, y)
    rec(key, m, X)
    out[key + "/alphas"] = list(map(float, kw["alphas"]))
    out[key + "/alpha"] = float(m.alpha_)
    out[key + "/best_score"] = float(m.best_score_)

with open(os.path.join(HERE, "ridgeclf.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
