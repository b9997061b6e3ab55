"""MiniBatchKMeans quality references from scikit-learn 1.2.1.

Run with /usr/bin/python3 gen_minibatch.py (writes minibatch_sklearn.json here).
MiniBatchKMeans draws its batches from numpy's RNG, which skgo does not reproduce, so
the test compares inertia: the median over seeds 0..9 of the default model
(n_init=3, batch_size=1024, max_iter=100) on blobs (2000×5, 6 centres) and on digits
(load_digits, the rows of datasets.Digits), with KMeans(n_init=10)'s best for scale.
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import load_digits, make_blobs

warnings.simplefilter("ignore")
blobs, _ = make_blobs(n_samples=2000, centers=6, n_features=5, cluster_std=1.5, random_state=4)
blobs = np.round(blobs, 6)
digits = load_digits().data
out = {"sklearn_version": sklearn.__version__, "blobs": blobs.tolist(), "cases": []}
for name, X, k in (("blobs", blobs, 6), ("digits", digits, 10), ("digits", digits, 4)):
    for batch in (1024, 256):
        inert = [float(MiniBatchKMeans(n_clusters=k, batch_size=batch, random_state=s).fit(X).inertia_) for s in range(10)]
        km = float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_)
        out["cases"].append({"data": name, "k": k, "batch_size": batch, "inertia": inert,
                             "median": float(np.median(inert)), "kmeans_best": km})
        print(name, k, batch, np.median(inert), km)
with open("minibatch_sklearn.json", "w") as f:
    json.dump(out, f)
