"""Goldens for estimator/cluster against scikit-learn 1.2.1.

Run with /usr/bin/python3 gen_sklearn.py (writes sklearn.json here). Every case uses
explicit initial centres (init=ndarray, n_init=1), so Lloyd's iterations are
deterministic and comparable; k-means++ draws from numpy's RNG and is compared by
quality only (best inertia over n_init=10).
"""
import json

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris

X = load_iris().data
n = X.shape[0]
w = np.array([1.0 + (i % 4) for i in range(n)])
w[::7] = 0.0

cases = [
    dict(name="iris k3 rows 0,50,100", init=X[[0, 50, 100]], weights=None, tol=1e-4, max_iter=300),
    dict(name="iris k3 setosa rows", init=X[[0, 1, 2]], weights=None, tol=1e-4, max_iter=300),
    dict(name="iris k5 rows", init=X[[3, 60, 70, 110, 140]], weights=None, tol=1e-4, max_iter=300),
    dict(name="iris k4 max_iter 2", init=X[[0, 1, 2, 3]], weights=None, tol=1e-4, max_iter=2),
    dict(name="iris k3 loose tol", init=X[[0, 1, 2]], weights=None, tol=0.05, max_iter=300),
    dict(name="iris k4 far centre (empty cluster)", init=np.vstack([X[[0, 50, 100]], [[100.0, 100.0, 100.0, 100.0]]]),
         weights=None, tol=1e-4, max_iter=300),
    dict(name="iris k3 weighted", init=X[[0, 1, 2]], weights=w, tol=1e-4, max_iter=300),
    dict(name="iris k6 weighted", init=X[[5, 25, 55, 75, 105, 125]], weights=w, tol=1e-4, max_iter=300),
]

out = {"sklearn_version": sklearn.__version__, "X": X.tolist(), "cases": []}
for c, algorithm in [(c, a) for a in ("lloyd", "elkan") for c in cases]:
    km = KMeans(n_clusters=c["init"].shape[0], init=c["init"], n_init=1, tol=c["tol"],
                max_iter=c["max_iter"], algorithm=algorithm)
    km.fit(X, sample_weight=c["weights"])
    out["cases"].append({
        "name": c["name"] + " " + algorithm,
        "algorithm": algorithm,
        "init": c["init"].tolist(),
        "weights": None if c["weights"] is None else c["weights"].tolist(),
        "tol": c["tol"],
        "max_iter": c["max_iter"],
        "cluster_centers": km.cluster_centers_.tolist(),
        "labels": km.labels_.tolist(),
        "inertia": float(km.inertia_),
        "n_iter": int(km.n_iter_),
        "transform": km.transform(X).tolist(),
        "predict": km.predict(X).tolist(),
    })

best = {}
for k in (3, 5, 8):
    km = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(X)
    best[str(k)] = float(km.inertia_)
out["kmeanspp_best_inertia"] = best

with open("sklearn.json", "w") as f:
    json.dump(out, f, indent=1)
