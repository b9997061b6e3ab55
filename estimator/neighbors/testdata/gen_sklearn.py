#!/usr/bin/python3
"""Goldens for estimator/neighbors, from scikit-learn 1.2.1.

Run by hand: cd estimator/neighbors && /usr/bin/python3 testdata/gen_sklearn.py
The data sets are stored in the JSON next to the results: iris (scikit-learn's
bundled copy) and make_regression(n_samples=80, n_features=4, noise=5,
random_state=0). Queries are the training rows themselves (passed explicitly, so a
row is its own first neighbour) and, for the regression set, 20 fresh rows.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_iris, make_regression
from sklearn.neighbors import (KNeighborsClassifier, KNeighborsRegressor, NearestNeighbors,
                               RadiusNeighborsClassifier, RadiusNeighborsRegressor)

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {}
iris = load_iris()
X, y = iris.data, iris.target.astype(float)
out["iris/X"] = X.tolist()
out["iris/y"] = y.tolist()

rX, ry = make_regression(n_samples=80, n_features=4, noise=5.0, random_state=0)
rng = np.random.RandomState(1)
rQ = rng.normal(size=(20, 4))
out["reg/X"] = rX.tolist()
out["reg/y"] = ry.tolist()
out["reg/Q"] = rQ.tolist()

metrics = {
    "minkowski": dict(metric="minkowski"),
    "euclidean": dict(metric="euclidean"),
    "manhattan": dict(metric="manhattan"),
    "chebyshev": dict(metric="chebyshev"),
    "p=3": dict(metric="minkowski", p=3),
    "p=1.5": dict(metric="minkowski", p=1.5),
}

for mname, kw in metrics.items():
    for weights in ["uniform", "distance"]:
        for k in [1, 5, 10]:
            key = "clf/%s/%s/%d/" % (mname, weights, k)
            m = KNeighborsClassifier(n_neighbors=k, weights=weights, algorithm="brute", **kw).fit(X, y)
            out[key + "predict"] = m.predict(X).tolist()
            out[key + "proba"] = m.predict_proba(X).tolist()
            key = "reg/%s/%s/%d/" % (mname, weights, k)
            m = KNeighborsRegressor(n_neighbors=k, weights=weights, algorithm="brute", **kw).fit(rX, ry)
            out[key + "predict_train"] = m.predict(rX).tolist()
            out[key + "predict"] = m.predict(rQ).tolist()
    nn = NearestNeighbors(n_neighbors=7, algorithm="brute", **kw).fit(rX)
    d, i = nn.kneighbors(rQ)
    out["nn/%s/dist" % mname] = d.tolist()
    out["nn/%s/idx" % mname] = i.tolist()
    d, i = nn.kneighbors(rX)
    out["nn/%s/dist_train" % mname] = d.tolist()
    out["nn/%s/idx_train" % mname] = i.tolist()
    nn = NearestNeighbors(n_neighbors=7, algorithm="brute", **kw).fit(X)
    d, i = nn.kneighbors(X)
    out["nniris/%s/dist" % mname] = d.tolist()
    out["nniris/%s/idx" % mname] = i.tolist()
    nn = NearestNeighbors(radius=2.5, algorithm="brute", **kw).fit(rX)
    d, i = nn.radius_neighbors(rQ, sort_results=True)
    out["rad/%s/dist" % mname] = [a.tolist() for a in d]
    out["rad/%s/idx" % mname] = [a.tolist() for a in i]

# Radius models: radii chosen off iris's grid of distances sqrt(k)/10 so that no
# distance ties with the radius. The iris queries add one far point (an outlier).
iQ = np.vstack([X, [[20.0, 20.0, 20.0, 20.0]]])
out["iris/Q"] = iQ.tolist()
for mname, kw in metrics.items():
    for weights in ["uniform", "distance"]:
        for r in [0.55, 1.05]:
            key = "rclf/%s/%s/%g/" % (mname, weights, r)
            m = RadiusNeighborsClassifier(radius=r, weights=weights, algorithm="brute", **kw).fit(X, y)
            out[key + "predict"] = m.predict(X).tolist()
            out[key + "proba"] = m.predict_proba(X).tolist()
            for label in [1, -1]:
                m = RadiusNeighborsClassifier(radius=r, weights=weights, algorithm="brute",
                                              outlier_label=label, **kw).fit(X, y)
                out[key + "outlier=%g/predict" % label] = m.predict(iQ).tolist()
                out[key + "outlier=%g/proba" % label] = m.predict_proba(iQ).tolist()
        key = "rreg/%s/%s/" % (mname, weights)
        m = RadiusNeighborsRegressor(radius=3.0, weights=weights, algorithm="brute", **kw).fit(rX, ry)
        out[key + "predict_train"] = m.predict(rX).tolist()
        out[key + "predict"] = m.predict(rQ).tolist()
        assert not np.isnan(out[key + "predict"]).any(), key

with open("testdata/sklearn.json", "w") as f:
    json.dump(out, f)
