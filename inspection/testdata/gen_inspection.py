#!/usr/bin/python3
"""Goldens for package inspection, from scikit-learn 1.2.1.

Run by hand: cd inspection && /usr/bin/python3 testdata/gen_inspection.py
Partial dependence ("brute" method) is deterministic and is compared value by value;
permutation importance depends on numpy's shuffles, so its golden is the mean
importance over many repeats, compared with a tolerance.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes, load_iris
from sklearn.inspection import partial_dependence, permutation_importance
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsRegressor

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {}
dia = load_diabetes()
Xd, yd = dia.data, dia.target.astype(float)
out["diabetes/X"] = Xd.tolist()
out["diabetes/y"] = yd.tolist()
iris = load_iris()
X, y = iris.data, iris.target.astype(float)
out["iris/X"] = X.tolist()
out["iris/y"] = y.tolist()
yb = (iris.target == 2).astype(float)
out["iris/ybin"] = yb.tolist()


def pd(key, est, Xs, features, **kw):
    r = partial_dependence(est, Xs, features, **kw)
    out[key + "/values"] = [v.tolist() for v in r["values"]]
    if "average" in r:
        out[key + "/average"] = r["average"].reshape(r["average"].shape[0], -1).tolist()
    if "individual" in r:
        ind = r["individual"]
        out[key + "/individual"] = ind.reshape(ind.shape[0], ind.shape[1], -1).tolist()


lr = LinearRegression().fit(Xd, yd)
pd("lr/f2", lr, Xd, [2])
pd("lr/f2f3", lr, Xd, [2, 3])
pd("lr/f1", lr, Xd, [1])  # sex: two unique values
pd("lr/f2_ice", lr, Xd[:40], [2], kind="both")
pd("lr/f2_p10", lr, Xd, [2], percentiles=(0.1, 0.9), grid_resolution=20)
knn = KNeighborsRegressor().fit(Xd, yd)
pd("knn/f0", knn, Xd, [0])
pd("knn/f2f8", knn, Xd, [2, 8], grid_resolution=15)
nb = GaussianNB().fit(X, y)
pd("nb/f2", nb, X, [2])
pd("nb/f0f1", nb, X, [0, 1], grid_resolution=10)
logb = LogisticRegression().fit(X, yb)
pd("logb/f3", logb, X, [3])
pd("logb/f3_dec", logb, X, [3], response_method="decision_function")

r = permutation_importance(lr, Xd, yd, n_repeats=200, random_state=0)
out["pi/lr/mean"] = r["importances_mean"].tolist()
out["pi/lr/std"] = r["importances_std"].tolist()
r = permutation_importance(nb, X, y, n_repeats=200, random_state=0)
out["pi/nb/mean"] = r["importances_mean"].tolist()

with open("testdata/inspection_sklearn.json", "w") as f:
    json.dump(out, f)
print(len(out), "keys")
