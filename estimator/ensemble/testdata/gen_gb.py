#!/usr/bin/python3
"""Goldens for gradient boosting and AdaBoost in estimator/ensemble, from scikit-learn 1.2.1.

Run by hand: cd estimator/ensemble && /usr/bin/python3 testdata/gen_gb.py
Writes testdata/gb_sklearn.json.

scikit-learn's trees work on float32 copies of X, so every X here is rounded to
float32 first (the Go tests round the same way): both sides then split the same
numbers. Diabetes (scikit-learn's scaled copy) is stored in the JSON; Boston, breast
cancer and iris come from the datasets package (the same CSV files scikit-learn ships).
Predictions are taken on the training rows (a split's partition of the training data
does not depend on how equal-gain features are ordered) and on held-out rows.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes, load_breast_cancer, load_iris, load_wine
from sklearn.ensemble import (GradientBoostingRegressor, GradientBoostingClassifier,
                              AdaBoostClassifier, AdaBoostRegressor)
from sklearn.model_selection import KFold, cross_val_score
from sklearn.tree import DecisionTreeClassifier

assert sklearn.__version__ == "1.2.1", sklearn.__version__

here = os.path.dirname(os.path.abspath(__file__))
out = {}


def f32(X):
    return np.asarray(X, dtype=np.float32).astype(np.float64)


def boston():
    path = os.path.join(here, "../../../datasets/data/boston_house_prices.csv")
    d = np.loadtxt(path, delimiter=",", skiprows=2)
    return d[:, :13], d[:, 13]


dX, dy = load_diabetes(return_X_y=True)
dX = f32(dX)
out["diabetes/X"] = dX.tolist()
out["diabetes/y"] = dy.tolist()
bX, by = boston()
bX = f32(bX)
out["boston/sum"] = float(bX.sum())
cX, cy = load_breast_cancer(return_X_y=True)
cX = f32(cX)
out["cancer/sum"] = float(cX.sum())
iX, iy = load_iris(return_X_y=True)
iX = f32(iX)

STAGES = [1, 5, 10]
SEEDS = range(4)
rng = np.random.RandomState(0)
wd = rng.uniform(0.5, 2, len(dy) - 40)
wb = rng.uniform(0.5, 2, len(by) - 40)
out["diabetes/w"] = wd.tolist()
out["boston/w"] = wb.tolist()


def invariant(results, key):
    """Whether scikit-learn's output for key is the same for every random_state: if
    not, equal-gain splits were broken by scikit-learn's random feature order and
    the value is not a golden (see the package doc on ties)."""
    ref = np.asarray(results[0][key], dtype=float)
    return all(np.allclose(np.asarray(r[key], dtype=float), ref, rtol=1e-12, atol=1e-12)
               for r in results[1:])


def record(k, results):
    exact = []
    for key, v in results[0].items():
        out[k + key] = v
        if invariant(results, key):
            exact.append(key)
    out[k + "exact"] = exact


def reg_case(name, X, y, w=None, **kw):
    ntr = len(y) - 40
    results = []
    for seed in SEEDS:
        m = GradientBoostingRegressor(random_state=seed, **kw).fit(X[:ntr], y[:ntr], sample_weight=w)
        r = {"predict_train": m.predict(X[:ntr]).tolist(), "predict_test": m.predict(X[ntr:]).tolist(),
             "train_score": m.train_score_.tolist(), "importances": m.feature_importances_.tolist(),
             "n": int(m.n_estimators_)}
        st = list(m.staged_predict(X[:ntr]))
        for s in STAGES:
            r["staged/%d" % s] = st[s - 1].tolist()
        results.append(r)
    record("gbr/" + name + "/", results)


# Two-valued residuals (absolute error, quantile, the first stage of the classifiers)
# make many splits tie exactly unless the weights are continuous; one-row leaves tie
# between features that isolate the same row. The cases below avoid both where they
# can (weights wd / wb, MinSamplesLeaf 5 or 10) and the "exact" lists say what is
# tie-free.
reg_case("diabetes/squared_error", dX, dy, n_estimators=30, min_samples_leaf=5)
reg_case("diabetes/huber", dX, dy, loss="huber", n_estimators=30, min_samples_leaf=5)
reg_case("diabetes/absolute_error", dX, dy, loss="absolute_error", n_estimators=30)
reg_case("diabetes/quantile", dX, dy, loss="quantile", n_estimators=30)
reg_case("diabetes/huber0.7", dX, dy, loss="huber", alpha=0.7, n_estimators=20, min_samples_leaf=5)
reg_case("diabetes/sq_depth2", dX, dy, criterion="squared_error", max_depth=2,
         learning_rate=0.3, min_samples_leaf=5, n_estimators=25)
reg_case("diabetes/zero", dX, dy, init="zero", n_estimators=20, min_samples_leaf=5)
reg_case("diabetes/leaves", dX, dy, max_leaf_nodes=6, max_depth=None, n_estimators=15, min_samples_leaf=5)
reg_case("diabetes/default", dX, dy, n_estimators=20)
for loss in ["squared_error", "absolute_error", "huber", "quantile"]:
    reg_case("diabetes/w_" + loss, dX, dy, w=wd, loss=loss, n_estimators=30, min_samples_leaf=10)
reg_case("diabetes/w_quantile0.3", dX, dy, w=wd, loss="quantile", alpha=0.3, n_estimators=20, min_samples_leaf=10)
for loss in ["squared_error", "huber"]:
    reg_case("boston/" + loss, bX, by, loss=loss, n_estimators=40, min_samples_leaf=10)
# Not Boston with weighted absolute or quantile loss: there two-valued residuals make
# pure nodes whose impurity, computed as a difference of sums, is a few ulp either side
# of scikit-learn's EPSILON depending on the order of the rows in the node, so whether
# such a node is split is rounding noise (the diabetes cases above happen to be clear).


def clf_case(name, X, y, weighted=False, **kw):
    ntr = len(y) - 40
    idx = np.random.RandomState(0).permutation(len(y))  # iris is sorted by class
    tr, te = np.sort(idx[:ntr]), np.sort(idx[ntr:])
    w = np.random.RandomState(1).uniform(0.5, 2, ntr) if weighted else None
    k = "gbc/" + name + "/"
    out[k + "train"] = tr.tolist()
    out[k + "test"] = te.tolist()
    if w is not None:
        out[k + "w"] = w.tolist()
    results = []
    for seed in SEEDS:
        m = GradientBoostingClassifier(random_state=seed, **kw).fit(X[tr], y[tr], sample_weight=w)
        r = {"predict_test": m.predict(X[te]).tolist(), "proba_train": m.predict_proba(X[tr]).tolist(),
             "proba_test": m.predict_proba(X[te]).tolist(),
             "decision_train": np.asarray(m.decision_function(X[tr])).tolist(),
             "train_score": m.train_score_.tolist(), "importances": m.feature_importances_.tolist()}
        st = list(m.staged_predict_proba(X[tr]))
        for s in STAGES:
            r["staged/%d" % s] = st[s - 1].tolist()
        results.append(r)
    record(k, results)


wX, wy = load_wine(return_X_y=True)
wX = f32(wX)
out["wine/sum"] = float(wX.sum())
clf_case("cancer/log_loss", cX, cy, n_estimators=30, min_samples_leaf=10)
clf_case("cancer/w_log_loss", cX, cy, weighted=True, n_estimators=30, min_samples_leaf=10)
clf_case("cancer/w_exponential", cX, cy, weighted=True, loss="exponential", n_estimators=30, min_samples_leaf=10)
clf_case("iris/log_loss", iX, iy, n_estimators=30)
clf_case("wine/w_log_loss", wX, wy, weighted=True, n_estimators=30, min_samples_leaf=5)
clf_case("wine/w_depth1", wX, wy, weighted=True, n_estimators=20, max_depth=1, learning_rate=0.5)

# AdaBoost. Stumps tie between features (iris: petal length and width both isolate
# setosa) and scikit-learn breaks the tie by its random feature order, so outputs are
# goldens only where four random_state values agree ("exact"); besides, 5-fold
# (unshuffled) cross-validated accuracy is recorded.
folds = KFold(5)
for dname, X, y in [("iris", iX, iy), ("cancer", cX, cy), ("wine", wX, wy)]:
    for alg in ["SAMME", "SAMME.R"]:
        k = "ada/%s/%s/" % (dname, alg)
        results = []
        for seed in SEEDS:
            m = AdaBoostClassifier(algorithm=alg, random_state=seed).fit(X, y)
            results.append({"predict": m.predict(X).tolist(), "proba": m.predict_proba(X).tolist(),
                            "decision": np.asarray(m.decision_function(X)).tolist(),
                            "weights": m.estimator_weights_.tolist(), "errors": m.estimator_errors_.tolist(),
                            "n": len(m.estimators_),
                            "staged/10": list(m.staged_predict_proba(X))[9].tolist()})
        record(k, results)
        out[k + "cv"] = cross_val_score(AdaBoostClassifier(algorithm=alg, random_state=0),
                                        X, y, cv=folds).mean()
        m = AdaBoostClassifier(DecisionTreeClassifier(max_depth=2), algorithm=alg,
                               n_estimators=30, learning_rate=0.5, random_state=0)
        out[k + "cv_depth2"] = cross_val_score(m, X, y, cv=folds).mean()

# AdaBoost.R2 draws a weighted bootstrap sample for every tree from numpy's
# RandomState, which Go does not reproduce: the goldens are 5-fold cross-validated R²
# averaged over random_state 0..9 (and their spread).
for dname, X, y in [("diabetes", dX, dy), ("boston", bX, by)]:
    for loss in ["linear", "square", "exponential"]:
        k = "adar/%s/%s/" % (dname, loss)
        scores = [cross_val_score(AdaBoostRegressor(loss=loss, random_state=s), X, y, cv=folds).mean()
                  for s in range(10)]
        out[k + "cv"] = float(np.mean(scores))
        out[k + "cv_std"] = float(np.std(scores))

def short(v):
    """12 significant digits: far below the tests' 1e-6 tolerance, a third smaller file."""
    if isinstance(v, float):
        return float("%.12g" % v)
    if isinstance(v, list):
        return [short(e) for e in v]
    return v


out = {k: (v if k == "diabetes/X" or k.endswith("/sum") else short(v)) for k, v in out.items()}
with open(os.path.join(here, "gb_sklearn.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
