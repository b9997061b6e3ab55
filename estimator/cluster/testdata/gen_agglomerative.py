"""AgglomerativeClustering goldens against scikit-learn 1.2.1 (scipy 1.10.1).

Run with /usr/bin/python3 gen_agglomerative.py (writes agglomerative_sklearn.json
here). The tree is deterministic: children_, distances_ and labels_ must match.
"""
import json

import numpy as np
import sklearn
from sklearn.cluster import AgglomerativeClustering
from sklearn.datasets import load_iris, make_blobs

iris = load_iris().data
blobs, _ = make_blobs(n_samples=120, centers=5, cluster_std=1.0, random_state=2)
datasets = {"iris": iris, "blobs": blobs}
cases = []
for data in ("iris", "blobs"):
    for linkage in ("ward", "complete", "average", "single"):
        for k in (2, 3, 5):
            cases.append(dict(data=data, linkage=linkage, metric="euclidean", n_clusters=k))
        cases.append(dict(data=data, linkage=linkage, metric="euclidean", distance_threshold=2.0))
    for linkage in ("complete", "average", "single"):
        for metric in ("manhattan", "cosine", "chebyshev", "l1", "l2"):
            cases.append(dict(data=data, linkage=linkage, metric=metric, n_clusters=4))
cases.append(dict(data="iris", linkage="ward", metric="euclidean", n_clusters=150))
cases.append(dict(data="blobs", linkage="average", metric="cosine", distance_threshold=0.05))

out = {"sklearn_version": sklearn.__version__, "data": {k: v.tolist() for k, v in datasets.items()}, "cases": []}
for c in cases:
    X = datasets[c["data"]]
    m = AgglomerativeClustering(n_clusters=c.get("n_clusters"), distance_threshold=c.get("distance_threshold"),
                                linkage=c["linkage"], metric=c["metric"], compute_distances=True)
    m.fit(X)
    c = dict(c)
    c.update(labels=m.labels_.tolist(), children=m.children_.tolist(), distances=m.distances_.tolist(),
             n_clusters_=int(m.n_clusters_))
    out["cases"].append(c)
with open("agglomerative_sklearn.json", "w") as f:
    json.dump(out, f)
print(len(cases), "cases")
