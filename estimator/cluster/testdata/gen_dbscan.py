"""DBSCAN goldens against scikit-learn 1.2.1.

Run with /usr/bin/python3 gen_dbscan.py (writes dbscan_sklearn.json here). DBSCAN is
deterministic, so labels and core samples must match exactly.
"""
import json

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN
from sklearn.datasets import load_iris, make_blobs, make_moons

iris = load_iris().data
blobs, _ = make_blobs(n_samples=300, centers=4, cluster_std=0.8, random_state=0)
moons, _ = make_moons(n_samples=300, noise=0.08, random_state=1)
rng = np.random.RandomState(3)
w = rng.randint(0, 4, size=300).astype(float)

datasets = {"iris": iris, "blobs": blobs, "moons": moons}
cases = [
    dict(data="iris", eps=0.5, min_samples=5),
    dict(data="iris", eps=0.4, min_samples=4),
    dict(data="iris", eps=0.8, min_samples=10, metric="manhattan"),
    dict(data="iris", eps=0.3, min_samples=3, metric="chebyshev"),
    dict(data="iris", eps=0.6, min_samples=5, metric="minkowski", p=3),
    dict(data="blobs", eps=0.5, min_samples=5),
    dict(data="blobs", eps=0.3, min_samples=8),
    dict(data="blobs", eps=0.5, min_samples=6, weights=True),
    dict(data="moons", eps=0.15, min_samples=5),
    dict(data="moons", eps=0.1, min_samples=4),
    dict(data="moons", eps=0.2, min_samples=12, weights=True),
]
out = {"sklearn_version": sklearn.__version__, "data": {k: v.tolist() for k, v in datasets.items()},
       "weights": w.tolist(), "cases": []}
for c in cases:
    X = datasets[c["data"]]
    sw = w[: len(X)] if c.get("weights") else None
    m = DBSCAN(eps=c["eps"], min_samples=c["min_samples"], metric=c.get("metric", "euclidean"), p=c.get("p"))
    m.fit(X, sample_weight=sw)
    c = dict(c)
    c.update(labels=m.labels_.tolist(), core=m.core_sample_indices_.tolist())
    out["cases"].append(c)
    print(c["data"], c["eps"], c["min_samples"], "clusters", m.labels_.max() + 1, "noise", int((m.labels_ == -1).sum()))
with open("dbscan_sklearn.json", "w") as f:
    json.dump(out, f)
