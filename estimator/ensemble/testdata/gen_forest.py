#!/usr/bin/python3
"""Goldens for the random forests, extra trees and isolation forest of
estimator/ensemble, from scikit-learn 1.2.1.

Run by hand: cd estimator/ensemble && /usr/bin/python3 testdata/gen_forest.py
(writes testdata/forest_sklearn.json; about 15 minutes on one core).

Randomised ensembles cannot reproduce scikit-learn's random streams, so the forests
are compared by cross-validated scores: 5-fold KFold without shuffling on iris, wine
and breast cancer (accuracy) and diabetes and Boston (R²), each configuration fitted
with random_state 0..19 (the mean over 5 seeds still moves by up to 0.015 on wine and
Boston); the JSON holds every fold score, and the tests compare the mean over seeds
and folds. The data sets are the copies embedded in skgo's datasets
package (datasets/data), read here the way scikit-learn's loaders read them.

The isolation forest is compared on make_blobs inliers plus uniform outliers (ROC
AUC of the scores, the predicted outliers), and exactly on a forest whose trees are
exported from scikit-learn: scores, decision values and the contamination offset
computed from those trees must match to 1e-12.
"""
import csv
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import make_blobs
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, IsolationForest,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.ensemble._iforest import _average_path_length
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, cross_val_score

assert sklearn.__version__ == "1.2.1", sklearn.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "datasets", "data")
SEEDS = list(range(20))


def sk_csv(name, gz=False):
    """scikit-learn's bundled CSV layout: a first line "n,p,names...", then rows."""
    opener = gzip.open if gz else open
    with opener(os.path.join(DATA, name), "rt") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    n, p = int(head[0]), int(head[1])
    body = rows[1:]
    if name.startswith("boston"):
        body = rows[2:]  # a second line holds the column names
    X = np.array([[float(v) for v in r[:p]] for r in body[:n]])
    y = np.array([float(r[p]) for r in body[:n]])
    return X, y


def diabetes():
    with gzip.open(os.path.join(DATA, "diabetes_data_raw.csv.gz"), "rt") as f:
        X = np.loadtxt(f)
    with gzip.open(os.path.join(DATA, "diabetes_target.csv.gz"), "rt") as f:
        y = np.loadtxt(f)
    return X, y


out = {}
clf_data = {"iris": sk_csv("iris.csv"), "wine": sk_csv("wine_data.csv"),
            "breast_cancer": sk_csv("breast_cancer.csv")}
reg_data = {"diabetes": diabetes(), "boston": sk_csv("boston_house_prices.csv")}
for name, (X, y) in {**clf_data, **reg_data}.items():
    out["data/%s/shape" % name] = list(X.shape)
    out["data/%s/ysum" % name] = float(y.sum())

clf_configs = {
    "rf": (RandomForestClassifier, {}),
    "rf_depth3_log2": (RandomForestClassifier, dict(max_depth=3, max_features="log2")),
    "rf_subsample": (RandomForestClassifier, dict(class_weight="balanced_subsample", max_samples=0.5,
                                                   min_samples_leaf=3)),
    "et": (ExtraTreesClassifier, {}),
    "et_entropy_all": (ExtraTreesClassifier, dict(criterion="entropy", max_features=None, bootstrap=True)),
}
reg_configs = {
    "rf": (RandomForestRegressor, {}),
    "rf_sqrt_leaf5": (RandomForestRegressor, dict(max_features="sqrt", min_samples_leaf=5)),
    "et": (ExtraTreesRegressor, {}),
    "et_leaves30_half": (ExtraTreesRegressor, dict(max_leaf_nodes=30, max_features=0.5)),
}
cv = KFold(n_splits=5, shuffle=False)
for configs, datas in [(clf_configs, clf_data), (reg_configs, reg_data)]:
    for cname, (cls, kw) in configs.items():
        for dname, (X, y) in datas.items():
            scores = []
            for seed in SEEDS:
                m = cls(random_state=seed, n_jobs=1, **kw)
                scores.append(cross_val_score(m, X, y, cv=cv).tolist())
            out["cv/%s/%s" % (cname, dname)] = scores
            print(cname, dname, np.mean(scores), flush=True)

# Out-of-bag scores on the whole data sets.
for dname, (X, y) in clf_data.items():
    out["oob/rf/%s" % dname] = [RandomForestClassifier(oob_score=True, random_state=s).fit(X, y).oob_score_
                                for s in SEEDS]
for dname, (X, y) in reg_data.items():
    out["oob/rf/%s" % dname] = [RandomForestRegressor(oob_score=True, random_state=s).fit(X, y).oob_score_
                                for s in SEEDS]

# Isolation forest: blobs plus uniform outliers.
SEEDS_ISO = list(range(10))
for dname, (n_features, kw) in {"blobs2": (2, {}),
                                 "blobs10": (10, dict(max_features=0.5, bootstrap=True, max_samples=0.3))}.items():
    Xin, _ = make_blobs(n_samples=400, n_features=n_features, centers=3, cluster_std=1.0, random_state=0)
    rng = np.random.RandomState(1)
    Xout = rng.uniform(-15, 15, size=(40, n_features))
    X = np.vstack([Xin, Xout])
    is_out = np.r_[np.zeros(400), np.ones(40)]
    out["iso/%s/X" % dname] = X.tolist()
    out["iso/%s/is_outlier" % dname] = is_out.tolist()
    aucs, preds, preds01, offs = [], [], [], []
    for s in SEEDS_ISO:
        m = IsolationForest(random_state=s, **kw).fit(X)
        aucs.append(roc_auc_score(is_out, -m.score_samples(X)))
        preds.append(m.predict(X).tolist())
        m = IsolationForest(random_state=s, contamination=0.1, **kw).fit(X)
        preds01.append(m.predict(X).tolist())
        offs.append(m.offset_)
    out["iso/%s/auc" % dname] = aucs
    out["iso/%s/predict_auto" % dname] = preds
    out["iso/%s/predict_c0.1" % dname] = preds01
    out["iso/%s/offset_c0.1" % dname] = offs

# Exact scoring: trees exported from scikit-learn. The data are multiples of 1/64,
# exact in float32 (scikit-learn's trees compare float32 features).
rng = np.random.RandomState(3)
X = np.round(rng.normal(size=(60, 3)) * 64) / 64
X[:3] += 6
Q = np.round(rng.normal(size=(25, 3)) * 2 * 64) / 64
for kname, kw in {"plain": dict(n_estimators=7, max_samples=32, contamination=0.1),
                  "feat2_boot": dict(n_estimators=5, max_features=2, bootstrap=True, contamination=0.05),
                  "auto": dict(n_estimators=4)}.items():
    m = IsolationForest(random_state=0, **kw).fit(X)
    trees = []
    for est, feats in zip(m.estimators_, m.estimators_features_):
        t = est.tree_
        feature = [int(feats[f]) if f >= 0 else -1 for f in t.feature]
        trees.append(dict(left=t.children_left.tolist(), right=t.children_right.tolist(), feature=feature,
                          threshold=t.threshold.tolist(), n_node_samples=t.n_node_samples.tolist()))
    key = "isoexact/%s/" % kname
    out[key + "trees"] = trees
    out[key + "max_samples"] = int(m.max_samples_)
    out[key + "offset"] = float(m.offset_)
    out[key + "score_train"] = m.score_samples(X).tolist()
    out[key + "score_query"] = m.score_samples(Q).tolist()
    out[key + "decision_query"] = m.decision_function(Q).tolist()
    out[key + "predict_query"] = m.predict(Q).tolist()
out["isoexact/X"] = X.tolist()
out["isoexact/Q"] = Q.tolist()
ns = [1, 2, 3, 4, 5, 10, 100, 256, 1000, 123456]
out["iso/avg_path/n"] = ns
out["iso/avg_path/c"] = _average_path_length(ns).tolist()

with open(os.path.join(HERE, "forest_sklearn.json"), "w") as f:
    json.dump(out, f)
