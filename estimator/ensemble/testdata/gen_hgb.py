#!/usr/bin/python3
"""Goldens for HistGradientBoostingRegressor/Classifier, from scikit-learn 1.2.1.

Run by hand: cd estimator/ensemble && /usr/bin/python3 testdata/gen_hgb.py
Writes testdata/hgb_sklearn.json. Bundled data sets (diabetes, Boston, breast cancer,
iris, wine) are identified by a checksum; the Go tests load skgo's embedded copies.
Generated sets (make_regression, make_classification, a set with 20% NaN and a set
with a categorical column) are stored in the JSON. Every model runs with
early_stopping=False, so its predictions depend only on the binning and the trees.
Splits are train_test_split(random_state=0); the indices are stored.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import (load_breast_cancer, load_diabetes, load_iris, load_wine,
                              make_classification, make_regression)
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {}


def boston():
    raw = np.loadtxt("/work/shared/data/tabular/boston_house_prices.csv", delimiter=",", skiprows=2)
    return raw[:, :13], raw[:, 13]


def split(n):
    tr, te = train_test_split(np.arange(n), random_state=0)
    return np.sort(tr), np.sort(te)


def record(key, X, y, model, clf, store_data=False, fit_params=None):
    tr, te = split(len(y))
    model.fit(X[tr], y[tr])
    d = {"train": tr.tolist(), "test": te.tolist(), "params": model.get_params()}
    d["params"] = {k: v for k, v in d["params"].items() if isinstance(v, (int, float, str, list, type(None)))}
    if store_data:
        d["X"] = [[None if np.isnan(v) else v for v in row] for row in X.tolist()]
        d["y"] = y.tolist()
    else:
        d["checksum"] = float(np.nansum(X) + np.sum(y))
    if clf:
        d["proba"] = model.predict_proba(X[te]).tolist()
        d["score"] = accuracy_score(y[te], model.predict(X[te]))
    else:
        d["pred"] = model.predict(X[te]).tolist()
        d["score"] = r2_score(y[te], model.predict(X[te]))
    d["n_iter"] = model.n_iter_
    out[key] = d
    return model


off = dict(early_stopping=False)

Xd, yd = load_diabetes(return_X_y=True)
Xb, yb = boston()
Xc, yc = load_breast_cancer(return_X_y=True)
Xi, yi = load_iris(return_X_y=True)
Xw, yw = load_wine(return_X_y=True)
Xr, yr = make_regression(n_samples=2000, n_features=10, n_informative=6, noise=10, random_state=0)
Xk, yk = make_classification(n_samples=2000, n_features=10, n_informative=5, n_classes=3, random_state=0)
yi, yw, yc, yk = yi.astype(float), yw.astype(float), yc.astype(float), yk.astype(float)

record("diabetes", Xd, yd, HistGradientBoostingRegressor(**off), False)
record("diabetes/absolute_error", Xd, yd, HistGradientBoostingRegressor(loss="absolute_error", **off), False)
record("diabetes/poisson", Xd, yd, HistGradientBoostingRegressor(loss="poisson", **off), False)
record("diabetes/quantile", Xd, yd, HistGradientBoostingRegressor(loss="quantile", quantile=0.8, **off), False)
record("diabetes/small", Xd, yd, HistGradientBoostingRegressor(max_iter=30, max_leaf_nodes=None, max_depth=3,
       min_samples_leaf=5, l2_regularization=1.0, max_bins=32, learning_rate=0.2, **off), False)
record("boston", Xb, yb, HistGradientBoostingRegressor(**off), False)
record("breast_cancer", Xc, yc, HistGradientBoostingClassifier(**off), True)
record("iris", Xi, yi, HistGradientBoostingClassifier(**off), True)
record("wine", Xw, yw, HistGradientBoostingClassifier(**off), True)
m = record("make_regression", Xr, yr, HistGradientBoostingRegressor(**off), False, store_data=True)
out["make_regression"]["thresholds"] = [t.tolist() for t in m._bin_mapper.bin_thresholds_]
record("make_classification", Xk, yk, HistGradientBoostingClassifier(**off), True, store_data=True)
m = HistGradientBoostingClassifier(**off).fit(Xc, yc)
out["breast_cancer"]["thresholds"] = [t.tolist() for t in m._bin_mapper.bin_thresholds_]

# 20% missing values (missing completely at random)
rng = np.random.RandomState(0)
Xm = Xr.copy()
Xm[rng.uniform(size=Xm.shape) < 0.2] = np.nan
record("missing_regression", Xm, yr, HistGradientBoostingRegressor(**off), False, store_data=True)
Xmk = Xk.copy()
Xmk[rng.uniform(size=Xmk.shape) < 0.2] = np.nan
record("missing_classification", Xmk, yk, HistGradientBoostingClassifier(**off), True, store_data=True)

# a categorical column with 12 levels whose effect is not ordered, plus 3 numeric
# columns and a few missing categories
rng = np.random.RandomState(1)
n = 1500
cat = rng.randint(0, 12, size=n).astype(float)
effect = rng.normal(scale=3, size=12)
Xn = rng.normal(size=(n, 3))
yz = effect[cat.astype(int)] + Xn[:, 0] - 0.5 * Xn[:, 1] + rng.normal(scale=0.5, size=n)
cat[rng.uniform(size=n) < 0.05] = np.nan
Xz = np.column_stack([cat, Xn])
record("categorical", Xz, yz, HistGradientBoostingRegressor(categorical_features=[0], **off), False, store_data=True)
yzc = (yz > np.median(yz)).astype(float)
record("categorical_classification", Xz, yzc, HistGradientBoostingClassifier(categorical_features=[0], **off), True, store_data=True)

# monotonic constraints on make_regression's first two features
record("monotonic", Xr, yr, HistGradientBoostingRegressor(monotonic_cst=[1, -1] + [0] * 8, **off), False)

with open("testdata/hgb_sklearn.json", "w") as f:
    json.dump(out, f)
